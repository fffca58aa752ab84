/**
 * What the cross-engine tests do in the page, as plain script: the drivers (WebDriver BiDi for
 * Firefox, classic W3C WebDriver for WebKitGTK) have no Playwright-style locators, so the steps
 * find elements through the open shadow roots themselves, by the text and accessible names a
 * person sees. Each script is evaluated as given (the drivers' evaluation is not subject to
 * the app's CSP, which refuses `eval`).
 */

/** Defines `globalThis.__ms`: deep queries by visible text and accessible name. */
const HELPERS = String.raw`
if (!globalThis.__ms) {
  const all = () => {
    const out = [];
    const walk = (root) => {
      for (const element of root.querySelectorAll('*')) {
        out.push(element);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    return out;
  };
  const text = (element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim();
  const visible = (element) => element.getClientRects().length > 0;
  const labelOf = (element) => {
    const aria = element.getAttribute('aria-label');
    if (aria) return aria.trim();
    const root = element.getRootNode();
    const label = element.id && root.querySelector?.('label[for="' + element.id + '"]');
    if (label) return text(label);
    const wrapping = element.closest('label');
    return wrapping ? text(wrapping) : text(element);
  };
  globalThis.__ms = {
    all,
    text,
    /** The deepest visible element whose whole text matches the pattern. */
    findText(source) {
      const pattern = new RegExp('^\\s*(' + source + ')\\s*$');
      const hits = all().filter((e) => visible(e) && pattern.test(text(e)));
      return hits.find((e) => !hits.some((other) => other !== e && e.contains(other))) ?? null;
    },
    /** A control (button, select, input, canvas) by its accessible name. */
    control(selector, name) {
      return all().find((e) => e.matches(selector) && visible(e) && labelOf(e) === name) ?? null;
    },
    setValue(element, value) {
      element.value = value;
      element.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      element.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    },
  };
}
`;

/** An async function body (it may use `args` and `__ms`) wrapped with the helpers. */
export function inPage(body: string): string {
  return `${HELPERS}\nreturn (async () => {\n${body}\n})();`;
}

/** The header's backend once the worker is ready ("WASM"), or null. */
export const READ_BACKEND = inPage(String.raw`
  const shown = __ms.findText('(Backend: |计算后端：)(WebGPU|WebGL|WASM|CPU)');
  return shown ? __ms.text(shown).replace(/^.*[:：]\s*/, '') : null;
`);

/** The text of the first element whose whole text matches `args[0]`, or null. */
export const FIND_TEXT = inPage(String.raw`
  const found = __ms.findText(args[0]);
  return found ? __ms.text(found) : null;
`);

/** Clicks the enabled control `args[0]` named `args[1]`; false when there is none yet. */
export const CLICK = inPage(String.raw`
  const control = __ms.control(args[0], args[1]);
  if (!control || control.disabled) return false;
  control.click();
  return true;
`);

/** Whether the control `args[0]` named `args[1]` is there and enabled. */
export const CONTROL_READY = inPage(String.raw`
  const control = __ms.control(args[0], args[1]);
  return Boolean(control && !control.disabled);
`);

/** Sets the control `args[0]` named `args[1]` to `args[2]`; false when it is missing or off. */
export const SET_VALUE = inPage(String.raw`
  const control = __ms.control(args[0], args[1]);
  if (!control || control.disabled) return false;
  __ms.setValue(control, args[2]);
  return true;
`);

/** Sets the "Model" select to the option whose text starts with `args[0]` and a space. */
export const CHOOSE_MODEL = inPage(String.raw`
  const select = __ms.control('select', 'Model');
  const option = select && [...select.options].find((o) => __ms.text(o).startsWith(args[0] + ' '));
  if (!option || select.disabled) return false;
  __ms.setValue(select, option.value);
  return true;
`);

/**
 * Draws a 1 with the drawing pad's keyboard pen (arrow keys move it, Space puts it down and
 * lifts it): a vertical stroke down the middle. The drivers' pointer input differs by engine;
 * the keyboard path is the pad's own and the same everywhere.
 */
export const DRAW_ONE = inPage(String.raw`
  const pad = __ms.control('canvas', 'Drawing pad');
  if (!pad) return false;
  pad.focus();
  const key = (k) => pad.dispatchEvent(
    new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
  for (let i = 0; i < 5; i++) key('ArrowUp');
  key(' ');
  for (let i = 0; i < 10; i++) key('ArrowDown');
  key(' ');
  return true;
`);

/** The names listed under the saved models, as text. */
export const PAGE_TEXT = inPage(String.raw`
  return __ms.all().filter((e) => e.shadowRoot).map((e) => __ms.text(e.shadowRoot)).join(' | ');
`);

/**
 * What the page is saying right now: the text of every visible alert, status line and busy
 * badge (for a step that timed out, so the failure says what the person saw).
 */
export const PAGE_SAYS = inPage(String.raw`
  return __ms.all()
    .filter((e) => e.matches('[role=alert], [role=status], [aria-live], .error, .badge') &&
      e.getClientRects().length > 0 && __ms.text(e) !== '')
    .map((e) => __ms.text(e))
    .filter((said, i, list) => list.indexOf(said) === i);
`);

/** Facts about the page the journey reports: isolation, SharedArrayBuffer, the language. */
export const PAGE_FACTS = inPage(String.raw`
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    language: navigator.language,
    lang: document.documentElement.lang,
    userAgent: navigator.userAgent,
    // The backend panel's note on a step down after a start that hung, if any.
    startMode: __ms.all().find((e) => e.dataset?.startMode)?.dataset.startMode ?? 'threads',
    threads: /WASM threads (\d+)/.exec(__ms.text(__ms.all().find((e) => e.localName === 'ms-backend-panel')?.shadowRoot ?? document.body))?.[1] ?? '?',
    kernelThreads: /Studio kernel threads (\d+)/.exec(__ms.text(__ms.all().find((e) => e.localName === 'ms-backend-panel')?.shadowRoot ?? document.body))?.[1] ?? '?',
  };
`);

/** Opens every closed disclosure (`<details>`, such as Advanced settings); how many it opened. */
export const OPEN_DETAILS = inPage(String.raw`
  const closed = __ms.all().filter((e) => e.localName === 'details' && !e.open);
  for (const details of closed) details.open = true;
  return closed.length;
`);

/** The history's runs as recorded (`tr[data-run]`, newest first). */
export const RUN_RECORDS = inPage(String.raw`
  return __ms.all()
    .filter((e) => e.localName === 'tr' && e.dataset.run)
    .map((e) => JSON.parse(e.dataset.run));
`);

/** Clicks the newest run's Repeat button ("Repeat: train again with…"); false when there is none. */
export const REPEAT_NEWEST = inPage(String.raw`
  const row = __ms.all().find((e) => e.localName === 'tr' && e.dataset.run);
  const button = row && [...row.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? '').startsWith('Repeat:'));
  if (!button || button.disabled) return false;
  button.click();
  return true;
`);

/**
 * Whether a service worker controls the page, after waiting (up to `args[0]` ms) for one to be
 * active: false while there is none yet (the first visit is controlled after a reload).
 */
export const SERVICE_WORKER_CONTROLS = inPage(String.raw`
  if (!('serviceWorker' in navigator)) return 'unsupported';
  const ready = navigator.serviceWorker.ready.then(() => true);
  const late = new Promise((resolve) => setTimeout(() => resolve(false), args[0]));
  if (!(await Promise.race([ready, late]))) return false;
  return navigator.serviceWorker.controller !== null;
`);

/**
 * "Inside the model" on the reading shown (issue 15): opens the view, waits for its layers,
 * follows a conv2d_1 number with the keyboard (map 2, row 12, column 12) and returns what a
 * person reads: each layer's name and shape, the nine products, the bias, the map's value, and
 * the saliency map's share on ink. Null until the view is there.
 */
export const LOOK_INSIDE = inPage(String.raw`
  const frame = () => new Promise((resolve) => setTimeout(resolve, 40));
  const view = () => __ms.all().find((e) => e.localName === 'ms-inside-view');
  const open = () => view()?.shadowRoot?.querySelector('dialog')?.open === true;
  if (!open()) {
    const button = __ms.control('button', 'Inside the model');
    if (!button) return null;
    button.click();
  }
  const layers = () => [...(view()?.shadowRoot?.querySelectorAll('li.layer[data-shape]') ?? [])];
  for (let i = 0; i < 250 && layers().length === 0; i++) await frame();
  if (layers().length === 0) return null;
  const maps = __ms.all().find((e) => e.localName === 'ms-layer-maps' &&
    e.shadowRoot?.querySelector('canvas[data-layer="conv2d_1"]'));
  const canvas = maps.shadowRoot.querySelector('canvas[data-layer="conv2d_1"]');
  canvas.focus();
  const keys = ['PageDown', ...Array(12).fill('ArrowDown'), ...Array(12).fill('ArrowRight')];
  for (const key of keys) {
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
    await frame();
  }
  const follow = __ms.all().find((e) => e.localName === 'ms-follow-number');
  const values = (id) => [...(follow?.shadowRoot?.querySelectorAll('[data-testid="' + id + '"]') ?? [])]
    .map((e) => Number(e.dataset.value));
  const saliency = __ms.all().find((e) => e.localName === 'ms-saliency-view')
    ?.shadowRoot?.querySelector('canvas');
  return {
    layers: layers().map((e) => e.dataset.layer + ' ' + e.dataset.shape),
    at: __ms.text(follow?.shadowRoot?.querySelector('p') ?? document.body).slice(0, 60),
    products: values('product'),
    bias: values('bias')[0],
    mapValue: values('map-value')[0],
    onInk: Number(saliency?.dataset.onInk),
  };
`);

/** Closes the view inside the model; false when it is not open. */
export const CLOSE_INSIDE = inPage(String.raw`
  const dialog = __ms.all().find((e) => e.localName === 'ms-inside-view')?.shadowRoot?.querySelector('dialog');
  if (!dialog?.open) return false;
  dialog.close();
  return true;
`);

/**
 * Chooses a file for My digits' import: `args[0]` (base64 bytes) named `args[1]`, given to the
 * hidden "Digit files to import" input as a picker would (its `files`, then `change`). The
 * drivers cannot reach a native file dialog the same way in both engines; this is the input's
 * own path.
 */
export const CHOOSE_DIGIT_FILE = inPage(String.raw`
  const input = __ms.all().find((e) => e.matches('input[type=file]') &&
    (e.getAttribute('aria-label') ?? '').startsWith('Digit files to import'));
  if (!input || input.disabled) return false;
  const bytes = Uint8Array.from(atob(args[0]), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], args[1], { type: 'image/png' }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  return true;
`);
