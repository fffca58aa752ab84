/**
 * The one place the UI creates, wraps, readies and terminates the worker. Components receive
 * the client through `@lit/context` (`workerClientContext`), never through globals.
 *
 * It watches the worker from the moment it is created:
 * - a worker that fails to load (its module throws or cannot be fetched) fires `error` before
 *   it answers `alive`; a message it cannot read fires `messageerror`;
 * - a worker that dies later (a crash, the browser killing it) frees its life lock (a Web Lock
 *   it holds for life), which the page queues for and is granted only then;
 * - a worker that does not start within `START_TIMEOUT_MS`, or whose thread stops answering
 *   pings for `BLOCKED_MS` while it starts, is stuck: Firefox ESR, cross-origin isolated,
 *   sometimes blocks the worker's thread for good while TF.js' threaded WASM build starts its
 *   pthreads. A timer on the page still runs when the worker's cannot. The client then ends
 *   that worker and starts a new one in the same mode (such a hang can be a one-off); if that one
 *   is stuck too, a step down (`StartMode`: WASM on one thread, then the CPU backend alone),
 *   remembered for this device and browser version (`STARTS_PER_MODE`).
 * In each case calls still waiting reject with a `WorkerCrashed` code, listeners hear of it
 * (unless a step down follows), and the next call starts a fresh worker.
 *
 * It also keeps the worker's latest state snapshot and hands it to subscribers; snapshots of a
 * replaced worker, and any older than the last one seen, are dropped.
 */
import * as Comlink from 'comlink';
import { createContext } from '@lit/context';
import type { WorkerApi } from '../worker/api.ts';
import {
  isStartMode,
  modeAfterHang,
  type BackendChoice,
  type BackendInfo,
  type StartMode,
} from '../shared/backends.ts';
import { setUpComlink } from '../shared/comlink-setup.ts';
import { workerLifeLock } from '../shared/coordination.ts';
import { StudioError } from '../shared/errors.ts';
import { INITIAL_WORKER_STATE, type WorkerState } from '../shared/worker-state.ts';
import { localStore } from './local-store.ts';

setUpComlink();

/** The worker's API as the UI calls it: every method returns a promise. */
export type RemoteWorker = Comlink.Remote<WorkerApi>;

/** A worker that has not loaded and started its backend in this long is considered stuck. */
export const START_TIMEOUT_MS = 30_000;

/**
 * A starting worker that has not answered a ping for this long has a blocked thread. Longer
 * than any single synchronous step of a start (compiling WASM, a first WebGL batch).
 */
export const BLOCKED_MS = 10_000;

/** Where the page remembers a step down (`StartMode`) for this device and browser version. */
export const START_MODE_STORAGE_KEY = 'mnist-studio-start-mode';

/** The remembered start mode: `threads` unless a start hung in this browser version. */
export function rememberedStartMode(): StartMode {
  try {
    const saved = JSON.parse(localStore()?.getItem(START_MODE_STORAGE_KEY) ?? 'null') as {
      mode?: unknown;
      userAgent?: unknown;
    } | null;
    // A new browser version may have fixed what hung: try the full start again.
    if (saved?.userAgent === globalThis.navigator?.userAgent && isStartMode(saved?.mode)) {
      return saved.mode;
    }
  } catch {
    // Unreadable: start in full.
  }
  return 'threads';
}

function rememberStartMode(mode: StartMode): void {
  try {
    localStore()?.setItem(
      START_MODE_STORAGE_KEY,
      JSON.stringify({ mode, userAgent: globalThis.navigator?.userAgent }),
    );
  } catch {
    // Storage full or refused: the step down still holds for this visit.
  }
}

/** One worker and what belongs to it. */
interface Incarnation {
  worker: Worker;
  remote: RemoteWorker;
  /** The remote API whose calls also reject when this worker dies. */
  api: RemoteWorker;
  id: string;
  /** Rejects (with `WorkerCrashed`) when this worker dies. */
  death: Promise<never>;
  dead: boolean;
  /** Whether the worker has answered `alive` (it loaded). */
  loaded: boolean;
  ready?: Promise<BackendInfo>;
}

/** Owns the training worker, its Comlink proxy, and its latest state. */
export class WorkerClient {
  #current: Incarnation | undefined;
  #crashListeners = new Set<(error: Error) => void>();
  #stateListeners = new Set<(state: WorkerState) => void>();
  #state: WorkerState = INITIAL_WORKER_STATE;

  /** The worker's API; starts the worker on first use. */
  get api(): RemoteWorker {
    return this.#incarnation().api;
  }

  /** The latest snapshot of the worker's state. */
  get state(): WorkerState {
    return this.#state;
  }

  /** Calls `listener` with the state now and with every newer snapshot; returns unsubscribe. */
  subscribe(listener: (state: WorkerState) => void): () => void {
    this.#stateListeners.add(listener);
    listener(this.#state);
    return () => this.#stateListeners.delete(listener);
  }

  /** Calls `listener` whenever the worker dies unexpectedly (after its calls have rejected). */
  onCrash(listener: (error: Error) => void): () => void {
    this.#crashListeners.add(listener);
    return () => this.#crashListeners.delete(listener);
  }

  /**
   * Starts TF.js in the worker once per worker; later calls return the same answer. Rejects
   * (and ends the worker) if it has not started within `START_TIMEOUT_MS`.
   */
  ready(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
    const incarnation = this.#incarnation();
    incarnation.ready ??= this.#start(incarnation, choice);
    return incarnation.ready;
  }

  /** Starts `first`, stepping down to a new worker each time one is stuck (see the top). */
  async #start(first: Incarnation, choice: BackendChoice): Promise<BackendInfo> {
    let incarnation = first;
    let mode = rememberedStartMode();
    let hangs = 0;
    for (;;) {
      try {
        return await this.#startOnce(incarnation, choice, mode);
      } catch (error) {
        const stuck = error instanceof StudioError && error.code === 'WorkerCrashed.startTimeout';
        const next = stuck ? modeAfterHang(mode, ++hangs) : undefined;
        if (!next) {
          if (stuck) this.#die(incarnation, error as Error);
          throw error;
        }
        console.warn(`The worker did not start (${mode}); starting it again as "${next}".`);
        this.#end(incarnation, error as Error);
        if (next !== mode) {
          mode = next;
          hangs = 0;
          rememberStartMode(mode);
        }
        incarnation = this.#incarnation();
        incarnation.ready = first.ready;
      }
    }
  }

  /** One worker's start in `mode`; rejects with `startTimeout` when it is stuck. */
  async #startOnce(
    incarnation: Incarnation,
    choice: BackendChoice,
    mode: StartMode,
  ): Promise<BackendInfo> {
    let watch: ReturnType<typeof setInterval> | undefined;
    const stuck = new Promise<never>((_, reject) => {
      const began = Date.now();
      let answered = began;
      watch = setInterval(() => {
        const now = Date.now();
        if (now - answered > BLOCKED_MS || now - began > START_TIMEOUT_MS) {
          const seconds = Math.round((now - began) / 1000);
          reject(new StudioError('WorkerCrashed.startTimeout', { seconds }));
        }
        void incarnation.remote.ping().then(
          () => (answered = Date.now()),
          () => {},
        );
      }, 1_000);
    });
    try {
      return await Promise.race([incarnation.api.init(choice, mode), stuck]);
    } finally {
      clearInterval(watch);
    }
  }

  /** Last resort: kills the worker (and any run in it); the next call starts a fresh one. */
  restart(): void {
    const incarnation = this.#current;
    if (!incarnation) return;
    this.#end(incarnation, new StudioError('AbortError'));
  }

  #incarnation(): Incarnation {
    if (this.#current) return this.#current;
    // randomUUID needs a secure context; Web Locks too, so the fallback only has to be unique.
    const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
    const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), {
      type: 'module',
      name: 'mnist-studio',
    });
    const remote = Comlink.wrap<WorkerApi>(worker);
    let reject!: (error: Error) => void;
    const death = new Promise<never>((_, r) => (reject = r));
    death.catch(() => {}); // observed through the calls that race it
    const api = new Proxy(remote, {
      get: (target, property) => {
        const member = Reflect.get(target, property) as unknown;
        if (typeof property === 'symbol' || typeof member !== 'function') return member;
        return (...args: unknown[]) =>
          Promise.race([(member as (...a: unknown[]) => Promise<unknown>)(...args), death]);
      },
    });
    const incarnation: Incarnation = { worker, remote, api, id, death, dead: false, loaded: false };
    this.#deaths.set(incarnation, reject);
    this.#current = incarnation;
    this.#state = { ...this.#state, seq: -1, backend: undefined, job: undefined };
    this.#publish();

    // Uncaught errors of a running worker do not end it (the life lock tells of real deaths);
    // before it has loaded, an error means it never will.
    worker.addEventListener('error', (event) => {
      if (incarnation.loaded) return;
      event.preventDefault();
      console.error('The worker failed to load:', event.message);
      this.#die(incarnation, new StudioError('WorkerCrashed.loadFailed'));
    });
    worker.addEventListener('messageerror', () =>
      this.#die(incarnation, new StudioError('WorkerCrashed')),
    );
    void remote.alive(id).then(
      () => {
        incarnation.loaded = true;
        this.#watchLife(incarnation);
      },
      () => {},
    );
    void remote
      .subscribe(Comlink.proxy((state: WorkerState) => this.#receive(incarnation, state)))
      .catch(() => {});
    return incarnation;
  }

  #deaths = new WeakMap<Incarnation, (error: Error) => void>();

  /** Takes a snapshot from `incarnation`, unless it is stale. */
  #receive(incarnation: Incarnation, state: WorkerState): void {
    if (incarnation !== this.#current || state.seq <= this.#state.seq) return;
    this.#state = keepUnchanged(this.#state, state);
    this.#publish();
  }

  #publish(): void {
    for (const listener of this.#stateListeners) listener(this.#state);
  }

  /** Queues for the worker's life lock; being granted it means the worker has died. */
  #watchLife(incarnation: Incarnation): void {
    const locks = globalThis.navigator?.locks;
    if (!locks) return;
    void locks.request(workerLifeLock(incarnation.id), async () => {
      if (incarnation.dead) return; // ended on purpose
      this.#die(incarnation, new StudioError('WorkerCrashed'));
    });
  }

  /** The worker died or is stuck: end it and tell the listeners. */
  #die(incarnation: Incarnation, error: Error): void {
    if (incarnation.dead) return;
    this.#end(incarnation, error);
    for (const listener of this.#crashListeners) listener(error);
  }

  /** Rejects the worker's waiting calls with `error`, and terminates it. */
  #end(incarnation: Incarnation, error: Error): void {
    if (incarnation.dead) return;
    incarnation.dead = true;
    if (this.#current === incarnation) {
      this.#current = undefined;
      // What the dead worker held (its job, its backend, its model) is gone with it.
      this.#state = {
        ...this.#state,
        seq: -1,
        backend: undefined,
        job: undefined,
        model: undefined,
        modelVersion: this.#state.modelVersion + 1,
      };
      this.#publish();
    }
    this.#deaths.get(incarnation)?.(error);
    incarnation.remote[Comlink.releaseProxy]();
    incarnation.worker.terminate();
  }
}

/**
 * `next`, with each field that did not change since `previous` kept as the same object: every
 * snapshot arrives as a fresh copy, and elements given an unchanged list (the run history, the
 * saved models) should not redraw a few times a second while a run reports progress.
 */
export function keepUnchanged(previous: WorkerState, next: WorkerState): WorkerState {
  const merged: Record<string, unknown> = { ...next };
  for (const key of Object.keys(next) as (keyof WorkerState)[]) {
    const before = previous[key];
    const after = next[key];
    if (typeof after === 'object' && JSON.stringify(before) === JSON.stringify(after)) {
      merged[key] = before;
    }
  }
  return merged as unknown as WorkerState;
}

/** Context key under which `<ms-app>` provides the worker client. */
export const workerClientContext = createContext<WorkerClient>(Symbol('worker-client'));

/** Marks values (ImageBitmaps, buffers) to be moved to the worker rather than copied. */
export const transfer = <T>(value: T, transferables: Transferable[]): T =>
  Comlink.transfer(value, transferables);

/** Wraps a callback so the worker can call it back across the thread boundary. */
export const callback = <T extends (...args: never[]) => unknown>(fn: T): T & Comlink.ProxyMarked =>
  Comlink.proxy(fn);
