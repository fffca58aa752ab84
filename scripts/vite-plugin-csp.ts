/**
 * The production page's Content Security Policy, as a `<meta http-equiv>` in the built
 * index.html (a static host may send none of its own). The dev server has none: Vite's client
 * injects inline styles and scripts there.
 *
 * The page may load, fetch and run only what comes from its own origin, and every directive is
 * 'self' or 'none'. Checked in Chromium with the browser tests (test/e2e/security.test.ts, and
 * isolation.test.ts for the threaded WASM build); what needs no other source, and why:
 * - Styles: Lit adopts constructable stylesheets and uPlot sets `element.style` through CSSOM,
 *   which `style-src` does not govern. A `style="…"` attribute is blocked (`style-src-attr`
 *   falls back to `style-src`), so elements use `cssProps` (src/ui/css-props.ts), not `styleMap`.
 * - WebAssembly and pthread workers: TF.js runs in our dedicated worker, which takes its policy
 *   from its own response (CSP3; Chromium, Firefox and WebKit), not from this meta, so compiling
 *   WASM and starting the threaded build's workers from `blob:` URLs need nothing here. A policy
 *   sent as a header for the worker script would need `'wasm-unsafe-eval'` and `worker-src blob:`.
 * - Images: the favicon and manifest icons are our own files; `blob:` is for the preview of an
 *   image the person chose to read (an object URL of their own file, never fetched from afar).
 */
import type { Plugin } from 'vite';

/** Every directive and its sources. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  // The training worker (a module script) and the service worker.
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  // No <base> element: nothing may change how relative URLs resolve.
  'base-uri': ["'none'"],
  // The only forms are `method="dialog"` ones, which close their dialog and submit nowhere.
  'form-action': ["'none'"],
};

/** The policy as the `content` of the meta element. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

const CHARSET = /<meta charset="utf-8" \/>/i;

/** The Vite plugin (build only): puts the policy right after `<meta charset>`. */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'mnist-studio:content-security-policy',
    apply: 'build',
    transformIndexHtml(html) {
      if (!CHARSET.test(html)) {
        throw new Error('index.html has no <meta charset="utf-8" />: the CSP meta goes after it.');
      }
      return html.replace(
        CHARSET,
        (charset) =>
          `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      );
    },
  };
}
