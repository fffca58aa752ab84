/**
 * The page's entry: global styles and tokens; the listener for the browser's install offer
 * (which may come before anything renders); then the UI's language, so the first render is
 * already in it; then `<ms-app>` and everything it uses. Language tags `Intl` rejects are
 * replaced first, and an error while the app loads shows a message instead of a blank page.
 */
import './styles/tokens.css';
import './styles/global.css';
import './pwa/install-controller.ts';
import { guardLanguageTags, showLoadFailure } from './start-guard.ts';

guardLanguageTags();
try {
  const { startLocale } = await import('./locale.ts');
  await startLocale();
  await import('./elements/ms-app.ts');
} catch (error) {
  showLoadFailure(error);
}
