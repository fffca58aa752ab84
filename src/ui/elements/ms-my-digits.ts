/**
 * The My digits card: the privacy promise, how many of each digit are kept and the space they
 * take, then Practice, Learn my handwriting, and See and manage (the collection, export, import,
 * clear) as tabs. Loaded after the page's first render (`ms-app` imports it), like Inside the
 * model. The worker's summary comes down; its children ask the worker themselves.
 */
import { LitElement, html, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { NUM_CLASSES } from '../../shared/mnist.ts';
import {
  EMPTY_PERSONAL,
  type FineTuneOutcome,
  type FineTuneProgress,
  type PersonalSummary,
} from '../../shared/personal.ts';
import { cssProps } from '../css-props.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles, utilityStyles } from '../styles/shared.ts';
import { myDigitsStyles } from './ms-my-digits.styles.ts';
import { renderTabs, tabStyles } from '../tabs.ts';
import './ms-digit-files.ts';
import './ms-fine-tune.ts';
import './ms-personal-grid.ts';
import './ms-practice.ts';

/** A padlock, drawn (an emoji needs a font the device may not have). */
const lockIcon = svg`<svg class="lock" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
  <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
  <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.8" />
</svg>`;

/** The card's views, in tab order. */
const VIEWS = ['practice', 'learn', 'manage'] as const;
type View = (typeof VIEWS)[number];

/** What the card shows of a fine-tune: the app's job state and the call's own answers. */
export interface FineTuneView {
  running: boolean;
  paused: boolean;
  stopping: boolean;
  progress?: FineTuneProgress;
  outcome?: FineTuneOutcome;
}

/** Shows `personal` and hosts Practice, Learn my handwriting and the collection. */
@customElement('ms-my-digits')
@localized()
export class MsMyDigits extends LitElement {
  static override styles = [cardStyles, controlStyles, utilityStyles, tabStyles, myDigitsStyles];

  /** My digits, counted (the worker's summary). */
  @property({ attribute: false }) personal: PersonalSummary = EMPTY_PERSONAL;
  /** Whether MNIST is stored (fine-tuning needs it). */
  @property({ type: Boolean }) dataReady = false;
  /** Why another job keeps a fine-tune from starting now, or empty. */
  @property() busy = '';
  /** The fine-tune's state and answers. */
  @property({ attribute: false }) fineTune: FineTuneView = {
    running: false,
    paused: false,
    stopping: false,
  };

  @state() private view: View = 'practice';

  override render() {
    const p = this.personal;
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.myDigitsTitle}</h2>
      <p class="intro">${s.myDigitsIntro}</p>
      <p class="privacy">${lockIcon} ${s.myDigitsPrivacy}</p>
      ${this.renderCounts(p)}
      <p class="total">${p.version === 0 ? s.dataChecking : s.myDigitsTotal(p.total, p.bytes)}</p>
      ${renderTabs(
        s.myDigitsViews,
        VIEWS,
        { practice: s.myDigitsPractice, learn: s.myDigitsLearn, manage: s.myDigitsManage },
        this.view,
        (view) => (this.view = view),
      )}
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.view}">${this.renderView()}</div>
    </section>`;
  }

  /** Ten small bars, one per digit, as tall as its count against the largest. */
  private renderCounts(p: PersonalSummary) {
    const most = Math.max(1, ...p.counts);
    return html`<ol class="counts" aria-label=${s.myDigitsCountsLabel}>
      ${Array.from({ length: NUM_CLASSES }, (_, d) => {
        const count = p.counts[d] ?? 0;
        return html`<li>
          <span class="visually-hidden">${s.myDigitsCountName(d, count)}</span>
          <span class="count" aria-hidden="true">${count}</span>
          <span class="track" aria-hidden="true"
            ><span class="bar" ${cssProps({ height: `${(100 * count) / most}%` })}></span
          ></span>
          <span class="digit" aria-hidden="true">${d}</span>
        </li>`;
      })}
    </ol>`;
  }

  private renderView() {
    const f = this.fineTune;
    switch (this.view) {
      case 'practice':
        return html`<ms-practice .counts=${this.personal.counts}></ms-practice>`;
      case 'learn':
        return html`<h3 class="learn">${s.fineTuneTitle}</h3>
          <ms-fine-tune
            .total=${this.personal.total}
            ?dataReady=${this.dataReady}
            .busy=${this.busy}
            ?running=${f.running}
            ?paused=${f.paused}
            ?stopping=${f.stopping}
            .progress=${f.progress}
            .outcome=${f.outcome}
          ></ms-fine-tune>`;
      case 'manage':
        return html`<ms-personal-grid .version=${this.personal.version}></ms-personal-grid>
          <h3>${s.filesTitle}</h3>
          <ms-digit-files .total=${this.personal.total}></ms-digit-files>`;
    }
  }

  /** Arrow keys, Home and End move between the tabs (the ARIA tabs pattern). */
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-my-digits': MsMyDigits;
  }
}
