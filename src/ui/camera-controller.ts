/**
 * The camera's life, apart from how `<ms-camera>` draws it: one `getUserMedia` request at a time,
 * the stream it gives, and the frame loop that reads from it.
 *
 * States: `idle` → `starting` (the request is out; the permission prompt may be open) → `live`
 * → `idle`. Stop while starting goes to `stopping` until that request settles, so a second
 * request never runs beside the first; Start is refused in every state but `idle` (a double
 * click asks once). Stopping a live camera is `track.stop()`, which is synchronous: it goes
 * straight to `idle`.
 *
 * Each start is a session with its own `AbortController`. Stop, Switch and the element leaving
 * the page abort it; every step of a start checks it after each `await`, so a stream that
 * arrives after that is stopped at once (the camera light goes off) and starts no timer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { guideSquare, RateMeter } from './rate-meter.ts';
import { strings as s } from './strings.ts';

/** Where the camera is in its life (see the module comment). */
export type CameraState = 'idle' | 'starting' | 'live' | 'stopping';

/** Reads one frame; `signal` is aborted when the camera session that took it ends. */
export type ReadFrame = (image: ImageBitmap, signal: AbortSignal) => Promise<unknown>;

/** What the controller needs from its element, asked for each time it is needed. */
export interface CameraParts {
  /** The element showing the stream, once it is rendered (only while `live`). */
  video: () => HTMLVideoElement | undefined;
  /** Reads a frame; the next frame is taken when it resolves. */
  read: () => ReadFrame | undefined;
}

/** Frames are scaled to this side before reading: plenty for a 28 × 28 digit, cheap to move. */
export const FRAME_SIDE = 224;

/** The rate shown is refreshed this often (ms). */
const RATE_INTERVAL_MS = 500;

/** Why the camera did not start, as a person should read it (in the locale shown when read). */
function cameraError(error: unknown): () => string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return () => s.cameraDenied;
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return () => s.cameraMissing;
  return () => s.cameraFailed(error instanceof Error ? error.message : String(error));
}

/** Ends every track of a stream: this, not dropping the stream, turns the camera off. */
function stopTracks(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** Owns getUserMedia, the stream, the frame loop, the rate timer, Switch camera and Freeze. */
export class CameraController implements ReactiveController {
  state: CameraState = 'idle';
  /** The live stream (only while `live`). */
  stream?: MediaStream;
  facing: 'environment' | 'user' = 'environment';
  /** How many cameras the device has (known once live): Switch is offered for two or more. */
  cameras = 0;
  frozen = false;
  /** Readings per second over the last second. */
  rate = 0;
  /** Why the last start failed, in the locale shown when it is read. */
  error?: () => string;
  /** The video's size in pixels, once its metadata is in. */
  size?: { width: number; height: number };

  /** The current start's session; aborted by `stop()`. */
  #session?: AbortController;
  #rateTimer?: ReturnType<typeof setInterval>;
  /** Cancels the one pending video-frame (or animation-frame) callback. */
  #cancelFrame?: () => void;
  /** Whether a frame is being read: frames that come meanwhile are dropped, not queued. */
  #reading = false;
  #canvas?: OffscreenCanvas;
  readonly #meter = new RateMeter();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly parts: CameraParts,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The element left the page (e.g. another tab was chosen): the camera goes off with it. */
  hostDisconnected(): void {
    this.stop();
  }

  /** Asks for the camera and starts reading; ignored unless `idle`. */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.error = undefined;
    if (!navigator.mediaDevices?.getUserMedia) {
      const secure = globalThis.isSecureContext;
      this.error = () => (secure ? s.cameraMissing : s.cameraInsecure);
      this.host.requestUpdate();
      return;
    }
    const session = new AbortController();
    const { signal } = session;
    this.#session = session;
    this.#setState('starting');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {
          facingMode: { ideal: this.facing },
          width: { ideal: 640 },
          height: { ideal: 480 },
        },
      });
    } catch (error) {
      if (!signal.aborted) this.error = cameraError(error);
      this.#requestSettled(session);
      return;
    }
    if (signal.aborted) {
      // Stopped, or the element left, while the request was out: off at once.
      stopTracks(stream);
      this.#requestSettled(session);
      return;
    }
    this.stream = stream;
    this.frozen = false;
    this.#meter.reset();
    this.#setState('live');
    try {
      // Attach and start the video explicitly: a cloned template's `autoplay muted` is not
      // always honoured for a stream set later.
      await this.host.updateComplete;
      const video = this.parts.video();
      if (signal.aborted || !video) return;
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      const devices = await navigator.mediaDevices.enumerateDevices();
      if (signal.aborted) return;
      this.cameras = devices.filter((d) => d.kind === 'videoinput').length;
      clearInterval(this.#rateTimer);
      this.#rateTimer = setInterval(() => {
        this.rate = this.#meter.rate(performance.now());
        this.host.requestUpdate();
      }, RATE_INTERVAL_MS);
      this.host.requestUpdate();
    } catch (error) {
      // play() rejects with an AbortError when Stop took the stream away meanwhile.
      if (signal.aborted) return;
      this.stop();
      this.error = cameraError(error);
      this.host.requestUpdate();
    }
  }

  /** Turns the camera off (the light goes off) and ends the session: no frame is read after. */
  stop(): void {
    this.#session?.abort();
    this.#session = undefined;
    stopTracks(this.stream);
    this.stream = undefined;
    const video = this.parts.video();
    if (video) video.srcObject = null;
    this.#cancelFrame?.();
    this.#cancelFrame = undefined;
    clearInterval(this.#rateTimer);
    this.#rateTimer = undefined;
    this.size = undefined;
    this.rate = 0;
    // A request still out keeps its place until it settles (its stream is then stopped).
    this.#setState(this.state === 'starting' || this.state === 'stopping' ? 'stopping' : 'idle');
  }

  /** The other camera (front or back): this camera off, then a new start. */
  async switchCamera(): Promise<void> {
    if (this.state !== 'live') return;
    this.facing = this.facing === 'environment' ? 'user' : 'environment';
    this.stop();
    await this.start();
  }

  /** Freeze keeps the last frame shown and read; unfreeze reads live frames again. */
  toggleFreeze(): void {
    if (this.state !== 'live') return;
    this.frozen = !this.frozen;
    if (this.frozen) this.parts.video()?.pause();
    else void this.parts.video()?.play();
    this.host.requestUpdate();
    this.#nextFrame();
  }

  /** The video knows its size (its `loadedmetadata`): show the guide and start reading. */
  videoReady(): void {
    const video = this.parts.video();
    if (!video || this.state !== 'live') return;
    this.size = { width: video.videoWidth, height: video.videoHeight };
    this.host.requestUpdate();
    this.#nextFrame();
  }

  #setState(state: CameraState): void {
    this.state = state;
    this.host.requestUpdate();
  }

  /** The request of `session` has settled: a `stopping` camera may be started again. */
  #requestSettled(session: AbortController): void {
    if (this.#session === session) this.#session = undefined;
    if (this.state === 'starting' || this.state === 'stopping') this.#setState('idle');
  }

  /** Waits for the next video frame (or display frame where frame callbacks are missing). */
  #nextFrame(): void {
    const video = this.parts.video();
    const session = this.#session;
    if (!video || !session || this.state !== 'live' || this.frozen || this.#cancelFrame) return;
    const onFrame = () => {
      this.#cancelFrame = undefined;
      void this.#handleFrame(video, session.signal);
    };
    if ('requestVideoFrameCallback' in video) {
      const id = video.requestVideoFrameCallback(onFrame);
      this.#cancelFrame = () => video.cancelVideoFrameCallback(id);
    } else {
      const id = requestAnimationFrame(onFrame);
      this.#cancelFrame = () => cancelAnimationFrame(id);
    }
  }

  /** Reads the guide square of this frame unless a reading is under way, then waits again. */
  async #handleFrame(video: HTMLVideoElement, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.frozen) return;
    const read = this.parts.read();
    if (!this.#reading && read && video.videoWidth > 0) {
      this.#reading = true;
      try {
        const square = guideSquare(video.videoWidth, video.videoHeight);
        // Crop and scale on a small canvas: createImageBitmap(video, …crop, {resize…}) fails
        // to allocate in some Chromium builds, and this is as cheap.
        this.#canvas ??= new OffscreenCanvas(FRAME_SIDE, FRAME_SIDE);
        const context = this.#canvas.getContext('2d');
        if (!context) return;
        const { x, y, side } = square;
        context.drawImage(video, x, y, side, side, 0, 0, FRAME_SIDE, FRAME_SIDE);
        await read(this.#canvas.transferToImageBitmap(), signal);
        this.#meter.add(performance.now());
      } finally {
        this.#reading = false;
      }
    }
    if (!signal.aborted) this.#nextFrame();
  }
}
