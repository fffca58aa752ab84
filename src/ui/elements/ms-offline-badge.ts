/** The header's "Offline" badge, shown while the browser has no network. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { OnlineController } from '../pwa/online-controller.ts';
import { strings as s } from '../strings.ts';
import { utilityStyles } from '../styles/shared.ts';

/** A live region named "Connection" that reads "Offline" while `navigator.onLine` is false. */
@customElement('ms-offline-badge')
@localized()
export class MsOfflineBadge extends LitElement {
  static override styles = [
    utilityStyles,
    css`
      :host {
        display: contents;
      }
      .offline {
        display: inline-flex;
        align-items: center;
        gap: var(--ms-space-2);
        min-height: 32px;
        padding: 0 var(--ms-space-3);
        border: 1px solid var(--ms-border);
        border-radius: var(--ms-radius-pill);
        background: var(--ms-warning-soft);
        color: var(--ms-text);
        font-size: var(--ms-text-s);
        font-weight: 600;
        white-space: nowrap;
      }
      svg {
        width: 16px;
        height: 16px;
        fill: none;
        stroke: currentColor;
        stroke-width: 2;
        stroke-linecap: round;
      }
    `,
  ];

  private readonly connection = new OnlineController(this);

  override render() {
    // The live region stays in place, so screen readers announce "Offline" when it appears.
    return html`<span role="status" aria-label=${s.connectionLabel}>
      ${
        this.connection.online
          ? nothing
          : html`<span class="offline" title=${s.offlineHint}>
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path
                  d="M2 8.5a15 15 0 0 1 5-3M22 8.5A15 15 0 0 0 11 4.6M5.5 12.3a10 10 0 0 1 3-2"
                />
                <path d="M18.5 12.3a10 10 0 0 0-4.3-2.4M8.8 16a5 5 0 0 1 6.4 0M12 20h0M3 3l18 18" />
              </svg>
              ${s.offlineBadge}<span class="visually-hidden">: ${s.offlineHint}</span>
            </span>`
      }
    </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-offline-badge': MsOfflineBadge;
  }
}
