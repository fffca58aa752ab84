/**
 * A row of tabs (WAI-ARIA tabs pattern) for a card: one `role=tablist` of buttons with ids
 * `tab-<key>` controlling `#panel`; Left/Right move and wrap, Home/End jump, the chosen tab takes
 * the focus. The card renders the panel itself.
 */
import { css, html } from 'lit';

export const tabStyles = css`
  [role='tablist'] {
    display: flex;
    gap: var(--ms-space-1);
    margin-bottom: var(--ms-space-4);
    border-bottom: 1px solid var(--ms-border);
    overflow-x: auto;
  }
  [role='tab'] {
    flex: 0 0 auto;
    padding-inline: var(--ms-space-3);
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    background: transparent;
  }
  [role='tab'][aria-selected='true'] {
    border-bottom-color: var(--ms-accent);
    color: var(--ms-accent);
    font-weight: 700;
  }
`;

/** The tab a key moves to from `current`, or undefined for a key tabs do not use. */
export function tabAfterKey<T>(keys: readonly T[], current: T, key: string): T | undefined {
  const index = keys.indexOf(current);
  const n = keys.length;
  if (key === 'ArrowRight') return keys[(index + 1) % n];
  if (key === 'ArrowLeft') return keys[(index + n - 1) % n];
  if (key === 'Home') return keys[0];
  if (key === 'End') return keys[n - 1];
  return undefined;
}

/** The tablist: `names[key]` on each tab, `selected` chosen; `choose` gets the tab picked. */
export function renderTabs<T extends string>(
  label: string,
  keys: readonly T[],
  names: Readonly<Record<T, string>>,
  selected: T,
  choose: (key: T) => void,
) {
  const handleKey = (event: KeyboardEvent) => {
    const next = tabAfterKey(keys, selected, event.key);
    if (!next) return;
    event.preventDefault();
    choose(next);
    // Every tab is always there, so the new one can take the focus now.
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`#tab-${next}`)?.focus();
  };
  return html`<div role="tablist" aria-label=${label} @keydown=${handleKey}>
    ${keys.map(
      (key) =>
        html`<button
          type="button"
          role="tab"
          id="tab-${key}"
          aria-selected=${selected === key}
          aria-controls="panel"
          tabindex=${selected === key ? 0 : -1}
          @click=${() => choose(key)}
        >
          ${names[key]}
        </button>`,
    )}
  </div>`;
}
