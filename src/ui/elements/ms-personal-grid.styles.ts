/** Layout of `<ms-personal-grid>` (ten sections of small tiles) and `<ms-digit-dialog>`. */
import { css } from 'lit';

/** The collection's own styles (controls and utilities come from `shared.ts`). */
export const personalGridStyles = css`
  :host {
    display: grid;
    gap: var(--ms-space-3);
  }
  p {
    margin: 0;
  }
  .hint,
  .none {
    font-size: var(--ms-text-s);
  }
  .sections {
    display: grid;
    gap: var(--ms-space-3);
  }
  h4 {
    margin: 0 0 var(--ms-space-1);
    font-size: var(--ms-text-s);
    font-variant-numeric: tabular-nums;
  }
  ol {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-1);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* A 44 px target around each 28 × 28 image (drawn at 36 px, pixels kept square). */
  .tile {
    min-width: var(--ms-touch);
    min-height: var(--ms-touch);
    padding: 3px;
    border-width: 2px;
    border-radius: var(--ms-radius-s);
  }
  /* Image i of n is part i of the strip: 100% wide, n times its height, at i / (n − 1). */
  .digit {
    display: block;
    width: 36px;
    aspect-ratio: 1;
    background: var(--strip) 0 var(--at) / 100% calc(100% * var(--count)) no-repeat #000;
    border-radius: 3px;
    image-rendering: pixelated;
  }
`;

/** The digit dialog's styles: the large digit beside its photo, the choice and the buttons. */
export const digitDialogStyles = css`
  .digit {
    display: block;
    background: var(--strip) 0 var(--at) / 100% calc(100% * var(--count)) no-repeat #000;
    border-radius: 3px;
    image-rendering: pixelated;
  }
  .views {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ms-space-3);
    align-items: center;
    margin-bottom: var(--ms-space-3);
  }
  .thumb {
    height: 112px;
    width: auto;
    border: 1px solid var(--ms-border);
    border-radius: 3px;
  }
  .digit.large {
    width: 112px;
    aspect-ratio: 1;
  }
  dialog h3 {
    margin: 0 0 var(--ms-space-3);
  }
  dialog p {
    margin: 0 0 var(--ms-space-3);
  }
  dialog .label {
    font-weight: 600;
    font-size: var(--ms-text-s);
    margin-bottom: var(--ms-space-2);
  }
  dialog .actions {
    margin-top: var(--ms-space-4);
  }
`;
