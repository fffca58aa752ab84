/** `<ms-models-panel>`'s own layout: the in-use line, the saved list, the drop target. */
import { css } from 'lit';

/** Styles of the Models card. */
export const modelsPanelStyles = css`
  :host {
    position: relative;
  }
  :host([dragging]) {
    outline: 3px dashed var(--ms-accent);
    outline-offset: -3px;
  }
  .in-use {
    display: flex;
    align-items: center;
    gap: var(--ms-space-2);
    margin: 0 0 var(--ms-space-3);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .dot {
    width: 10px;
    height: 10px;
    flex: none;
    border-radius: 50%;
    background: var(--ms-border);
  }
  .dot.on {
    background: var(--ms-success);
  }
  .hint {
    margin: var(--ms-space-2) 0 0;
    font-size: var(--ms-text-s);
  }
  h3 {
    margin-bottom: var(--ms-space-2);
  }
  ul {
    display: grid;
    gap: var(--ms-space-2);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: grid;
    gap: var(--ms-space-1);
    padding: var(--ms-space-3);
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-m);
    background: var(--ms-surface);
  }
  li.in-use-item {
    border-color: var(--ms-accent);
    background: var(--ms-accent-soft);
  }
  .name {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ms-space-2);
    margin: 0;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .facts,
  .date {
    margin: 0;
    font-size: var(--ms-text-s);
    font-variant-numeric: tabular-nums;
  }
  li .actions {
    gap: var(--ms-space-1) var(--ms-space-2);
    margin-top: var(--ms-space-1);
  }
  li .actions button {
    min-height: 36px;
    padding: 0 var(--ms-space-3);
    font-size: var(--ms-text-s);
  }
  @media (max-width: 480px) {
    li .actions button {
      padding: 0 var(--ms-space-2);
    }
  }
  .badge.current {
    background: var(--ms-accent);
    color: var(--ms-accent-contrast);
  }
  @media (pointer: coarse) {
    li .actions button {
      min-height: var(--ms-touch);
    }
  }
  .rename {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-2);
    align-items: center;
  }
  input[type='text'] {
    flex: 1 1 12rem;
    min-width: 0;
    width: 100%;
    min-height: var(--ms-touch);
    padding: 0 var(--ms-space-3);
    border: 1px solid var(--ms-border);
    border-radius: var(--ms-radius-m);
    background: var(--ms-surface);
    font: inherit;
    color: inherit;
  }
  .empty {
    margin: 0;
  }
  .drop {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    padding: var(--ms-space-5);
    border-radius: inherit;
    background: color-mix(in srgb, var(--ms-surface) 88%, transparent);
    font-weight: 700;
    text-align: center;
    pointer-events: none;
  }
  dialog h3 {
    margin-top: 0;
  }
  dialog p {
    margin: 0 0 var(--ms-space-3);
  }
  dialog label {
    display: block;
    margin-bottom: var(--ms-space-1);
  }
  dialog .actions {
    justify-content: flex-end;
    margin-top: var(--ms-space-4);
  }
`;
