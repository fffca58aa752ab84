/** The test-results card: accuracy and loss, per-digit accuracy, confusion matrix, examples. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { Evaluation, StepProgress } from '../../shared/protocol.ts';
import { lowestDigit, rightCount } from '../confusion.ts';
import { cssProps } from '../css-props.ts';
import { emit } from '../events.ts';
import { formatPercent } from '../format.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles, utilityStyles } from '../styles/shared.ts';
import './ms-confusion-matrix.ts';
import './ms-digit-grid.ts';

/** Shows `evaluation`; sends `ms-evaluate` to test the current model again. */
@customElement('ms-evaluation')
@localized()
export class MsEvaluation extends LitElement {
  static override styles = [
    cardStyles,
    controlStyles,
    utilityStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        justify-content: space-between;
        gap: var(--ms-space-3);
      }
      .head .intro {
        margin-bottom: 0;
      }
      .progress {
        margin-top: var(--ms-space-4);
        font-size: var(--ms-text-s);
      }
      .progress p {
        margin: var(--ms-space-1) 0 0;
      }
      .headline {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: var(--ms-space-2) var(--ms-space-5);
        margin: var(--ms-space-4) 0 0;
        font-variant-numeric: tabular-nums;
      }
      .headline p {
        margin: 0;
      }
      .accuracy {
        font-size: clamp(var(--ms-text-l), 5vw, var(--ms-text-xl));
        font-weight: 800;
        letter-spacing: -0.02em;
      }
      .loss {
        font-size: var(--ms-text-l);
        font-weight: 600;
      }
      .empty {
        margin: var(--ms-space-4) 0 0;
      }
      :host {
        container-type: inline-size;
      }
      .details {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0 var(--ms-space-6);
      }
      @container (min-width: 760px) {
        .details {
          grid-template-columns: minmax(0, 2fr) minmax(0, 3fr);
        }
      }
      .digits {
        display: grid;
        gap: 6px;
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: var(--ms-text-s);
        font-variant-numeric: tabular-nums;
      }
      .digits li {
        display: grid;
        grid-template-columns: 1.5em minmax(0, 1fr) 4.5em 4.5em;
        align-items: center;
        gap: var(--ms-space-2);
      }
      .digit {
        font-weight: 700;
        text-align: center;
      }
      .bar {
        height: 12px;
        border-radius: var(--ms-radius-pill);
        background: var(--ms-surface-2);
        overflow: hidden;
      }
      .bar span {
        display: block;
        height: 100%;
        background: var(--ms-accent);
      }
      .lowest .bar span {
        background: var(--ms-danger);
      }
      .value {
        text-align: end;
      }
      ms-digit-grid {
        margin-top: var(--ms-space-5);
      }
    `,
  ];

  /** The latest test-set evaluation. */
  @property({ attribute: false }) evaluation?: Evaluation;
  /** Whether there is a model to evaluate and the worker is free. */
  @property({ type: Boolean }) canEvaluate = false;
  /** Whether an evaluation is running. */
  @property({ type: Boolean }) evaluating = false;
  /** The running evaluation's progress. */
  @property({ attribute: false }) progress?: StepProgress;

  /**
   * The evaluation whose details (per-digit bars, confusion matrix, images) are in the page.
   * They follow the headline one frame later: the whole card made in one frame held the main
   * thread for 40–60 ms on a 2-core machine, long enough to miss frames.
   */
  @state() private detailed?: Evaluation;
  /** The frame request that brings the details in. */
  private detailing = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.followWithDetails();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.detailing);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('evaluation')) this.followWithDetails();
  }

  private followWithDetails(): void {
    cancelAnimationFrame(this.detailing);
    if (!this.evaluation) this.detailed = undefined;
    else if (this.evaluation !== this.detailed) {
      this.detailing = requestAnimationFrame(() => (this.detailed = this.evaluation));
    }
  }

  override render() {
    const e = this.evaluation;
    return html`<section aria-labelledby="title">
      <div class="head">
        <div>
          <h2 id="title">${s.evaluationTitle}</h2>
          <p class="intro">${s.evaluationIntro}</p>
        </div>
        <button
          type="button"
          ?disabled=${!this.canEvaluate || this.evaluating}
          title=${this.canEvaluate ? nothing : s.evaluateNeedsModel}
          @click=${this.handleEvaluate}
        >
          ${s.evaluate}
        </button>
      </div>
      ${this.evaluating ? this.renderProgress() : nothing}
      <div class="headline" role="status">
        ${
          e
            ? html`<p class="accuracy">${s.testAccuracy(e.accuracy)}</p>
                <p class="loss">${s.testLoss(e.loss)}</p>
                <p class="muted">${s.testCount(e.count, e.count - rightCount(e.confusion))}</p>`
            : nothing
        }
      </div>
      ${
        e
          ? this.detailed
            ? this.renderDetails(this.detailed)
            : nothing
          : html`<p class="empty muted">${s.evaluationEmpty}</p>`
      }
    </section>`;
  }

  private renderProgress() {
    const p = this.progress;
    return html`<div class="progress">
      <progress
        aria-label=${s.evaluationProgressLabel}
        max=${p?.total || 1}
        .value=${p?.done ?? 0}
      ></progress>
      ${p ? html`<p>${s.evaluationProgress(p.done, p.total)}</p>` : nothing}
      <button
        type="button"
        aria-label=${s.cancelEvaluation}
        @click=${() => emit(this, 'ms-cancel-evaluate')}
      >
        ${s.cancel}
      </button>
    </div>`;
  }

  private renderDetails(e: Evaluation) {
    const lowest = lowestDigit(e.perDigit);
    return html`
      <div class="details">
        <section>
          <h3>${s.perDigitTitle}</h3>
          <ul class="digits">
            ${e.perDigit.map(
              (accuracy, digit) =>
                html`<li class=${digit === lowest ? 'lowest' : ''}>
                  <span class="digit"
                    ><span class="visually-hidden">${s.perDigitRow(digit)}</span
                    ><span aria-hidden="true">${digit}</span></span
                  >
                  <span class="bar" aria-hidden="true"
                    ><span ${cssProps({ width: `${accuracy * 100}%` })}></span
                  ></span>
                  <span class="value">${formatPercent(accuracy)}</span>
                  <span>
                    ${
                      digit === lowest
                        ? html`<span class="badge">${s.perDigitLowest}</span>`
                        : nothing
                    }
                  </span>
                </li>`,
            )}
          </ul>
        </section>
        <section>
          <h3>${s.confusionTitle}</h3>
          <ms-confusion-matrix .confusion=${e.confusion}></ms-confusion-matrix>
        </section>
      </div>
      <ms-digit-grid .examples=${e.examples} .mistakes=${e.mistakes}></ms-digit-grid>
    `;
  }

  private handleEvaluate(): void {
    emit(this, 'ms-evaluate');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-evaluation': MsEvaluation;
  }
  interface GlobalEventHandlersEventMap {
    /** Asks the app to evaluate the current model on the test set again. */
    'ms-evaluate': CustomEvent<undefined>;
    /** Asks the app to cancel the evaluation in progress. */
    'ms-cancel-evaluate': CustomEvent<undefined>;
  }
}
