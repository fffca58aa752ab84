/** The one place messages appear: errors (announced at once) and notes, each dismissible. */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { repeat } from 'lit/directives/repeat.js';
import { emit } from '../events.ts';
import type { Notice } from '../notices.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';

/** Shows `notices`; asks the app to remove one with `ms-dismiss-notice`. */
@customElement('ms-notifier')
@localized()
export class MsNotifier extends LitElement {
  static override styles = [
    controlStyles,
    utilityStyles,
    css`
      :host {
        position: fixed;
        inset: auto var(--ms-space-4) var(--ms-space-4) auto;
        z-index: 10;
        width: min(420px, calc(100vw - 2 * var(--ms-space-4)));
        pointer-events: none;
      }
      .list {
        display: flex;
        flex-direction: column;
        gap: var(--ms-space-2);
      }
      .notice {
        display: flex;
        align-items: flex-start;
        gap: var(--ms-space-3);
        padding: var(--ms-space-2) var(--ms-space-2) var(--ms-space-2) var(--ms-space-4);
        border: 1px solid var(--ms-border);
        border-inline-start: 6px solid var(--ms-accent);
        border-radius: var(--ms-radius-m);
        background: var(--ms-surface);
        box-shadow: var(--ms-shadow-raised);
        pointer-events: auto;
      }
      .notice.error {
        border-inline-start-color: var(--ms-danger);
        background: var(--ms-danger-soft);
      }
      .kind {
        font-weight: 700;
      }
      p {
        flex: 1;
        margin: 0;
        padding: var(--ms-space-2) 0;
        font-size: var(--ms-text-s);
      }
      button {
        flex: none;
        padding: 0;
        border-color: transparent;
        background: transparent;
        font-size: var(--ms-text-l);
        line-height: 1;
      }
    `,
  ];

  /** The messages to show, oldest first. */
  @property({ attribute: false }) notices: readonly Notice[] = [];

  override render() {
    return html`<div class="list" aria-live="polite" aria-relevant="additions">
      ${repeat(
        this.notices,
        (notice) => notice.id,
        (notice) =>
          html`<div
            class="notice ${notice.kind}"
            role=${notice.kind === 'error' ? 'alert' : 'status'}
            @keydown=${(event: KeyboardEvent) => this.handleKeydown(event, notice.id)}
          >
            <p id="notice-${notice.id}">
              <span class="kind">${notice.kind === 'error' ? s.noticeError : s.noticeInfo}</span>
              ${notice.text()}
            </p>
            <button
              type="button"
              aria-label=${s.dismiss}
              aria-describedby="notice-${notice.id}"
              title=${s.dismiss}
              @click=${() => this.handleDismiss(notice.id)}
            >
              <span aria-hidden="true">×</span>
            </button>
          </div>`,
      )}
    </div>`;
  }

  private async handleDismiss(id: number): Promise<void> {
    const hadFocus = this.shadowRoot?.activeElement != null;
    emit(this, 'ms-dismiss-notice', id);
    if (!hadFocus) return;
    // Keep keyboard users inside the messages instead of dropping focus to the page's start.
    await this.updateComplete;
    this.renderRoot.querySelector('button')?.focus();
  }

  private handleKeydown(event: KeyboardEvent, id: number): void {
    if (event.key === 'Escape') void this.handleDismiss(id);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-notifier': MsNotifier;
  }
  interface GlobalEventHandlersEventMap {
    /** Asks the app to remove the notice with this id. */
    'ms-dismiss-notice': CustomEvent<number>;
  }
}
