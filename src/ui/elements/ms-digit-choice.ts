/**
 * The ten digits as big buttons, in one toolbar: Tab enters and leaves it at one button, the
 * arrow keys (Left/Right by one, Up/Down by a row of five), Home and End move between them,
 * Enter or Space presses one. Ten to a row where there is room, two rows of five on a phone.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { NUM_CLASSES } from '../../shared/mnist.ts';
import { emit } from '../events.ts';
import { controlStyles } from '../styles/shared.ts';

const DIGITS = Array.from({ length: NUM_CLASSES }, (_, d) => d);
/** Up and Down move by a row of the two-row layout. */
const ROW = 5;

/** Sends `ms-digit-choose` with the digit pressed; `selected` shows as pressed when `toggles`. */
@customElement('ms-digit-choice')
@localized()
export class MsDigitChoice extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      [role='toolbar'] {
        display: grid;
        grid-template-columns: repeat(5, minmax(var(--ms-touch), 1fr));
        gap: var(--ms-space-2);
      }
      @container (min-width: 520px) {
        [role='toolbar'] {
          grid-template-columns: repeat(10, minmax(var(--ms-touch), 1fr));
        }
      }
      button {
        padding: 0;
        font-size: var(--ms-text-l);
        font-variant-numeric: tabular-nums;
      }
      button[aria-pressed='true'] {
        background: var(--ms-accent);
        border-color: var(--ms-accent);
        color: var(--ms-accent-contrast);
      }
    `,
  ];

  /** The toolbar's accessible name ("It's a …"). */
  @property() label = '';
  /** Each button's accessible name ("It's a 4"); the digit alone when absent. */
  @property({ attribute: false }) names?: (digit: number) => string;
  /** The chosen digit, shown pressed when `toggles`; the button Tab lands on. */
  @property({ attribute: false }) selected?: number;
  /** Buttons that stay pressed (a choice) rather than act once (an answer). */
  @property({ type: Boolean }) toggles = false;
  /** Every button is unavailable (its work is under way). */
  @property({ type: Boolean }) disabled = false;

  /** The button Tab lands on: the last one focused, else the chosen one, else 0. */
  @state() private current = 0;

  override render() {
    return html`<div role="toolbar" aria-label=${this.label} @keydown=${this.handleKeyDown}>
      ${DIGITS.map(
        (d) =>
          html`<button
            type="button"
            data-digit=${d}
            tabindex=${d === this.current ? 0 : -1}
            aria-label=${this.names?.(d) ?? nothing}
            aria-pressed=${this.toggles ? String(d === this.selected) : nothing}
            ?disabled=${this.disabled}
            @click=${() => this.handleChoose(d)}
            @focus=${() => (this.current = d)}
          >
            ${d}
          </button>`,
      )}
    </div>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('selected') && this.selected !== undefined) this.current = this.selected;
  }

  /** Puts the focus on the button Tab would land on. */
  override focus(): void {
    this.button(this.current)?.focus();
  }

  private button(digit: number): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(`[data-digit="${digit}"]`);
  }

  private handleChoose(digit: number): void {
    this.current = digit;
    emit(this, 'ms-digit-choose', digit);
  }

  private handleKeyDown(event: KeyboardEvent): void {
    const moves: Record<string, number> = {
      ArrowLeft: this.current - 1,
      ArrowRight: this.current + 1,
      ArrowUp: this.current - ROW,
      ArrowDown: this.current + ROW,
      Home: 0,
      End: NUM_CLASSES - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.current = (next + NUM_CLASSES) % NUM_CLASSES;
    this.button(this.current)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-digit-choice': MsDigitChoice;
  }
  interface GlobalEventHandlersEventMap {
    /** A digit was pressed (an answer, a choice of digit to practise or to relabel as). */
    'ms-digit-choose': CustomEvent<number>;
  }
}
