/**
 * Figure 4.8, live: loss and accuracy per training batch (line) and per epoch on the validation
 * split (dots joined by a line) and, when the run tests after each epoch, on the test set; the
 * learning rate of each batch in a small chart under the loss. Drawn with uPlot at most four
 * times a second.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { localized, LOCALE_STATUS_EVENT } from '@lit/localize';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import {
  alignLearningRate,
  alignMetric,
  EMPTY_CHART,
  hasTestCurve,
  type ChartMetric,
  type ChartPoints,
} from '../chart-data.ts';
import {
  formatCompactDecimal,
  formatInteger,
  formatLearningRate,
  formatLoss,
  formatPercent,
} from '../format.ts';
import { FrameThrottle } from '../frame-throttle.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, utilityStyles } from '../styles/shared.ts';

const PLOT_HEIGHT = 220;
/** The learning-rate chart under the loss: a shape to glance at, not to read values off. */
const RATE_HEIGHT = 96;
/** The same width for every y axis, so the rate's batches line up with the loss's. */
const Y_AXIS_SIZE = 56;

/** What one plot shows: a metric, or the learning rate. */
type PlotKind = ChartMetric | 'rate';

/** Draws `points`; an empty `points` (a new run) clears both charts. */
@customElement('ms-training-charts')
@localized()
export class MsTrainingCharts extends LitElement {
  static override styles = [
    unsafeCSS(uPlotCss),
    cardStyles,
    utilityStyles,
    css`
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr));
        gap: var(--ms-space-5);
      }
      figure {
        position: relative;
        margin: 0;
        min-width: 0;
      }
      figcaption {
        margin-bottom: var(--ms-space-2);
        font-weight: 600;
      }
      .plot {
        min-height: ${PLOT_HEIGHT}px;
        overflow: hidden;
      }
      .plot.rate {
        min-height: ${RATE_HEIGHT}px;
      }
      .sub {
        margin: var(--ms-space-3) 0 0;
        color: var(--ms-text-muted);
        font-size: var(--ms-text-s);
        font-weight: 600;
      }
      /* A label on the empty plot, clear of its axes and grid lines. */
      .empty {
        position: absolute;
        inset: 88px 0 auto;
        width: fit-content;
        max-width: calc(100% - 2 * var(--ms-space-6));
        margin: 0 auto;
        padding: var(--ms-space-2) var(--ms-space-3);
        border: 1px solid var(--ms-border);
        border-radius: var(--ms-radius-m);
        background: var(--ms-surface);
        text-align: center;
        color: var(--ms-text-muted);
        font-size: var(--ms-text-s);
        pointer-events: none;
      }
      .u-legend {
        font-size: var(--ms-text-xs);
        color: var(--ms-text-muted);
      }
      .u-legend .u-marker {
        border-radius: 50%;
      }
    `,
  ];

  /** Every point of the current run so far. */
  @property({ attribute: false }) points: ChartPoints = EMPTY_CHART;

  @query('#loss') private lossTarget!: HTMLElement;
  @query('#acc') private accTarget!: HTMLElement;
  @query('#rate') private rateTarget!: HTMLElement;

  private plots: { kind: PlotKind; plot: uPlot; target: HTMLElement }[] = [];
  /** Whether the plots were built with a test series (a run that tests after each epoch). */
  private withTest = false;
  private readonly redraw = new FrameThrottle(() => this.draw(), 250);
  private readonly resizeObserver = new ResizeObserver(() => this.resize());
  private readonly darkScheme = matchMedia('(prefers-color-scheme: dark)');
  private readonly handleSchemeChange = () => this.rebuild();
  /** uPlot keeps its labels: a new language needs new plots. */
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
    this.redraw.cancel();
    this.resizeObserver.disconnect();
    this.destroyPlots();
  }

  override render() {
    const lastBatch = this.points.batches.at(-1);
    const lastEpoch = this.points.epochs.at(-1);
    const empty = !lastBatch && !lastEpoch;
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.chartsTitle}</h2>
      <p class="intro">${s.chartsIntro}</p>
      <div class="charts">
        <figure>
          <figcaption>${s.chartLoss}</figcaption>
          <div class="plot" id="loss" aria-hidden="true"></div>
          ${empty ? html`<p class="empty">${s.chartsEmpty}</p>` : ''}
          <p class="sub" aria-hidden="true">${s.chartLearningRate}</p>
          <div class="plot rate" id="rate" aria-hidden="true"></div>
        </figure>
        <figure>
          <figcaption>${s.chartAccuracy}</figcaption>
          <div class="plot" id="acc" aria-hidden="true"></div>
          ${empty ? html`<p class="empty">${s.chartsEmpty}</p>` : ''}
        </figure>
      </div>
      <p class="visually-hidden">
        ${lastBatch ? s.chartLatestBatch(lastBatch.step, lastBatch.loss, lastBatch.acc) : ''}
        ${lastEpoch ? s.chartLatestEpoch(lastEpoch.epoch, lastEpoch.valLoss, lastEpoch.valAcc) : ''}
        ${
          lastEpoch?.testAcc !== undefined && lastEpoch.testLoss !== undefined
            ? s.chartLatestTest(lastEpoch.epoch, lastEpoch.testLoss, lastEpoch.testAcc)
            : ''
        }
        ${lastBatch?.lr !== undefined ? s.chartLatestRate(formatLearningRate(lastBatch.lr)) : ''}
      </p>
    </section>`;
  }

  override firstUpdated(): void {
    // The plots (canvas text, a forced layout) wait until the page has painted once: the first
    // render stays one short task and the page shows sooner.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (this.isConnected && !this.plots.length) this.rebuild();
      }),
    );
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('points') || !this.plots.length) return;
    // A test curve appears with a run's first tested epoch and goes with the next run.
    if (hasTestCurve(this.points) !== this.withTest) this.rebuild();
    else this.redraw.request();
  }

  /** (Re)creates both plots, e.g. when the colour scheme changes. */
  private rebuild(): void {
    this.destroyPlots();
    if (!this.lossTarget || !this.accTarget || !this.rateTarget) return;
    this.withTest = hasTestCurve(this.points);
    const targets: [PlotKind, HTMLElement][] = [
      ['loss', this.lossTarget],
      ['acc', this.accTarget],
      ['rate', this.rateTarget],
    ];
    this.plots = targets.map(([kind, target]) => {
      const width = target.clientWidth;
      const plot =
        kind === 'rate'
          ? new uPlot(this.rateOptions(width), alignLearningRate(this.points), target)
          : new uPlot(this.options(kind, width), this.metricData(kind), target);
      this.resizeObserver.observe(target);
      return { kind, plot, target };
    });
  }

  /** A metric's columns; the test column only when the plot has a test series. */
  private metricData(metric: ChartMetric): uPlot.AlignedData {
    const [x, train, validation, test] = alignMetric(this.points, metric);
    return this.withTest ? [x, train, validation, test] : [x, train, validation];
  }

  private destroyPlots(): void {
    cancelAnimationFrame(this.drawing);
    for (const { plot, target } of this.plots) {
      this.resizeObserver.unobserve(target);
      plot.destroy();
    }
    this.plots = [];
  }

  /**
   * Redraws the plots one per animation frame: each redraw is a canvas full of text and a
   * legend to lay out, and it comes while the worker trains on every core.
   */
  private draw(next = 0): void {
    cancelAnimationFrame(this.drawing);
    const entry = this.plots[next];
    if (!entry) return;
    entry.plot.setData(
      entry.kind === 'rate' ? alignLearningRate(this.points) : this.metricData(entry.kind),
    );
    if (next + 1 < this.plots.length) {
      this.drawing = requestAnimationFrame(() => this.draw(next + 1));
    }
  }

  /** The frame request that redraws the next plot. */
  private drawing = 0;

  private resize(): void {
    for (const { kind, plot, target } of this.plots) {
      const width = Math.floor(target.clientWidth);
      const height = kind === 'rate' ? RATE_HEIGHT : PLOT_HEIGHT;
      if (width > 0 && width !== plot.width) plot.setSize({ width, height });
    }
  }

  /** A design token's value: colours differ in dark mode. */
  private token(name: string): string {
    return getComputedStyle(this).getPropertyValue(name).trim();
  }

  /** The look every axis shares. */
  private axisStyle(): uPlot.Axis {
    const font = `12px ${this.token('--ms-font-sans') || 'sans-serif'}`;
    return {
      stroke: this.token('--ms-chart-axis'),
      grid: { stroke: this.token('--ms-chart-grid'), width: 1 },
      ticks: { stroke: this.token('--ms-chart-grid'), width: 1 },
      font,
      labelFont: font,
    };
  }

  /** The learning-rate chart: one stepped line, the batch axis without its label. */
  private rateOptions(width: number): uPlot.Options {
    const axis = this.axisStyle();
    const rate = this.token('--ms-chart-rate');
    const value = (v: number | null | undefined) =>
      v === null || v === undefined ? '–' : formatLearningRate(v);
    return {
      width: Math.max(200, Math.floor(width)),
      height: RATE_HEIGHT,
      scales: {
        x: { time: false },
        y: { range: (_u, _min, max) => [0, Number.isFinite(max) && max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        { ...axis, size: 28, values: (_u, splits) => splits.map((v) => formatInteger(v)) },
        {
          ...axis,
          size: Y_AXIS_SIZE,
          ticks: { ...axis.ticks, show: false },
          // 0 and the highest rate drawn; just 0 before there is any (not the empty range's 1).
          splits: (u) => {
            let top = 0;
            for (const v of u.data[1] ?? []) if (typeof v === 'number' && v > top) top = v;
            return top > 0 ? [0, top] : [0];
          },
          values: (_u, splits) => splits.map((v) => formatLearningRate(v)),
        },
      ],
      series: [
        { label: s.chartBatch, value: (_u, v) => (v === null ? '–' : formatInteger(v)) },
        {
          label: s.chartLearningRate,
          stroke: rate,
          width: 1.5,
          points: { show: false },
          value: (_u, v) => value(v),
        },
      ],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    };
  }

  /** uPlot options; colours come from the design tokens, which differ in dark mode. */
  private options(metric: ChartMetric, width: number): uPlot.Options {
    const train = this.token('--ms-chart-train');
    const validation = this.token('--ms-chart-validation');
    const test = this.token('--ms-chart-test');
    const axis = this.axisStyle();
    const value = (v: number | null | undefined) =>
      v === null || v === undefined ? '–' : metric === 'loss' ? formatLoss(v) : formatPercent(v);
    return {
      width: Math.max(200, Math.floor(width)),
      height: PLOT_HEIGHT,
      scales: {
        x: { time: false },
        y: {
          range:
            metric === 'acc'
              ? () => [0, 1]
              : (_u, _min, max) => [0, Number.isFinite(max) && max > 0 ? max * 1.05 : 1],
        },
      },
      axes: [
        {
          ...axis,
          label: s.chartBatch,
          values: (_u, splits) => splits.map((v) => formatInteger(v)),
        },
        {
          ...axis,
          size: Y_AXIS_SIZE,
          values: (_u, splits) =>
            splits.map((v) =>
              metric === 'loss' ? formatCompactDecimal(v, 2) : formatPercent(v, 0),
            ),
        },
      ],
      series: [
        { label: s.chartBatch, value: (_u, v) => (v === null ? '–' : formatInteger(v)) },
        {
          label: s.chartTraining,
          stroke: train,
          width: 1.25,
          points: { show: false },
          value: (_u, v) => value(v),
        },
        {
          label: s.chartValidation,
          stroke: validation,
          width: 2,
          spanGaps: true,
          points: { show: true, size: 8, fill: validation, stroke: validation },
          value: (_u, v) => value(v),
        },
        ...(this.withTest
          ? [
              {
                label: s.chartTest,
                stroke: test,
                width: 2,
                dash: [6, 4],
                spanGaps: true,
                points: { show: true, size: 7, fill: test, stroke: test },
                value: (_u: uPlot, v: number | null) => value(v),
              },
            ]
          : []),
      ],
      cursor: { drag: { x: false, y: false } },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-training-charts': MsTrainingCharts;
  }
}
