/** The header's language switch: English or 中文, each named in itself; the choice is kept. */
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { activeLocale, isLocale, LOCALE_NAMES, LOCALES, switchLocale } from '../locale.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** A labelled select of the UI's languages; changing it re-renders the whole app in the other. */
@customElement('ms-language-switch')
@localized()
export class MsLanguageSwitch extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-flex;
      }
      label {
        position: relative;
        display: inline-flex;
        align-items: center;
      }
      svg {
        position: absolute;
        inset-inline-start: var(--ms-space-3);
        width: 18px;
        height: 18px;
        fill: none;
        stroke: currentColor;
        stroke-width: 1.8;
        pointer-events: none;
      }
      select {
        width: auto;
        padding-inline-start: calc(var(--ms-space-3) + 24px);
        border-radius: var(--ms-radius-pill);
        background: var(--ms-surface);
        font-size: var(--ms-text-s);
        font-weight: 600;
        cursor: pointer;
      }
    `,
  ];

  override render() {
    const current = activeLocale();
    return html`<label>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="9" />
        <path
          d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z"
        />
      </svg>
      <select aria-label=${s.languageLabel} @change=${this.handleChange}>
        ${LOCALES.map(
          (locale) =>
            html`<option value=${locale} lang=${locale} ?selected=${locale === current}>
              ${LOCALE_NAMES[locale]}
            </option>`,
        )}
      </select>
    </label>`;
  }

  private async handleChange(event: Event): Promise<void> {
    const value = (event.target as HTMLSelectElement).value;
    if (isLocale(value)) await switchLocale(value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-language-switch': MsLanguageSwitch;
  }
}
