/**
 * The live camera: frames inside the guide square go to the worker as transferred ImageBitmaps,
 * one at a time — a frame that arrives while the previous one is being read is dropped, never
 * queued — so readings keep up with the camera and the page keeps its frame rate. The camera's
 * life (one request at a time, off when the element leaves) is `CameraController`'s.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { CameraController, type ReadFrame } from '../camera-controller.ts';
import { guideSquare } from '../rate-meter.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';
import { cssProps } from '../css-props.ts';
import { emit } from '../events.ts';

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
      button[aria-disabled='true'] {
        cursor: progress;
        opacity: 0.5;
      }
    `,
  ];

  /**
   * Reads a frame (the panel sends it to the worker); resolves when the answer is shown. Its
   * signal is aborted when that camera session ends (Stop, Switch, the element leaving).
   */
  @property({ attribute: false }) read?: ReadFrame;

  @query('video') private video?: HTMLVideoElement;

  private readonly camera = new CameraController(this, {
    video: () => this.video,
    read: () => this.read,
  });
  /** Whether the owner was last told that a frozen frame is shown. */
  private toldFrozen = false;

  override render() {
    const { state, frozen, size, facing } = this.camera;
    const live = state === 'live';
    // While a request is out (or being abandoned), Start stays in place but does nothing; it is
    // aria-disabled rather than disabled to keep keyboard focus.
    const waiting = state === 'starting' || state === 'stopping';
    const guide = size && guideSquare(size.width, size.height);
    return html`
      <div class="actions">
        <button
          type="button"
          class=${live ? '' : 'primary'}
          aria-disabled=${waiting ? 'true' : nothing}
          @click=${this.handleStartStop}
        >
          ${live ? s.cameraStop : s.cameraStart}
        </button>
        ${
          state === 'starting'
            ? html`<button type="button" @click=${this.handleStop}>${s.cameraStop}</button>`
            : nothing
        }
        ${
          live && this.camera.cameras > 1
            ? html`<button type="button" @click=${this.handleSwitch}>${s.cameraSwitch}</button>`
            : nothing
        }
        ${
          live
            ? html`<button type="button" aria-pressed=${frozen} @click=${this.handleFreeze}>
                ${frozen ? s.cameraUnfreeze : s.cameraFreeze}
              </button>`
            : nothing
        }
      </div>
      ${this.camera.error ? html`<p class="error" role="alert">${this.camera.error()}</p>` : nothing}
      ${
        live
          ? html`<div class="view">
                <video
                  class=${facing === 'user' ? 'mirror' : ''}
                  aria-label=${s.cameraVideo}
                  autoplay
                  muted
                  playsinline
                  @loadedmetadata=${this.handleMetadata}
                ></video>
                ${
                  guide && size
                    ? html`<div
                        class="guide"
                        ${cssProps({
                          left: `${(guide.x / size.width) * 100}%`,
                          top: `${(guide.y / size.height) * 100}%`,
                          width: `${(guide.side / size.width) * 100}%`,
                          height: `${(guide.side / size.height) * 100}%`,
                        })}
                      ></div>`
                    : nothing
                }
              </div>
              <p>${s.cameraHint}</p>
              <p class="rate">${frozen ? s.cameraFrozen : s.cameraRate(this.camera.rate)}</p>`
          : nothing
      }
    `;
  }

  protected override updated(): void {
    // The owner offers to keep the reading of a frozen frame only (a live one changes at once).
    const frozen = this.camera.state === 'live' && this.camera.frozen;
    if (frozen !== this.toldFrozen) {
      this.toldFrozen = frozen;
      emit(this, 'ms-camera-frozen', frozen);
    }
  }

  /**
   * Start or Stop, once per double click: its second click (`detail` 2) would otherwise land on
   * the button's next role (Stop when the camera opened quickly, Start again after Stop).
   */
  private handleStartStop(event: MouseEvent): void {
    if (event.detail > 1) return;
    if (this.camera.state === 'live') this.camera.stop();
    else void this.camera.start();
  }

  private handleStop(): void {
    this.camera.stop();
  }

  private handleSwitch(): void {
    void this.camera.switchCamera();
  }

  private handleFreeze(): void {
    this.camera.toggleFreeze();
  }

  private handleMetadata(): void {
    this.camera.videoReady();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-camera': MsCamera;
  }
  interface GlobalEventHandlersEventMap {
    /** The camera shows a frozen frame (true) or live frames or none (false). */
    'ms-camera-frozen': CustomEvent<boolean>;
  }
}
