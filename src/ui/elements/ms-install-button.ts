/** The header's Install button, shown only while the browser offers to install the app. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { InstallController } from '../pwa/install-controller.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** Shows the browser's install prompt when pressed; renders nothing when there is no offer. */
@customElement('ms-install-button')
@localized()
export class MsInstallButton extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: contents;
      }
      button {
        position: relative;
        min-height: 32px;
        padding: 0 var(--ms-space-3);
        border-radius: var(--ms-radius-pill);
        font-size: var(--ms-text-s);
      }
      svg {
        width: 16px;
        height: 16px;
        fill: none;
        stroke: currentColor;
        stroke-width: 2;
        stroke-linecap: round;
        stroke-linejoin: round;
      }
      /* The pill stays compact; the touch target still reaches 44 px. */
      button::after {
        content: '';
        position: absolute;
        inset: -6px 0;
      }
    `,
  ];

  private readonly installer = new InstallController(this);

  override render() {
    if (!this.installer.canInstall) return nothing;
    return html`<button
      type="button"
      class="primary"
      aria-label=${s.installName}
      @click=${this.handleInstall}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M12 3v12m0 0-4.5-4.5M12 15l4.5-4.5M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
      </svg>
      ${s.install}
    </button>`;
  }

  private async handleInstall(): Promise<void> {
    await this.installer.install();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-install-button': MsInstallButton;
  }
}
