/** `<ms-inside-view>`'s styles: a modal panel, the whole screen on a phone. */
import { css } from 'lit';

/** The dialog, its header and the layer sections. */
export const insideViewStyles = css`
  dialog {
    box-sizing: border-box;
    width: min(1100px, calc(100vw - 48px));
    max-width: none;
    height: calc(100vh - 48px);
    max-height: none;
    padding: 0;
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-l);
    background: var(--ms-bg);
    color: var(--ms-text);
    box-shadow: var(--ms-shadow-raised);
    /* clip, not hidden: focusing or scrolling to something inside must scroll .body, never
       the dialog itself (which would push its header out of view). */
    overflow: clip;
  }
  dialog[open] {
    display: flex;
    flex-direction: column;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 55%);
  }
  header {
    display: flex;
    align-items: start;
    gap: var(--ms-space-3);
    padding: var(--ms-space-3) var(--ms-space-4);
    border-bottom: 1px solid var(--ms-border);
    background: var(--ms-surface);
  }
  header div {
    flex: 1;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: var(--ms-text-l);
  }
  header p {
    margin: 0;
    color: var(--ms-text-muted);
    font-size: var(--ms-text-s);
  }
  .body {
    flex: 1;
    min-height: 0;
    overflow: auto;
    overscroll-behavior: contain;
    padding: var(--ms-space-4);
    display: grid;
    gap: var(--ms-space-5);
    align-content: start;
  }
  h3 {
    margin: 0 0 var(--ms-space-3);
    font-size: var(--ms-text-m);
  }
  .layers {
    display: grid;
    gap: var(--ms-space-3);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .layer {
    display: grid;
    gap: var(--ms-space-2);
    padding: var(--ms-space-3);
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-m);
    background: var(--ms-surface);
    min-width: 0;
  }
  h4 {
    margin: 0;
    font-size: var(--ms-text-m);
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--ms-space-2);
    align-items: baseline;
  }
  h4 small,
  .facts {
    font-weight: 400;
    font-size: var(--ms-text-s);
    color: var(--ms-text-muted);
  }
  .facts {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  ol.probabilities {
    display: grid;
    gap: 3px;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: var(--ms-text-s);
    max-width: 32em;
  }
  ol.probabilities li {
    display: grid;
    grid-template-columns: 1.2em minmax(0, 1fr) 4.5em;
    gap: var(--ms-space-2);
    align-items: center;
  }
  .track {
    height: 10px;
    border-radius: var(--ms-radius-pill);
    background: var(--ms-surface-2);
    overflow: hidden;
  }
  .bar {
    display: block;
    height: 100%;
    width: var(--width);
    background: var(--ms-text-muted);
  }
  li.top {
    font-weight: 700;
  }
  li.top .bar {
    background: var(--ms-accent);
  }
  .value {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  details {
    margin-top: var(--ms-space-3);
  }
  summary {
    cursor: pointer;
    min-height: var(--ms-touch);
    display: flex;
    align-items: center;
    font-weight: 600;
  }
  .intro {
    margin: 0 0 var(--ms-space-3);
  }
  @media (max-width: 600px) {
    dialog {
      width: 100vw;
      height: 100dvh;
      margin: 0;
      border: 0;
      border-radius: 0;
    }
    .body {
      padding: var(--ms-space-3);
    }
    .layer {
      padding: var(--ms-space-2);
    }
  }
`;
