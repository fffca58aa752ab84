/**
 * The Models card: which model is in use, Save model, the models saved in this browser (Load,
 * Rename, Export, Delete) and Import, by file picker or by dropping the files on the card.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { live } from 'lit/directives/live.js';
import type { CurrentModelInfo, SavedModelInfo } from '../../shared/protocol.ts';
import { MODEL_NAME_MAX_LENGTH } from '../../shared/saved-models.ts';
import { emit } from '../events.ts';
import { formatDateTime } from '../format.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles, dialogStyles, utilityStyles } from '../styles/shared.ts';
import { modelsPanelStyles } from './ms-models-panel.styles.ts';

/**
 * Shows `current` and `saved`; sends `ms-save-model` (a name), `ms-load-model`,
 * `ms-export-model` and (confirmed) `ms-delete-model` (an id), `ms-rename-model` ({id, name})
 * and `ms-import-model` (the chosen or dropped files).
 */
@customElement('ms-models-panel')
@localized()
export class MsModelsPanel extends LitElement {
  static override styles = [
    cardStyles,
    controlStyles,
    utilityStyles,
    dialogStyles,
    modelsPanelStyles,
  ];

  /** Saved models, newest first. */
  @property({ attribute: false }) saved: readonly SavedModelInfo[] = [];
  /** The model in use, if there is one. */
  @property({ attribute: false }) current?: CurrentModelInfo;
  /** Whether the worker is busy (Save, Load and Import wait). */
  @property({ type: Boolean }) busy = false;

  /** The saved model whose name is being edited. */
  @state() private renamingId?: number;
  /** The saved model the delete dialog asks about. */
  @state() private deleting?: SavedModelInfo;
  /** Whether files are being dragged over the card. */
  @state() private dragging = false;

  @query('#save-dialog') private saveDialog!: HTMLDialogElement;
  @query('#save-name') private saveName!: HTMLInputElement;
  @query('#delete-dialog') private deleteDialog!: HTMLDialogElement;
  @query('#files') private fileInput!: HTMLInputElement;
  @query('.rename input') private renameInput?: HTMLInputElement;

  /** dragenter/dragleave fire for every child crossed; count them to know when files leave. */
  private dragDepth = 0;
  /** After renaming, focus goes back to this model's Rename button. */
  private refocusRename?: number;

  constructor() {
    super();
    this.addEventListener('dragenter', this.handleDragEnter);
    this.addEventListener('dragover', this.handleDragOver);
    this.addEventListener('dragleave', this.handleDragLeave);
    this.addEventListener('drop', this.handleDrop);
  }

  override render() {
    const canSave = !!this.current && this.current.savedId === undefined && !this.busy;
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.modelsTitle}</h2>
      <p class="intro">${s.modelsIntro}</p>
      <p class="in-use" role="status">
        <span class="dot ${this.current ? 'on' : ''}" aria-hidden="true"></span>
        <span>${this.inUseText()}</span>
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary"
          ?disabled=${!canSave}
          title=${
            canSave
              ? nothing
              : this.current?.savedId !== undefined
                ? s.modelsSaveDone
                : s.modelsSaveNeedsModel
          }
          @click=${this.handleSaveClick}
        >
          ${s.modelsSave}
        </button>
        <button type="button" ?disabled=${this.busy} @click=${this.handleImportClick}>
          ${s.modelsImport}
        </button>
        <input
          id="files"
          type="file"
          multiple
          accept=".json,.bin,application/json"
          aria-label=${s.modelsImportLabel}
          hidden
          @change=${this.handleFilesChosen}
        />
      </div>
      <p class="hint muted">${s.modelsImportHint}</p>
      <h3 id="list-title">${s.modelsListTitle}</h3>
      ${
        this.saved.length === 0
          ? html`<p class="empty muted">${s.modelsEmpty}</p>`
          : html`<ul aria-label=${s.modelsListLabel}>
              ${this.saved.map((m) => this.renderItem(m))}
            </ul>`
      }
      ${this.renderSaveDialog()} ${this.renderDeleteDialog()}
      ${
        this.dragging
          ? html`<div class="drop" aria-hidden="true"><p>${s.modelsDropHere}</p></div>`
          : nothing
      }
    </section>`;
  }

  private inUseText(): string {
    const c = this.current;
    if (!c) return s.modelsInUseNone;
    if (c.savedId !== undefined) return s.modelsInUseSaved(c.name);
    if (c.origin === 'saved') return s.modelsInUseDeleted(c.name);
    return s.modelsInUseTrained(c.architecture, c.createdAt);
  }

  private renderItem(m: SavedModelInfo) {
    const inUse = this.current?.savedId === m.id;
    return html`<li class=${inUse ? 'in-use-item' : ''}>
      ${
        this.renamingId === m.id
          ? html`<form class="rename" @submit=${this.handleRenameSubmit}>
              <input
                type="text"
                name="name"
                required
                maxlength=${MODEL_NAME_MAX_LENGTH}
                autocomplete="off"
                aria-label=${s.modelsRenameLabel(m.name)}
                .value=${live(m.name)}
                @keydown=${this.handleRenameKey}
              />
              <button class="primary">${s.modelsRenameConfirm}</button>
              <button type="button" @click=${this.handleRenameCancel}>${s.cancel}</button>
            </form>`
          : html`<p class="name">
              <span>${m.name}</span>
              ${inUse ? html`<span class="badge current">${s.modelsInUseBadge}</span>` : nothing}
              ${
                m.source === 'imported'
                  ? html`<span class="badge">${s.modelsImportedBadge}</span>`
                  : nothing
              }
              ${this.renderOrigin(m)}
            </p>`
      }
      <p class="facts">${s.modelsFacts(m.architecture, m.testAccuracy, m.epochs)}</p>
      <p class="date muted">${s.modelsSavedAt(formatDateTime(m.createdAt))}</p>
      <div class="actions">
        <button
          type="button"
          aria-label=${s.modelsLoadName(m.name)}
          ?disabled=${this.busy || inUse}
          @click=${() => emit(this, 'ms-load-model', m.id)}
        >
          ${s.modelsLoad}
        </button>
        <button
          type="button"
          aria-label=${s.modelsRenameName(m.name)}
          data-rename=${m.id}
          ?disabled=${this.renamingId === m.id}
          @click=${() => (this.renamingId = m.id)}
        >
          ${s.modelsRename}
        </button>
        <button
          type="button"
          aria-label=${s.modelsExportName(m.name)}
          @click=${() => emit(this, 'ms-export-model', m.id)}
        >
          ${s.modelsExport}
        </button>
        <button
          type="button"
          class="danger"
          aria-label=${s.modelsDeleteName(m.name)}
          @click=${() => this.askDelete(m)}
        >
          ${s.modelsDelete}
        </button>
      </div>
    </li>`;
  }

  /** Where an imported Keras model came from: "Keras 3 (converted)" or "Keras / TF.js". */
  private renderOrigin(m: SavedModelInfo) {
    if (m.source !== 'imported' || !m.origin || m.origin === 'mnist-studio') return nothing;
    const origin = s[`modelsOrigin.${m.origin}`];
    return html`<span class="badge origin" title=${s.modelsOriginLabel(origin)}>${origin}</span>`;
  }

  private renderSaveDialog() {
    return html`<dialog
      id="save-dialog"
      aria-labelledby="save-title"
      @close=${this.handleSaveClose}
    >
      <form method="dialog">
        <h3 id="save-title">${s.modelsSaveTitle}</h3>
        <label for="save-name">${s.modelsNameLabel}</label>
        <input
          id="save-name"
          type="text"
          name="name"
          required
          maxlength=${MODEL_NAME_MAX_LENGTH}
          autocomplete="off"
        />
        <div class="actions">
          <button type="button" @click=${() => this.saveDialog.close()}>${s.cancel}</button>
          <button value="save" class="primary">${s.modelsSaveConfirm}</button>
        </div>
      </form>
    </dialog>`;
  }

  private renderDeleteDialog() {
    const name = this.deleting?.name ?? '';
    return html`<dialog
      id="delete-dialog"
      aria-labelledby="delete-question"
      @close=${this.handleDeleteClose}
    >
      <p id="delete-question"><strong>${s.modelsDeleteQuestion(name)}</strong></p>
      <p class="muted">${s.modelsDeleteDetail}</p>
      <form method="dialog" class="actions">
        <button value="cancel" autofocus>${s.cancel}</button>
        <button value="delete" class="danger solid">${s.modelsDeleteConfirm}</button>
      </form>
    </dialog>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.toggleAttribute('dragging', this.dragging);
    if (changed.has('renamingId' as keyof MsModelsPanel) && this.renamingId !== undefined) {
      this.renameInput?.focus();
      this.renameInput?.select();
    } else if (this.refocusRename !== undefined) {
      const button = this.renderRoot.querySelector<HTMLElement>(
        `[data-rename="${this.refocusRename}"]`,
      );
      this.refocusRename = undefined;
      button?.focus();
    }
  }

  /** The name offered when saving: "conv · 98.87% · Nov 26, 11:02 AM", or the saved name. */
  private defaultName(): string {
    const c = this.current;
    if (!c) return '';
    if (c.origin === 'saved') return c.name;
    return s.modelsDefaultName(c.architecture, c.testAccuracy, c.createdAt ?? Date.now());
  }

  private handleSaveClick(): void {
    this.saveName.value = this.defaultName();
    this.saveDialog.returnValue = '';
    this.saveDialog.showModal();
    this.saveName.select();
  }

  private handleSaveClose(): void {
    const name = this.saveName.value.trim();
    if (this.saveDialog.returnValue === 'save' && name) emit(this, 'ms-save-model', name);
  }

  private handleRenameSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const id = this.renamingId;
    const name = this.renameInput?.value.trim() ?? '';
    this.refocusRename = id;
    this.renamingId = undefined;
    const before = this.saved.find((m) => m.id === id)?.name;
    if (id !== undefined && name && name !== before) emit(this, 'ms-rename-model', { id, name });
  }

  private handleRenameKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.handleRenameCancel();
  }

  private handleRenameCancel(): void {
    this.refocusRename = this.renamingId;
    this.renamingId = undefined;
  }

  private askDelete(model: SavedModelInfo): void {
    this.deleting = model;
    this.deleteDialog.returnValue = '';
    this.deleteDialog.showModal();
  }

  private handleDeleteClose(): void {
    const model = this.deleting;
    this.deleting = undefined;
    if (this.deleteDialog.returnValue === 'delete' && model) {
      emit(this, 'ms-delete-model', model.id);
    }
  }

  private handleImportClick(): void {
    this.fileInput.value = '';
    this.fileInput.click();
  }

  private handleFilesChosen(): void {
    const files = [...(this.fileInput.files ?? [])];
    if (files.length > 0) emit(this, 'ms-import-model', files);
  }

  private readonly handleDragEnter = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragDepth++;
    this.dragging = true;
  };

  private readonly handleDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = this.busy ? 'none' : 'copy';
  };

  private readonly handleDragLeave = (): void => {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.dragging = false;
  };

  private readonly handleDrop = (event: DragEvent): void => {
    const files = [...(event.dataTransfer?.files ?? [])];
    event.preventDefault();
    this.dragDepth = 0;
    this.dragging = false;
    if (files.length > 0 && !this.busy) emit(this, 'ms-import-model', files);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-models-panel': MsModelsPanel;
  }
  interface GlobalEventHandlersEventMap {
    /** Asks the app to save the model in use under this name. */
    'ms-save-model': CustomEvent<string>;
    /** Asks the app to make this saved model the one in use. */
    'ms-load-model': CustomEvent<number>;
    /** Asks the app to rename a saved model. */
    'ms-rename-model': CustomEvent<{ id: number; name: string }>;
    /** Asks the app to delete a saved model (the person has confirmed). */
    'ms-delete-model': CustomEvent<number>;
    /** Asks the app to download a saved model's files. */
    'ms-export-model': CustomEvent<number>;
    /** Asks the app to import a model from these files (model.json and weights). */
    'ms-import-model': CustomEvent<File[]>;
  }
}
