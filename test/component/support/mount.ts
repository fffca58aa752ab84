/**
 * Puts one element on the test page, with its properties set and its first render done, and
 * takes it away after the test. `provider` gives it `@lit/context` values as `<ms-app>` would,
 * e.g. a fake worker client for `<ms-predict-panel>`:
 *
 *   const client = { api: { predict, predictionModel } } as unknown as WorkerClient;
 *   const panel = await mount('ms-predict-panel', {}, provider(workerClientContext, client));
 */
import type { LitElement } from 'lit';
import { ContextProvider, type Context } from '@lit/context';
import { afterEach } from 'vitest';

const mounted: Element[] = [];

afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

/** Creates `tag` with `props`, attaches it (inside `parent` if given) and waits for its render. */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  parent?: HTMLElement,
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  Object.assign(element, props);
  (parent ?? document.body).append(element);
  if (!parent) mounted.push(element);
  await (element as unknown as LitElement).updateComplete;
  return element;
}

/** A `<div>` on the page that provides `value` under `context` to the elements mounted in it. */
export function provider<T>(context: Context<unknown, T>, value: T): HTMLElement {
  const host = document.createElement('div');
  new ContextProvider(host, { context, initialValue: value });
  document.body.append(host);
  mounted.push(host);
  return host;
}

/** Records every call of a function the element is given, with its arguments. */
export function recorder<A extends unknown[], R>(answer: (...args: A) => R) {
  const calls: A[] = [];
  const fn = (...args: A): R => {
    calls.push(args);
    return answer(...args);
  };
  return { fn, calls };
}

/** Waits until `check` holds (polling each frame), or fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Waits `ms` of page time. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The element with focus, looking inside shadow roots (`document.activeElement` stops at hosts). */
export function focused(): Element | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element;
}
