/**
 * Runs in the test page before each test file: the app's design tokens and page styles, so the
 * elements are laid out as in the app, and Lit's one-line dev-mode notice silenced (the tests
 * run Lit's development build on purpose: it checks more).
 */
import '../../../src/ui/styles/tokens.css';
import '../../../src/ui/styles/global.css';

const warnings = ((globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings ??=
  new Set<string>());
warnings.add('dev-mode');
