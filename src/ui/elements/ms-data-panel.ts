/**
 * The data card: whether MNIST is stored, downloading it with progress, deleting it, how much
 * this browser stores for the app, and why the download waits while offline.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { DataStatus, DownloadProgress } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { formatDateTime } from '../format.ts';
import { OnlineController } from '../pwa/online-controller.ts';
import { StorageController } from '../pwa/storage-controller.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles, dialogStyles, utilityStyles } from '../styles/shared.ts';

/** Shows `status` and `progress`; sends `ms-download-data` and (confirmed) `ms-delete-data`. */
@customElement('ms-data-panel')
@localized()
export class MsDataPanel extends LitElement {
  static override styles = [
    cardStyles,
    controlStyles,
    utilityStyles,
    dialogStyles,
    css`
      .status {
        display: flex;
        align-items: center;
        gap: var(--ms-space-2);
        margin: 0 0 var(--ms-space-1);
        font-weight: 600;
      }
      .dot {
        width: 10px;
        height: 10px;
        flex: none;
        border-radius: 50%;
        background: var(--ms-border);
      }
      .dot.stored {
        background: var(--ms-success);
      }
      .when {
        margin: 0 0 var(--ms-space-4);
        font-size: var(--ms-text-s);
      }
      .progress {
        margin: var(--ms-space-3) 0 var(--ms-space-4);
      }
      .storage {
        margin: var(--ms-space-4) 0 0;
        font-size: var(--ms-text-s);
      }
      .error {
        margin: 0 0 var(--ms-space-3);
        padding: var(--ms-space-2) var(--ms-space-3);
        border-inline-start: 4px solid var(--ms-danger);
        border-radius: var(--ms-radius-s);
        background: var(--ms-danger-soft);
        font-size: var(--ms-text-s);
      }
      .offline {
        margin: 0 0 var(--ms-space-4);
        padding: var(--ms-space-3);
        border-radius: var(--ms-radius-m);
        background: var(--ms-warning-soft);
        font-size: var(--ms-text-s);
      }
      .progress p {
        display: flex;
        justify-content: space-between;
        gap: var(--ms-space-2);
        margin: var(--ms-space-1) 0 0;
        font-size: var(--ms-text-s);
        font-variant-numeric: tabular-nums;
      }
      dialog p {
        margin: 0 0 var(--ms-space-3);
      }
      dialog .actions {
        justify-content: flex-end;
        margin-top: var(--ms-space-4);
      }
    `,
  ];

  /** What is stored; `undefined` while the app is still asking the worker. */
  @property({ attribute: false }) status?: DataStatus;
  /** The running download's progress, if any. */
  @property({ attribute: false }) progress?: DownloadProgress;
  /** Whether a download is running. */
  @property({ type: Boolean }) downloading = false;
  /** Whether the worker is busy with something else (buttons wait). */
  @property({ type: Boolean }) busy = false;
  /** Why the last download failed, if it did: shown as an alert, and Download becomes Retry. */
  @property() error = '';

  @query('dialog') private dialog!: HTMLDialogElement;

  private readonly connection = new OnlineController(this);
  private readonly storage = new StorageController(this);

  override render() {
    const stored = this.status?.cached === true;
    // Offline, a download cannot start: say so, next to the button it disables.
    const needsNetwork = this.status?.cached === false && !this.connection.online;
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.dataTitle}</h2>
      <p class="intro">${s.dataIntro}</p>
      <p class="status" role="status">
        <span class="dot ${stored ? 'stored' : ''}" aria-hidden="true"></span>
        ${
          this.status === undefined
            ? s.dataChecking
            : stored
              ? s.dataStored(this.status.bytes)
              : s.dataNotDownloaded
        }
      </p>
      ${
        stored && this.status?.storedAt
          ? html`<p class="when muted">${s.dataStoredAt(formatDateTime(this.status.storedAt))}</p>`
          : html`<p class="when"></p>`
      }
      ${this.downloading ? this.renderProgress() : nothing}
      ${this.error && !this.downloading ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        needsNetwork
          ? html`<p class="offline" id="offline-note">${s.dataOfflineNeedsDownload}</p>`
          : nothing
      }
      <div class="actions">
        <button
          type="button"
          class="primary"
          ?disabled=${
            stored || needsNetwork || this.busy || this.downloading || this.status === undefined
          }
          aria-describedby=${needsNetwork ? 'offline-note' : nothing}
          @click=${this.handleDownload}
        >
          ${this.error ? s.dataRetry : s.dataDownload}
        </button>
        <button
          type="button"
          class="danger"
          ?disabled=${!stored || this.busy || this.downloading}
          @click=${this.handleDeleteClick}
        >
          ${s.dataDelete}
        </button>
      </div>
      ${this.renderStorage()}
      <dialog aria-labelledby="delete-question" @close=${this.handleDialogClose}>
        <p id="delete-question"><strong>${s.dataDeleteQuestion}</strong></p>
        <p class="muted">${s.dataDeleteDetail}</p>
        <form method="dialog" class="actions">
          <button value="cancel" autofocus>${s.cancel}</button>
          <button value="delete" class="danger solid">${s.dataDeleteConfirm}</button>
        </form>
      </dialog>
    </section>`;
  }

  override updated(changed: PropertyValues<this>): void {
    // A download or a deletion changed what the origin stores.
    if (changed.has('status') && changed.get('status') !== undefined) void this.storage.refresh();
    // A download just finished: ask the browser to keep the data (once it is worth keeping).
    if (changed.get('downloading') === true && !this.downloading && this.status?.cached) {
      void this.storage.persist();
    }
  }

  private renderStorage() {
    const report = this.storage.report;
    if (!report || report.quota === 0) return nothing;
    return html`<p class="storage muted">
      ${s.storageUsage(report.usage, report.quota)}
      ${report.persisted ? s.storagePersisted : s.storageBestEffort}
    </p>`;
  }

  private renderProgress() {
    const p = this.progress;
    return html`<div class="progress">
      <progress
        aria-label=${s.dataProgressLabel}
        max=${p?.total || 1}
        .value=${p ? p.loaded : 0}
      ></progress>
      <p>
        <span role="status">${p ? s.downloadPhase(p.phase) : s.downloadPhase('download')}</span>
        <span>${p && p.phase === 'download' ? s.downloadProgress(p.loaded, p.total) : ''}</span>
      </p>
      <button
        type="button"
        aria-label=${s.cancelDownload}
        ?disabled=${p?.phase === 'store'}
        @click=${() => emit(this, 'ms-cancel-download')}
      >
        ${s.cancel}
      </button>
    </div>`;
  }

  private handleDownload(): void {
    emit(this, 'ms-download-data');
  }

  private handleDeleteClick(): void {
    this.dialog.returnValue = '';
    this.dialog.showModal();
  }

  private handleDialogClose(): void {
    if (this.dialog.returnValue === 'delete') emit(this, 'ms-delete-data');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-data-panel': MsDataPanel;
  }
  interface GlobalEventHandlersEventMap {
    /** Asks the app to download, verify and store MNIST. */
    'ms-download-data': CustomEvent<undefined>;
    /** Asks the app to cancel the download in progress (nothing is stored). */
    'ms-cancel-download': CustomEvent<undefined>;
    /** Asks the app to delete the stored MNIST files (the person has confirmed). */
    'ms-delete-data': CustomEvent<undefined>;
  }
}
