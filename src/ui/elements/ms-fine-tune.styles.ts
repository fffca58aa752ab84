/** Layout of `<ms-fine-tune>`: the options, the run controls, the progress and the result table. */
import { css } from 'lit';

/** The fine-tune section's own styles (controls, tables and utilities come from `shared.ts`). */
export const fineTuneStyles = css`
  :host {
    display: grid;
    gap: var(--ms-space-4);
  }
  p {
    margin: 0;
  }
  .intro,
  .hint,
  .blocked,
  .batch {
    font-size: var(--ms-text-s);
  }
  fieldset {
    display: grid;
    gap: var(--ms-space-2);
    margin: var(--ms-space-3) 0;
    padding: 0;
    border: none;
    min-width: 0;
  }
  .field {
    display: grid;
    gap: var(--ms-space-1);
    max-width: 10rem;
  }
  .hint {
    margin-top: calc(-1 * var(--ms-space-2));
    padding-inline-start: calc(20px + var(--ms-space-2));
  }
  /* Start, Pause and Stop share one row, even on a 360 px phone. */
  .controls {
    flex-wrap: nowrap;
  }
  .controls button {
    flex: 1 1 0;
    min-width: 0;
    max-width: 180px;
    padding-inline: var(--ms-space-2);
  }
  .blocked {
    margin-top: var(--ms-space-2);
  }
  .readout,
  .result {
    display: grid;
    gap: var(--ms-space-2);
    padding-top: var(--ms-space-4);
    border-top: 1px solid var(--ms-border);
    font-variant-numeric: tabular-nums;
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ms-space-2);
    font-weight: 600;
  }
  .phase.paused {
    background: var(--ms-warning-soft);
  }
  tbody th {
    font-weight: 600;
  }
  /* Four columns on a 360 px phone: headers may wrap, cells sit closer. */
  thead th {
    white-space: normal;
  }
  th,
  td {
    padding-inline: var(--ms-space-2);
  }
  .change.up {
    color: var(--ms-success);
    font-weight: 700;
  }
  .change.down {
    color: var(--ms-danger);
  }
  td.num {
    white-space: nowrap;
  }
  .in-use {
    font-size: var(--ms-text-s);
  }
`;
