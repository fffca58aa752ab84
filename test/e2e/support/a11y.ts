/**
 * Probes of what a person who cannot see the screen, cannot use a mouse, or holds a phone meets:
 * axe-core's rules, the focused control and its focus ring, horizontal overflow, touch targets.
 * Every probe looks through the elements' (open) shadow roots.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** One axe violation, in words a failing test can show. */
export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the whole page and returns its serious and critical violations. The page
 * must come from a context with `bypassCSP: true`: the app's policy refuses injected scripts.
 * The viewport is made as tall as the page first, so the contrast of every text is measured
 * (axe cannot tell the background of what is off screen).
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (viewport) await page.setViewportSize({ width: viewport.width, height });
  try {
    if (!(await page.evaluate(() => 'axe' in window)))
      await page.addScriptTag({ content: axeSource });
    return await page.evaluate(async () => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({
          id: v.id,
          impact: v.impact ?? '',
          help: v.help,
          nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
        }));
    });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

/** The violations as a readable report for a failing assertion. */
export function describeViolations(where: string, violations: Violation[]): string {
  return violations
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes.join('\n  ')}`)
    .join('\n');
}

/** What has the keyboard focus, seen through shadow roots. */
export interface FocusedControl {
  tag: string;
  /** Its accessible name as the tests read it: aria-label, label, or text. */
  name: string;
  /** Whether a focus ring is drawn: an outline of at least 2 px, or a box shadow. */
  ring: boolean;
  /** Whether it is on screen (the page scrolled it into view). */
  onScreen: boolean;
}

/** The focused control (the deepest `activeElement`), or `undefined` when nothing is focused. */
export function focusedControl(page: Page): Promise<FocusedControl | undefined> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return undefined;
    const style = getComputedStyle(element);
    const labels = (element as HTMLInputElement).labels;
    const name =
      element.getAttribute('aria-label') ??
      (labels && labels.length ? (labels[0].textContent ?? '') : (element.textContent ?? ''));
    const box = element.getBoundingClientRect();
    return {
      tag: element.tagName.toLowerCase(),
      name: name.replace(/\s+/g, ' ').trim(),
      ring:
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
        style.boxShadow !== 'none',
      onScreen: box.bottom > 0 && box.top < innerHeight && box.width > 0,
    };
  });
}

/**
 * Elements that stick out of the viewport sideways (and are not inside a box that clips or
 * scrolls them), as "tag.class (left–right)".
 */
export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      offenders.push(`page: scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
    }
    const parentOf = (e: Element): Element | null =>
      e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null);
    const clipped = (e: Element): boolean => {
      for (let p = parentOf(e); p; p = parentOf(p)) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const visit = (root: Document | ShadowRoot) => {
      for (const e of root.querySelectorAll('*')) {
        if (e.shadowRoot) visit(e.shadowRoot);
        const box = e.getBoundingClientRect();
        if (box.width === 0 || (box.right <= width + 1 && box.left >= -1)) continue;
        if (!clipped(e)) {
          offenders.push(`${e.tagName.toLowerCase()}.${e.className} (${box.left}–${box.right})`);
        }
      }
    };
    visit(document);
    return offenders;
  });
}

/**
 * Controls a finger cannot hit reliably: visible buttons, selects, inputs and tabs smaller than
 * `min` px either way (a checkbox counts with its label, which toggles it too).
 */
export function smallTouchTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((min) => {
    const small: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const e of root.querySelectorAll('*')) {
        if (e.shadowRoot) visit(e.shadowRoot);
        if (!e.matches('button, select, input, [role="tab"], a[href]')) continue;
        const target =
          e.matches('input[type="checkbox"], input[type="radio"]') && e.closest('label')
            ? e.closest('label')!
            : e;
        const box = target.getBoundingClientRect();
        const style = getComputedStyle(e);
        if (box.width <= 1 || style.visibility === 'hidden') continue;
        if (box.width < min - 0.5 || box.height < min - 0.5) {
          const name = (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40);
          small.push(`${e.tagName.toLowerCase()} "${name}" ${box.width}×${box.height}`);
        }
      }
    };
    visit(document);
    return small;
  }, min);
}

/**
 * What the page says: the text of every rendered element (through shadow roots) and every name
 * given only to assistive technology (`aria-label`, `alt`, `title`).
 */
export function pageWords(page: Page): Promise<{ text: string[]; names: string[] }> {
  return page.evaluate(() => {
    const text: string[] = [];
    const names: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const words = node.textContent?.replace(/\s+/g, ' ').trim();
        const parent = node.parentElement;
        if (!words || !parent || parent.closest('style, script, template')) continue;
        // A closed <dialog>, `hidden`, `display: none`: not shown, and not read either.
        if (!parent.checkVisibility()) continue;
        text.push(words);
      }
      for (const e of root.querySelectorAll('*')) {
        if (e.shadowRoot) visit(e.shadowRoot);
        for (const attribute of ['aria-label', 'alt', 'title']) {
          const value = e.getAttribute(attribute);
          if (value) names.push(value);
        }
      }
    };
    visit(document);
    return { text, names };
  });
}
