/** An image to read: from the file picker, dropped on the area, or pasted. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** Calls `read` with the chosen file (the worker decodes it and says if it is no image). */
@customElement('ms-image-input')
@localized()
export class MsImageInput extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      .drop {
        display: grid;
        gap: var(--ms-space-3);
        justify-items: start;
        padding: var(--ms-space-4);
        border: 2px dashed var(--ms-border);
        border-radius: var(--ms-radius-m);
      }
      .drop.over {
        border-color: var(--ms-accent);
        background: var(--ms-accent-soft);
      }
      input[type='file'] {
        max-width: 100%;
        min-height: var(--ms-touch);
      }
      p {
        margin: 0;
        font-size: var(--ms-text-s);
        color: var(--ms-text-muted);
      }
      img {
        max-width: min(100%, 240px);
        max-height: 200px;
        border: 1px solid var(--ms-border);
        border-radius: var(--ms-radius-s);
      }
    `,
  ];

  /** Reads an image file (the panel sends it to the worker). */
  @property({ attribute: false }) read?: (image: Blob) => Promise<unknown>;

  @state() private over = false;
  @state() private preview?: { url: string; name: string };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('paste', this.handlePaste);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('paste', this.handlePaste);
    this.showPreview(undefined);
  }

  override render() {
    return html`<div
      class="drop ${this.over ? 'over' : ''}"
      @dragover=${this.handleDragOver}
      @dragleave=${this.handleDragLeave}
      @drop=${this.handleDrop}
    >
      <label for="file">${s.imageUpload}</label>
      <input
        id="file"
        type="file"
        accept="image/*"
        aria-describedby="hint"
        @change=${this.handleChange}
      />
      <p id="hint">${s.imageHint}</p>
      ${
        this.preview
          ? html`<img src=${this.preview.url} alt=${s.imagePreview(this.preview.name)} />`
          : nothing
      }
    </div>`;
  }

  private async use(file: File | Blob, name: string): Promise<void> {
    // Only images get a preview; anything else goes to the worker, which says what it is not.
    this.showPreview(file.type.startsWith('image/') ? { file, name } : undefined);
    await this.read?.(file);
  }

  private showPreview(next: { file: Blob; name: string } | undefined): void {
    if (this.preview) URL.revokeObjectURL(this.preview.url);
    this.preview = next && { url: URL.createObjectURL(next.file), name: next.name };
  }

  private handleChange(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.use(file, file.name);
    input.value = ''; // choosing the same file again reads it again
  }

  private handleDragOver(event: DragEvent): void {
    event.preventDefault();
    this.over = true;
  }

  private handleDragLeave(): void {
    this.over = false;
  }

  private handleDrop(event: DragEvent): void {
    event.preventDefault();
    this.over = false;
    const file = event.dataTransfer?.files[0];
    if (file) void this.use(file, file.name);
  }

  private handlePaste = (event: ClipboardEvent): void => {
    const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
    if (!file) return;
    event.preventDefault();
    void this.use(file, file.name || s.imagePasted);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-image-input': MsImageInput;
  }
}
