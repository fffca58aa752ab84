/** Styles several elements share, so each element's own CSS stays about its layout. */
import { css } from 'lit';

/** An element that is one card of the page: surface, border, padding, heading. */
export const cardStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :host {
    display: block;
    min-width: 0;
    padding: var(--ms-space-5);
    background: var(--ms-surface);
    color: var(--ms-text);
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-l);
    box-shadow: var(--ms-shadow);
  }
  :host([hidden]) {
    display: none;
  }
  @media (max-width: 480px) {
    :host {
      padding: var(--ms-space-4);
    }
  }
  h2 {
    margin: 0 0 var(--ms-space-1);
    font-size: var(--ms-text-l);
    line-height: 1.3;
    letter-spacing: -0.01em;
  }
  h3 {
    margin: var(--ms-space-5) 0 var(--ms-space-2);
    font-size: var(--ms-text-m);
  }
  .intro {
    margin: 0 0 var(--ms-space-4);
    color: var(--ms-text-muted);
    font-size: var(--ms-text-s);
  }
`;

/** Buttons, selects, inputs, checkboxes and progress bars, with touch-sized targets. */
export const controlStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--ms-space-2);
    min-height: var(--ms-touch);
    min-width: var(--ms-touch);
    padding: 0 var(--ms-space-4);
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-m);
    background: var(--ms-surface-2);
    font-weight: 600;
    cursor: pointer;
    transition:
      background-color var(--ms-duration),
      border-color var(--ms-duration);
  }
  button:hover:not(:disabled) {
    border-color: var(--ms-accent);
  }
  button.primary {
    background: var(--ms-accent);
    border-color: var(--ms-accent);
    color: var(--ms-accent-contrast);
  }
  button.primary:hover:not(:disabled) {
    background: var(--ms-accent-hover);
  }
  button.danger {
    color: var(--ms-danger);
  }
  button.danger:hover:not(:disabled) {
    border-color: var(--ms-danger);
  }
  button.danger.solid {
    background: var(--ms-danger);
    border-color: var(--ms-danger);
    color: var(--ms-accent-contrast);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  select,
  input[type='number'] {
    width: 100%;
    min-height: var(--ms-touch);
    padding: 0 var(--ms-space-3);
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-m);
    background: var(--ms-surface);
  }
  input[type='number']:invalid {
    border-color: var(--ms-danger);
  }
  select:disabled,
  input:disabled {
    opacity: 0.6;
  }
  input[type='checkbox'] {
    width: 20px;
    height: 20px;
    margin: 0;
    accent-color: var(--ms-accent);
  }
  label {
    font-weight: 600;
    font-size: var(--ms-text-s);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: var(--ms-space-2);
    min-height: var(--ms-touch);
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid var(--ms-focus);
    outline-offset: 2px;
  }
  progress {
    width: 100%;
    height: 10px;
    appearance: none;
    border: none;
    border-radius: var(--ms-radius-pill);
    background: var(--ms-surface-2);
    overflow: hidden;
    accent-color: var(--ms-accent);
  }
  progress::-webkit-progress-bar {
    background: var(--ms-surface-2);
  }
  progress::-webkit-progress-value {
    background: var(--ms-accent);
    border-radius: var(--ms-radius-pill);
    transition: width var(--ms-duration);
  }
  progress::-moz-progress-bar {
    background: var(--ms-accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-2);
    align-items: center;
  }
`;

/** Tables: compact, numeric columns right-aligned, scrolling inside their own box if needed. */
export const tableStyles = css`
  .table-scroll {
    /* Positioned, so visually hidden (absolute) cells scroll with it instead of widening the page. */
    position: relative;
    max-width: 100%;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--ms-text-s);
    font-variant-numeric: tabular-nums;
  }
  /* A table's caption sits above its scrolling box (as a <p> naming the table), so it wraps
     to the screen's width however wide the table is. */
  caption,
  .caption {
    caption-side: top;
    margin: 0;
    text-align: start;
    padding-bottom: var(--ms-space-2);
    color: var(--ms-text-muted);
    font-size: var(--ms-text-s);
  }
  .table-scroll:focus-visible {
    outline: 3px solid var(--ms-focus);
    outline-offset: 2px;
  }
  th,
  td {
    padding: var(--ms-space-2) var(--ms-space-3);
    border-bottom: 1px solid var(--ms-border);
    text-align: start;
    vertical-align: middle;
  }
  thead th {
    color: var(--ms-text-muted);
    font-size: var(--ms-text-xs);
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    white-space: nowrap;
  }
  .num {
    text-align: end;
  }
  tfoot th,
  tfoot td {
    font-weight: 700;
    border-bottom: none;
  }
`;

/** Small helpers: hidden-but-read text, muted text, badges. */
export const utilityStyles = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--ms-text-muted);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: var(--ms-space-1);
    padding: 2px var(--ms-space-2);
    border-radius: var(--ms-radius-pill);
    background: var(--ms-accent-soft);
    color: var(--ms-text);
    font-size: var(--ms-text-xs);
    font-weight: 600;
    white-space: nowrap;
  }
  .mono {
    font-family: var(--ms-font-mono);
  }
`;

/** A modal `<dialog>` on a raised surface, at most 440 px wide, over a dimmed page. */
export const dialogStyles = css`
  dialog {
    width: min(440px, calc(100vw - 2 * var(--ms-space-4)));
    padding: var(--ms-space-5);
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-l);
    background: var(--ms-surface);
    color: var(--ms-text);
    box-shadow: var(--ms-shadow-raised);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 45%);
  }
`;
