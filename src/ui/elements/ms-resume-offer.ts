/** The offer to continue a run that a reload, crash or closed tab interrupted. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { CheckpointInfo } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { formatDateTime } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** Shows `checkpoint`; sends `ms-resume-training` and `ms-discard-checkpoint`. */
@customElement('ms-resume-offer')
@localized()
export class MsResumeOffer extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .offer {
        display: grid;
        gap: var(--ms-space-2);
        margin: 0 0 var(--ms-space-4);
        padding: var(--ms-space-3) var(--ms-space-4);
        border: 1px solid var(--ms-border);
        border-inline-start: 6px solid var(--ms-accent);
        border-radius: var(--ms-radius-m);
        background: var(--ms-surface-2);
      }
      p {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ms-space-2);
      }
    `,
  ];

  /** The unfinished run, if there is one. */
  @property({ attribute: false }) checkpoint?: CheckpointInfo;
  /** True while the buttons cannot be used (another job, or training in another tab). */
  @property({ type: Boolean }) disabled = false;

  override render() {
    const c = this.checkpoint;
    if (!c) return nothing;
    return html`<div class="offer" role="group" aria-labelledby="what">
      <p id="what">
        <strong>${s.resumeTitle}</strong>
        ${s.resumeDetail(c.config.model, c.epochsDone, c.config.epochs, formatDateTime(c.savedAt))}
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          ?disabled=${this.disabled}
          @click=${this.handleResume}
        >
          ${s.resumeTraining}
        </button>
        <button type="button" ?disabled=${this.disabled} @click=${this.handleDiscard}>
          ${s.resumeDiscard}
        </button>
      </div>
    </div>`;
  }

  private handleResume(): void {
    emit(this, 'ms-resume-training');
  }

  private handleDiscard(): void {
    emit(this, 'ms-discard-checkpoint');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-resume-offer': MsResumeOffer;
  }
  interface GlobalEventHandlersEventMap {
    'ms-resume-training': CustomEvent<undefined>;
    'ms-discard-checkpoint': CustomEvent<undefined>;
  }
}
