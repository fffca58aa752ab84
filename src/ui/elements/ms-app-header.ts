/**
 * The page header: the app's name, what it does and what to do first; the Offline badge, the
 * Install button (while the browser offers it) and the backend badge.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { BackendInfo } from '../../shared/backends.ts';
import { strings as s } from '../strings.ts';
import './ms-install-button.ts';
import './ms-language-switch.ts';
import './ms-start-steps.ts';
import './ms-offline-badge.ts';

/** Shows the app's name and `backend` (or that it is starting, or `failed`). */
@customElement('ms-app-header')
@localized()
export class MsAppHeader extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: var(--ms-space-3) var(--ms-space-5);
    }
    .brand {
      display: flex;
      align-items: flex-start;
      gap: var(--ms-space-3);
      min-width: 0;
      flex: 1 1 420px;
    }
    .logo {
      flex: none;
      width: 40px;
      height: 40px;
      margin-top: 2px;
    }
    .logo rect {
      fill: var(--ms-accent);
    }
    .logo path {
      fill: var(--ms-accent-contrast);
    }
    h1 {
      margin: 0;
      font-size: var(--ms-text-xl);
      line-height: 1.2;
      letter-spacing: -0.02em;
    }
    p {
      max-width: 68ch;
      margin: var(--ms-space-1) 0 0;
      color: var(--ms-text-muted);
    }
    .status {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--ms-space-2);
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: var(--ms-space-2);
      min-height: 32px;
      padding: 0 var(--ms-space-3);
      border: 1px solid var(--ms-border);
      border-radius: var(--ms-radius-pill);
      background: var(--ms-surface);
      font-size: var(--ms-text-s);
      font-weight: 600;
      white-space: nowrap;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--ms-text-muted);
    }
    .ready .dot {
      background: var(--ms-success);
    }
    .failed .dot {
      background: var(--ms-danger);
    }
    .steps {
      flex: 1 1 100%;
      padding: var(--ms-space-3) var(--ms-space-4);
      border: 1px solid var(--ms-border);
      border-radius: var(--ms-radius-l);
      background: var(--ms-surface);
    }
    @media (max-width: 480px) {
      h1 {
        font-size: var(--ms-text-l);
      }
      .logo {
        width: 32px;
        height: 32px;
      }
    }
  `;

  /** The backend in use, once the worker has started. */
  @property({ attribute: false }) backend?: BackendInfo;
  /** Whether the worker's backend failed to start. */
  @property({ type: Boolean }) failed = false;
  /** Whether MNIST is stored (the first step is done). */
  @property({ type: Boolean }) dataStored = false;
  /** Whether a model was trained here (the second step is done). */
  @property({ type: Boolean }) trained = false;

  override render() {
    const state = this.backend ? 'ready' : this.failed ? 'failed' : 'starting';
    const text = this.backend
      ? s.backendBadge(s.backendChoice(this.backend.active))
      : this.failed
        ? s.backendFailed
        : s.backendStarting;
    return html`
      <div class="brand">
        <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="8" />
          <path d="M19 7h4v18h-4v-6H9V8h4v7h6z" />
        </svg>
        <div>
          <h1>${s.appName}</h1>
          <p>${s.appDescription}</p>
        </div>
      </div>
      <div class="status">
        <ms-language-switch></ms-language-switch>
        <ms-offline-badge></ms-offline-badge>
        <ms-install-button></ms-install-button>
        <span class="badge ${state}" role="status">
          <span class="dot" aria-hidden="true"></span>${text}
        </span>
      </div>
      <ms-start-steps
        class="steps"
        ?dataStored=${this.dataStored}
        ?trained=${this.trained}
      ></ms-start-steps>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-app-header': MsAppHeader;
  }
}
