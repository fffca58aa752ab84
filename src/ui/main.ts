/**
 * The page's entry: global styles and tokens; the listener for the browser's install offer
 * (which may come before anything renders); then the UI's language, so the first render is
 * already in it; then `<ms-app>` and everything it uses.
 */
import './styles/tokens.css';
import './styles/global.css';
import './pwa/install-controller.ts';
import { startLocale } from './locale.ts';

await startLocale();
await import('./elements/ms-app.ts');
