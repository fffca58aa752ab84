/** Layout of `<ms-my-digits>`: the privacy line, the ten count bars and the views' tabs. */
import { css } from 'lit';

/** The My digits card's own styles (cards, controls and utilities come from `shared.ts`). */
export const myDigitsStyles = css`
  .privacy {
    display: flex;
    align-items: baseline;
    gap: var(--ms-space-2);
    margin: 0 0 var(--ms-space-4);
    padding: var(--ms-space-2) var(--ms-space-3);
    border-radius: var(--ms-radius-m);
    background: var(--ms-success-soft);
    font-weight: 600;
    font-size: var(--ms-text-s);
  }
  .lock {
    flex: none;
    align-self: center;
    color: var(--ms-success);
  }
  .counts {
    display: grid;
    grid-template-columns: repeat(10, minmax(0, 1fr));
    gap: var(--ms-space-1);
    margin: 0;
    padding: 0;
    list-style: none;
    font-variant-numeric: tabular-nums;
  }
  .counts li {
    display: grid;
    justify-items: center;
    gap: 2px;
    min-width: 0;
  }
  .count {
    font-size: var(--ms-text-xs);
    color: var(--ms-text-muted);
  }
  .track {
    display: flex;
    align-items: flex-end;
    width: min(100%, 24px);
    height: 48px;
    border-radius: var(--ms-radius-s);
    background: var(--ms-surface-2);
    overflow: hidden;
  }
  .bar {
    display: block;
    width: 100%;
    background: var(--ms-accent);
  }
  .digit {
    font-weight: 700;
  }
  .total {
    margin: var(--ms-space-2) 0 var(--ms-space-4);
    font-size: var(--ms-text-s);
    color: var(--ms-text-muted);
  }
  h3.learn {
    margin-top: 0;
  }
`;
