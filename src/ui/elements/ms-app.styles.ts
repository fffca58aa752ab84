/** The page layout: header, the card grid (one column on phones, two on wide screens), footer. */
import { css } from 'lit';

/** `<ms-app>`'s styles. */
export const appStyles = css`
  :host {
    display: block;
    min-height: 100vh;
  }
  .top,
  .layout,
  footer {
    max-width: var(--ms-content-width);
    margin: 0 auto;
    padding-inline: var(--ms-space-5);
  }
  .top {
    padding-block: var(--ms-space-6) var(--ms-space-5);
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--ms-space-4);
    padding-bottom: var(--ms-space-6);
  }
  /* Phones: one column in the order of the work (data, train, watch, results), then the rest.
     Wide screens: controls on the left, what the model does on the right. */
  .side,
  .primary {
    display: contents;
  }
  .data {
    order: 1;
  }
  .train {
    order: 2;
  }
  .charts,
  .inside-training {
    order: 3;
  }
  .inside-training {
    margin: 0;
  }
  .predict,
  .my-digits {
    order: 4;
  }
  .evaluation {
    order: 4;
  }
  .models {
    order: 5;
  }
  .summary {
    order: 5;
  }
  .backend {
    order: 6;
  }
  .history {
    order: 7;
  }
  @media (min-width: 1080px) {
    .layout {
      grid-template-columns: minmax(340px, 5fr) minmax(0, 7fr);
      align-items: start;
      gap: var(--ms-space-5);
    }
    .side,
    .primary {
      display: flex;
      flex-direction: column;
      gap: var(--ms-space-5);
      min-width: 0;
    }
    .history {
      grid-column: 1 / -1;
    }
  }
  @media (max-width: 480px) {
    .top,
    .layout,
    footer {
      padding-inline: var(--ms-space-3);
    }
    .top {
      padding-top: var(--ms-space-5);
    }
  }
  footer {
    padding-bottom: var(--ms-space-7);
    color: var(--ms-text-muted);
    font-size: var(--ms-text-s);
  }
`;
