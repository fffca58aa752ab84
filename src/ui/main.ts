/** The page's entry: global styles and tokens, then `<ms-app>` and everything it uses. */
import './styles/tokens.css';
import './styles/global.css';
import './elements/ms-app.ts';
