/**
 * My digits as files: Export as one PNG (labels inside it) or as an IDX pair, downloaded;
 * Import one PNG or both IDX files, by file picker or by dropping them on the area, saying how
 * many digits were added or why the files were refused; Clear all, after saying how many go.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import type { PersonalFileFormat } from '../../shared/personal.ts';
import type { ModelFiles } from '../../shared/protocol.ts';
import { downloadFiles } from '../download-files.ts';
import { emit } from '../events.ts';
import { formatList } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, dialogStyles, utilityStyles } from '../styles/shared.ts';
import { transfer, workerClientContext, type WorkerClient } from '../worker-client.ts';

/** An import takes one PNG, or the images and labels IDX files. */
const MAX_IMPORT_FILES = 2;

/** Exports, imports and clears the digits through the client from context. */
@customElement('ms-digit-files')
@localized()
export class MsDigitFiles extends LitElement {
  static override styles = [
    controlStyles,
    utilityStyles,
    dialogStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-3);
      }
      p {
        margin: 0;
        font-size: var(--ms-text-s);
      }
      .drop {
        display: grid;
        gap: var(--ms-space-2);
        padding: var(--ms-space-3);
        border: 2px dashed var(--ms-border);
        border-radius: var(--ms-radius-m);
      }
      .drop.over {
        border-color: var(--ms-accent);
        background: var(--ms-accent-soft);
      }
      .error {
        color: var(--ms-danger);
      }
      dialog p {
        margin: 0 0 var(--ms-space-3);
        font-size: var(--ms-text-m);
      }
      dialog .actions {
        justify-content: flex-end;
      }
    `,
  ];

  /** How many digits My digits holds (Export and Clear need some; Clear says how many go). */
  @property({ type: Number }) total = 0;

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  @state() private working = false;
  @state() private over = false;
  /** The last action's outcome: said politely, or (a refused import) as an alert. */
  @state() private said = '';
  @state() private error = '';

  @query('#files') private fileInput!: HTMLInputElement;
  @query('dialog') private dialog!: HTMLDialogElement;

  override render() {
    const none = this.total === 0;
    return html`
      <p class="muted">${s.filesIntro}</p>
      <div class="actions">
        <button
          type="button"
          ?disabled=${none || this.working}
          @click=${() => this.handleExport('png')}
        >
          ${s.filesExportPng}
        </button>
        <button
          type="button"
          ?disabled=${none || this.working}
          @click=${() => this.handleExport('idx')}
        >
          ${s.filesExportIdx}
        </button>
      </div>
      <div
        class="drop ${this.over ? 'over' : ''}"
        @dragover=${this.handleDragOver}
        @dragleave=${this.handleDragLeave}
        @drop=${this.handleDrop}
      >
        <div class="actions">
          <button
            type="button"
            class="import"
            ?disabled=${this.working}
            @click=${this.handleImportClick}
          >
            ${this.working ? s.filesImporting : s.filesImport}
          </button>
        </div>
        <input
          id="files"
          type="file"
          multiple
          aria-label=${s.filesImportLabel}
          hidden
          @change=${this.handleFilesChosen}
        />
        <p class="muted">${s.filesDrop}</p>
      </div>
      <p class="said" role="status" aria-live="polite">${this.said}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="actions">
        <button
          type="button"
          class="danger clear"
          ?disabled=${none || this.working}
          @click=${this.handleClearClick}
        >
          ${s.clearAll}
        </button>
      </div>
      <dialog aria-labelledby="clear-question" @close=${this.handleClearClose}>
        <p id="clear-question"><strong>${s.clearQuestion(this.total)}</strong></p>
        <p class="muted">${s.clearDetail}</p>
        <form method="dialog" class="actions">
          <button value="cancel" autofocus>${s.cancel}</button>
          <button value="clear" class="danger solid">${s.clearConfirm}</button>
        </form>
      </dialog>
    `;
  }

  /** Runs one call with the buttons waiting; a failure is said (an import's here, others by the notifier). */
  private async run(work: (client: WorkerClient) => Promise<void>, inline = false): Promise<void> {
    if (!this.client || this.working) return;
    this.working = true;
    this.said = '';
    this.error = '';
    try {
      await work(this.client);
    } catch (error) {
      if (inline) this.error = s.errorMessage(error);
      else emit(this, 'ms-error', error);
    } finally {
      this.working = false;
    }
  }

  private handleExport(format: PersonalFileFormat): Promise<void> {
    return this.run(async (client) => {
      const { files } = await client.api.exportDigits(format);
      downloadFiles(
        files.map((f) => ({
          ...f,
          type: f.name.endsWith('.png') ? 'image/png' : 'application/octet-stream',
        })),
      );
      this.said = s.filesExported(formatList(files.map((f) => f.name)));
    });
  }

  /** Sends 1–2 files to the worker, which checks them all before it stores any digit. */
  private import(chosen: File[]): Promise<void> {
    if (chosen.length === 0) return Promise.resolve();
    if (chosen.length > MAX_IMPORT_FILES) {
      this.said = '';
      this.error = s.filesImportCount;
      return Promise.resolve();
    }
    return this.run(async (client) => {
      const files: ModelFiles = {
        files: await Promise.all(
          chosen.map(async (file) => ({ name: file.name, bytes: await file.arrayBuffer() })),
        ),
      };
      const added = await client.api.importDigits(
        transfer(
          files,
          files.files.map((f) => f.bytes),
        ),
      );
      this.said = s.filesImported(added);
    }, true);
  }

  private handleImportClick(): void {
    this.fileInput.value = '';
    this.fileInput.click();
  }

  private handleFilesChosen(): void {
    void this.import([...(this.fileInput.files ?? [])]);
  }

  private handleDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = this.working ? 'none' : 'copy';
    this.over = true;
  }

  private handleDragLeave(): void {
    this.over = false;
  }

  private handleDrop(event: DragEvent): void {
    event.preventDefault();
    this.over = false;
    if (!this.working) void this.import([...(event.dataTransfer?.files ?? [])]);
  }

  private handleClearClick(): void {
    this.dialog.returnValue = '';
    this.dialog.showModal();
  }

  private handleClearClose(): void {
    if (this.dialog.returnValue !== 'clear') return;
    void this.run(async (client) => {
      await client.api.clearDigits();
      this.said = s.cleared;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-digit-files': MsDigitFiles;
  }
}
