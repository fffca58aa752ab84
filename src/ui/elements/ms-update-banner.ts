/**
 * "Update available — Reload": shown when a new version of the app is installed and waiting.
 * It never reloads by itself, and while training runs its Reload button waits (a reload would
 * end the run).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { UpdateController } from '../pwa/update-controller.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** Registers the service worker and offers its updates; `training` holds the Reload back. */
@customElement('ms-update-banner')
@localized()
export class MsUpdateBanner extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .banner {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--ms-space-2) var(--ms-space-4);
        margin-top: var(--ms-space-4);
        padding: var(--ms-space-3) var(--ms-space-4);
        border: 1px solid var(--ms-accent);
        border-radius: var(--ms-radius-l);
        background: var(--ms-accent-soft);
        color: var(--ms-text);
      }
      .text {
        flex: 1 1 240px;
        margin: 0;
      }
      .why {
        display: block;
        color: var(--ms-text-muted);
        font-size: var(--ms-text-s);
      }
    `,
  ];

  /** Whether a training run is in progress (paused included): Reload waits until it ends. */
  @property({ type: Boolean }) training = false;

  private readonly updates = new UpdateController(this);

  override render() {
    const { waiting, applying } = this.updates;
    // The live region is always there, so its content is announced when an update arrives.
    return html`<div role="status">
      ${
        waiting
          ? html`<div class="banner">
              <p class="text">
                <strong>${s.updateAvailable}</strong> — ${s.updateDetail}
                ${
                  this.training
                    ? html`<span class="why" id="why">${s.updateWaitsForTraining}</span>`
                    : nothing
                }
              </p>
              <button
                type="button"
                class="primary"
                ?disabled=${this.training || applying}
                aria-describedby=${this.training ? 'why' : nothing}
                @click=${this.handleReload}
              >
                ${applying ? s.updateReloading : s.updateReload}
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }

  private handleReload(): void {
    if (!this.training) void this.updates.apply();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-update-banner': MsUpdateBanner;
  }
}
