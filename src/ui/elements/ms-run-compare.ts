/**
 * Recorded runs side by side: their validation accuracy per epoch on one uPlot chart, e.g. conv
 * against dense (the book's figures 4.8 and 4.9) or the book's recipe against the fast one.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { localized, LOCALE_STATUS_EVENT } from '@lit/localize';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import type { RunRecord } from '../../shared/protocol.ts';
import { alignComparison } from '../chart-data.ts';
import { formatInteger, formatPercent } from '../format.ts';
import { strings as s } from '../strings.ts';
import { utilityStyles } from '../styles/shared.ts';

const PLOT_HEIGHT = 240;

/** The colour tokens runs take in turn; every other run is also dashed, for more than colour. */
const PALETTE = [
  '--ms-chart-train',
  '--ms-chart-validation',
  '--ms-chart-test',
  '--ms-chart-rate',
  '--ms-chart-extra-1',
  '--ms-chart-extra-2',
] as const;

/** The colour token of the `i`-th run. */
const colourToken = (i: number): string => PALETTE[i % PALETTE.length] ?? PALETTE[0];

/** Draws the validation curves of `runs` (each with a `history`), one series per run. */
@customElement('ms-run-compare')
@localized()
export class MsRunCompare extends LitElement {
  static override styles = [
    unsafeCSS(uPlotCss),
    utilityStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      figure {
        margin: 0;
      }
      figcaption {
        margin-bottom: var(--ms-space-2);
        font-weight: 600;
      }
      .plot {
        min-height: ${PLOT_HEIGHT}px;
        overflow: hidden;
      }
      /* The legend is ours: uPlot's puts each long run name on a line of its own on a phone. */
      .legend {
        display: grid;
        gap: var(--ms-space-1);
        margin: var(--ms-space-2) 0 0;
        padding: 0;
        list-style: none;
        font-size: var(--ms-text-xs);
        color: var(--ms-text-muted);
      }
      .legend li {
        display: flex;
        align-items: baseline;
        gap: var(--ms-space-2);
      }
      .swatch {
        flex: none;
        width: 24px;
        border-top: 3px solid var(--colour);
        transform: translateY(-0.25em);
      }
      .swatch.dashed {
        border-top-style: dashed;
      }
      /* The palette's colours by class: the page's CSP refuses style attributes. */
      ${unsafeCSS(
        PALETTE.map((token, i) => `.swatch.c${i} { --colour: var(${token}); }`).join('\n'),
      )}
    `,
  ];

  /** The runs to compare, in the order their series are drawn. */
  @property({ attribute: false }) runs: readonly RunRecord[] = [];

  @query('.plot') private target!: HTMLElement;

  private plot?: uPlot;
  private readonly resizeObserver = new ResizeObserver(() => this.resize());
  private readonly darkScheme = matchMedia('(prefers-color-scheme: dark)');
  private readonly handleSchemeChange = () => this.rebuild();
  /** uPlot keeps its labels: a new language needs a new plot. */
  private readonly handleLocaleStatus = (event: WindowEventMap[typeof LOCALE_STATUS_EVENT]) => {
    if (event.detail.status === 'ready' && this.hasUpdated) this.rebuild();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.darkScheme.addEventListener('change', this.handleSchemeChange);
    window.addEventListener(LOCALE_STATUS_EVENT, this.handleLocaleStatus);
    if (this.hasUpdated) this.rebuild();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.darkScheme.removeEventListener('change', this.handleSchemeChange);
    window.removeEventListener(LOCALE_STATUS_EVENT, this.handleLocaleStatus);
    this.resizeObserver.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  override render() {
    return html`<figure>
      <figcaption>${s.compareTitle}</figcaption>
      <div class="plot" aria-hidden="true"></div>
      <ul class="legend">
        ${this.runs.map((run, i) => {
          const best = (run.history ?? []).reduce(
            (a, b) => (b.valAcc > a.valAcc ? b : a),
            run.history?.[0] ?? { valAcc: 0, epoch: 0 },
          );
          return html`<li>
            <span
              class="swatch c${i % PALETTE.length} ${i % 2 === 1 ? 'dashed' : ''}"
              aria-hidden="true"
            ></span>
            <span>${s.compareRunSummary(s.runLabel(run), best.valAcc, best.epoch)}</span>
          </li>`;
        })}
      </ul>
    </figure>`;
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    // A run more or less changes the series: a new plot is simplest (a click, not a stream).
    if (changed.has('runs')) this.rebuild();
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = undefined;
    if (!this.target || this.runs.length === 0) return;
    this.plot = new uPlot(
      this.options(this.target.clientWidth),
      alignComparison(this.runs),
      this.target,
    );
    this.resizeObserver.observe(this.target);
    // How many runs the plot draws, for tests and for anyone inspecting the page.
    this.target.dataset.series = String(this.plot.series.length - 1);
  }

  private resize(): void {
    const width = Math.floor(this.target?.clientWidth ?? 0);
    if (this.plot && width > 0 && width !== this.plot.width) {
      this.plot.setSize({ width, height: PLOT_HEIGHT });
    }
  }

  /** uPlot options; colours come from the design tokens, which differ in dark mode. */
  private options(width: number): uPlot.Options {
    const style = getComputedStyle(this);
    const token = (name: string) => style.getPropertyValue(name).trim();
    const font = `12px ${token('--ms-font-sans') || 'sans-serif'}`;
    const axis: uPlot.Axis = {
      stroke: token('--ms-chart-axis'),
      grid: { stroke: token('--ms-chart-grid'), width: 1 },
      ticks: { stroke: token('--ms-chart-grid'), width: 1 },
      font,
      labelFont: font,
    };
    const series: uPlot.Series[] = this.runs.map((run, i) => {
      const colour = token(colourToken(i));
      return {
        label: s.runLabel(run),
        stroke: colour,
        width: 2,
        dash: i % 2 === 1 ? [6, 4] : undefined,
        spanGaps: false,
        points: { show: true, size: 7, fill: colour, stroke: colour },
        value: (_u, v) => (v === null || v === undefined ? '–' : formatPercent(v)),
      };
    });
    return {
      width: Math.max(200, Math.floor(width)),
      height: PLOT_HEIGHT,
      scales: {
        x: { time: false },
        // Close to the top, where the runs differ: from the lowest value shown, at most 100%.
        y: {
          range: (_u, min) => [
            Number.isFinite(min) ? Math.max(0, Math.floor(min * 50) / 50) : 0,
            1,
          ],
        },
      },
      axes: [
        {
          ...axis,
          label: s.compareEpoch,
          // Whole epochs only, ten labels at most.
          splits: (u) => {
            const epochs = u.data[0] as number[];
            const step = Math.max(1, Math.ceil(epochs.length / 10));
            return epochs.filter((e) => (e - 1) % step === 0);
          },
          values: (_u, splits) => splits.map((v) => formatInteger(v)),
        },
        {
          ...axis,
          size: 64,
          values: (_u, splits) => splits.map((v) => formatPercent(v, 1)),
        },
      ],
      series: [
        { label: s.compareEpoch, value: (_u, v) => (v === null ? '–' : formatInteger(v)) },
        ...series,
      ],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-run-compare': MsRunCompare;
  }
}
