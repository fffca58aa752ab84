/**
 * The live camera: frames inside the guide square go to the worker as transferred ImageBitmaps,
 * one at a time — a frame that arrives while the previous one is being read is dropped, never
 * queued — so readings keep up with the camera and the page keeps its frame rate.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { guideSquare, RateMeter } from '../rate-meter.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';
import { cssProps } from '../css-props.ts';

/** Frames are scaled to this side before reading: plenty for a 28 × 28 digit, cheap to move. */
const FRAME_SIDE = 224;

/** Why the camera did not start, as a person should read it (in the locale shown when read). */
function cameraError(error: unknown): () => string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return () => s.cameraDenied;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return () => s.cameraMissing;
  return () => s.cameraFailed(error instanceof Error ? error.message : String(error));
}

/** Start/Stop, Switch, Freeze, the video with its guide square, and the reading rate. */
@customElement('ms-camera')
@localized()
export class MsCamera extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-3);
      }
      .view {
        position: relative;
        width: min(100%, 480px);
        border-radius: var(--ms-radius-m);
        overflow: hidden;
        background: #000;
      }
      video {
        display: block;
        width: 100%;
        height: auto;
      }
      video.mirror {
        transform: scaleX(-1);
      }
      .guide {
        position: absolute;
        border: 3px solid #fff;
        border-radius: var(--ms-radius-s);
        box-shadow: 0 0 0 9999px rgb(0 0 0 / 35%);
        pointer-events: none;
      }
      p {
        margin: 0;
        font-size: var(--ms-text-s);
        color: var(--ms-text-muted);
      }
      p.error {
        color: var(--ms-danger);
      }
    `,
  ];

  /** Reads a frame (the panel sends it to the worker); resolves when the answer is shown. */
  @property({ attribute: false }) read?: (image: ImageBitmap) => Promise<unknown>;

  @state() private stream?: MediaStream;
  @state() private facing: 'environment' | 'user' = 'environment';
  @state() private cameras = 0;
  @state() private frozen = false;
  @state() private rate = 0;
  @state() private error?: () => string;
  @state() private size?: { width: number; height: number };

  @query('video') private video?: HTMLVideoElement;
  private busy = false;
  private frame?: OffscreenCanvas;
  private readonly meter = new RateMeter();
  private rateTimer?: ReturnType<typeof setInterval>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  override render() {
    const on = !!this.stream;
    const guide = this.size && guideSquare(this.size.width, this.size.height);
    return html`
      <div class="actions">
        <button
          type="button"
          class=${on ? '' : 'primary'}
          @click=${on ? this.stop : this.handleStart}
        >
          ${on ? s.cameraStop : s.cameraStart}
        </button>
        ${
          on && this.cameras > 1
            ? html`<button type="button" @click=${this.handleSwitch}>${s.cameraSwitch}</button>`
            : nothing
        }
        ${
          on
            ? html`<button type="button" aria-pressed=${this.frozen} @click=${this.handleFreeze}>
                ${this.frozen ? s.cameraUnfreeze : s.cameraFreeze}
              </button>`
            : nothing
        }
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error()}</p>` : nothing}
      ${
        on
          ? html`<div class="view">
                <video
                  class=${this.facing === 'user' ? 'mirror' : ''}
                  aria-label=${s.cameraVideo}
                  autoplay
                  muted
                  playsinline
                  @loadedmetadata=${this.handleMetadata}
                ></video>
                ${
                  guide && this.size
                    ? html`<div
                        class="guide"
                        ${cssProps({
                          left: `${(guide.x / this.size.width) * 100}%`,
                          top: `${(guide.y / this.size.height) * 100}%`,
                          width: `${(guide.side / this.size.width) * 100}%`,
                          height: `${(guide.side / this.size.height) * 100}%`,
                        })}
                      ></div>`
                    : nothing
                }
              </div>
              <p>${s.cameraHint}</p>
              <p class="rate">${this.frozen ? s.cameraFrozen : s.cameraRate(this.rate)}</p>`
          : nothing
      }
    `;
  }

  private async handleStart(): Promise<void> {
    this.error = undefined;
    if (!navigator.mediaDevices?.getUserMedia) {
      const secure = globalThis.isSecureContext;
      this.error = () => (secure ? s.cameraMissing : s.cameraInsecure);
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {
          facingMode: { ideal: this.facing },
          width: { ideal: 640 },
          height: { ideal: 480 },
        },
      });
      // Attach and start the video explicitly: a cloned template's `autoplay muted` is not
      // always honoured for a stream set later.
      await this.updateComplete;
      if (this.video) {
        this.video.muted = true;
        this.video.srcObject = this.stream;
        await this.video.play();
      }
      const devices = await navigator.mediaDevices.enumerateDevices();
      this.cameras = devices.filter((d) => d.kind === 'videoinput').length;
      this.frozen = false;
      this.meter.reset();
      this.rateTimer = setInterval(() => (this.rate = this.meter.rate(performance.now())), 500);
    } catch (error) {
      this.error = cameraError(error);
    }
  }

  /** Stops the camera (the light goes off) and the reading loop. */
  private stop = (): void => {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.size = undefined;
    clearInterval(this.rateTimer);
    this.rate = 0;
  };

  private async handleSwitch(): Promise<void> {
    this.facing = this.facing === 'environment' ? 'user' : 'environment';
    this.stop();
    await this.handleStart();
  }

  private handleFreeze(): void {
    this.frozen = !this.frozen;
    if (this.frozen) this.video?.pause();
    else void this.video?.play();
    this.nextFrame();
  }

  private handleMetadata(): void {
    const video = this.video;
    if (!video) return;
    this.size = { width: video.videoWidth, height: video.videoHeight };
    this.nextFrame();
  }

  /** Waits for the next video frame (or display frame where frame callbacks are missing). */
  private nextFrame(): void {
    const video = this.video;
    if (!video || !this.stream || this.frozen) return;
    if ('requestVideoFrameCallback' in video)
      video.requestVideoFrameCallback(() => this.handleFrame());
    else requestAnimationFrame(() => this.handleFrame());
  }

  private async handleFrame(): Promise<void> {
    const video = this.video;
    if (!video || !this.stream || this.frozen) return;
    if (!this.busy && video.videoWidth > 0) {
      this.busy = true;
      try {
        const square = guideSquare(video.videoWidth, video.videoHeight);
        // Crop and scale on a small canvas: createImageBitmap(video, …crop, {resize…}) fails
        // to allocate in some Chromium builds, and this is as cheap.
        this.frame ??= new OffscreenCanvas(FRAME_SIDE, FRAME_SIDE);
        const context = this.frame.getContext('2d');
        if (!context) return;
        context.drawImage(
          video,
          square.x,
          square.y,
          square.side,
          square.side,
          0,
          0,
          FRAME_SIDE,
          FRAME_SIDE,
        );
        const bitmap = this.frame.transferToImageBitmap();
        await this.read?.(bitmap);
        this.meter.add(performance.now());
      } finally {
        this.busy = false;
      }
    }
    this.nextFrame();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-camera': MsCamera;
  }
}
