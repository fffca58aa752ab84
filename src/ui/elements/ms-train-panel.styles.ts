/** Layout of `<ms-train-panel>`: the form grid, the preset chips and the progress readout. */
import { css } from 'lit';

/** The training card's own styles (cards, controls and utilities come from `shared.ts`). */
export const trainPanelStyles = css`
  fieldset {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: var(--ms-space-3) var(--ms-space-4);
    margin: var(--ms-space-3) 0 var(--ms-space-4);
    padding: 0;
    border: none;
    min-width: 0;
  }
  .field {
    display: grid;
    gap: var(--ms-space-1);
    align-content: start;
    min-width: 0;
  }
  .wide {
    grid-column: 1 / -1;
  }
  .presets {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-2);
    margin-top: var(--ms-space-1);
  }
  .chip {
    border-radius: var(--ms-radius-pill);
    font-weight: 500;
    font-variant-numeric: tabular-nums;
  }
  .chip[aria-pressed='true'] {
    background: var(--ms-accent-soft);
    border-color: var(--ms-accent);
  }
  .hint {
    margin: 0;
    font-size: var(--ms-text-xs);
  }
  /* Advanced settings: a disclosure spanning the form, its fields in the same two columns. */
  .advanced {
    container-type: inline-size;
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-m);
    padding: 0 var(--ms-space-3);
  }
  .advanced summary {
    display: flex;
    align-items: center;
    min-height: var(--ms-touch);
    font-weight: 600;
    font-size: var(--ms-text-s);
    cursor: pointer;
  }
  .advanced[open] summary {
    border-bottom: 1px solid var(--ms-border);
  }
  /* A flex summary loses the disclosure triangle; this one turns when the details open. */
  .advanced summary::before {
    content: '▸';
    content: '▸' / '';
    display: inline-block;
    margin-inline-end: var(--ms-space-2);
    transition: transform 0.15s;
  }
  .advanced[open] summary::before {
    transform: rotate(90deg);
  }
  @media (prefers-reduced-motion: reduce) {
    .advanced summary::before {
      transition: none;
    }
  }
  .advanced-grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: var(--ms-space-3) var(--ms-space-4);
    padding: var(--ms-space-3) 0 var(--ms-space-4);
  }
  /* Two columns need room: a phone stacks the fields. */
  @container (max-width: 340px) {
    .advanced-grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .flag-hint {
    margin-top: calc(-1 * var(--ms-space-2));
    padding-inline-start: calc(20px + var(--ms-space-2));
  }
  /* Train, Pause and Stop share one row, even on a 360 px phone. */
  .controls {
    flex-wrap: nowrap;
  }
  .controls button {
    flex: 1 1 0;
    min-width: 0;
    max-width: 160px;
  }
  .blocked {
    margin: var(--ms-space-2) 0 0;
    font-size: var(--ms-text-s);
  }
  .readout {
    margin-top: var(--ms-space-5);
    padding-top: var(--ms-space-4);
    border-top: 1px solid var(--ms-border);
    font-variant-numeric: tabular-nums;
  }
  .readout p {
    margin: 0 0 var(--ms-space-2);
  }
  .readout.idle {
    font-size: var(--ms-text-s);
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ms-space-1) var(--ms-space-2);
    font-weight: 600;
  }
  .line .badge {
    margin-inline-end: var(--ms-space-1);
  }
  .phase.paused,
  .phase.stopped {
    background: var(--ms-warning-soft);
  }
  .phase.done {
    background: var(--ms-success-soft);
  }
  .batch {
    color: var(--ms-text-muted);
    font-weight: 500;
  }
  .stats {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-1) var(--ms-space-4);
    margin-top: var(--ms-space-2) !important;
    color: var(--ms-text-muted);
    font-size: var(--ms-text-s);
  }
  .validation {
    font-weight: 700;
    font-size: var(--ms-text-l);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-1) var(--ms-space-4);
    font-size: var(--ms-text-s);
  }
  .best {
    font-weight: 600;
  }
  .milestones {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-2);
  }
  .milestones:not(:has(.badge)) {
    margin: 0;
  }
  .badge.reached {
    background: var(--ms-success-soft);
  }
  .summary,
  .testing {
    font-size: var(--ms-text-s);
  }
`;
