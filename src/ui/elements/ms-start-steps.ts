/**
 * The first screen's "Start here": what to do first (download MNIST, train) or instead (read a
 * digit with the starter model), each step ticked off once done.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { formatInteger } from '../format.ts';
import { strings as s } from '../strings.ts';
import { utilityStyles } from '../styles/shared.ts';

/** Three numbered steps; `dataStored` and `trained` tick the first two. */
@customElement('ms-start-steps')
@localized()
export class MsStartSteps extends LitElement {
  static override styles = [
    utilityStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        margin: 0 0 var(--ms-space-2);
        font-size: var(--ms-text-s);
        font-weight: 700;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--ms-accent);
      }
      ol {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 220px), 1fr));
        gap: var(--ms-space-2) var(--ms-space-4);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        align-items: flex-start;
        gap: var(--ms-space-2);
        font-size: var(--ms-text-s);
      }
      .mark {
        flex: none;
        display: inline-grid;
        place-items: center;
        width: 24px;
        height: 24px;
        border-radius: 50%;
        background: var(--ms-accent);
        color: var(--ms-accent-contrast);
        font-size: var(--ms-text-xs);
        font-weight: 700;
      }
      li.done .mark {
        background: var(--ms-success);
      }
      li.done .text {
        color: var(--ms-text-muted);
        text-decoration: line-through;
      }
      li.alternative .mark {
        background: var(--ms-surface-2);
        color: var(--ms-text);
        border: 1px solid var(--ms-border);
      }
    `,
  ];

  /** Whether MNIST is stored in this browser. */
  @property({ type: Boolean }) dataStored = false;
  /** Whether a model was trained (or loaded) here. */
  @property({ type: Boolean }) trained = false;

  override render() {
    return html`<h2 id="start">${s.startTitle}</h2>
      <ol aria-labelledby="start">
        ${this.step(1, s.startStepData, this.dataStored)}
        ${this.step(2, s.startStepTrain, this.trained)}
        <li class="alternative">
          <span class="mark" aria-hidden="true">${formatInteger(3)}</span>
          <span class="text">${s.startStepPredict}</span>
        </li>
      </ol>`;
  }

  private step(n: number, text: string, done: boolean) {
    return html`<li class=${done ? 'done' : ''}>
      <span class="mark" aria-hidden="true">${done ? '✓' : formatInteger(n)}</span>
      <span class="text">${text}</span>
      ${done ? html`<span class="visually-hidden">(${s.startDone})</span>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-start-steps': MsStartSteps;
  }
}
