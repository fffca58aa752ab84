/**
 * The one place the UI creates, wraps, readies and terminates the worker. Components receive
 * the client through `@lit/context` (`workerClientContext`), never through globals.
 *
 * It watches the worker from the moment it is created:
 * - a worker that fails to load (its module throws or cannot be fetched) fires `error` before
 *   it answers `alive`; a message it cannot read fires `messageerror`;
 * - a worker that dies later (a crash, the browser killing it) frees its life lock (a Web Lock
 *   it holds for life), which the page queues for and is granted only then;
 * - a worker that does not start within `START_TIMEOUT_MS` is stuck (e.g. blocked while a WASM
 *   build starts its threads): a timer on the page still runs when the worker's cannot.
 * In each case calls still waiting reject with a `WorkerCrashed` code, listeners hear of it, and
 * the next call starts a fresh worker.
 *
 * It also keeps the worker's latest state snapshot and hands it to subscribers; snapshots of a
 * replaced worker, and any older than the last one seen, are dropped.
 */
import * as Comlink from 'comlink';
import { createContext } from '@lit/context';
import type { WorkerApi } from '../worker/api.ts';
import type { BackendChoice, BackendInfo } from '../shared/backends.ts';
import { setUpComlink } from '../shared/comlink-setup.ts';
import { workerLifeLock } from '../shared/coordination.ts';
import { StudioError } from '../shared/errors.ts';
import { INITIAL_WORKER_STATE, type WorkerState } from '../shared/worker-state.ts';

setUpComlink();

/** The worker's API as the UI calls it: every method returns a promise. */
export type RemoteWorker = Comlink.Remote<WorkerApi>;

/** A worker that has not loaded and started its backend in this long is considered stuck. */
export const START_TIMEOUT_MS = 30_000;

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
    incarnation.ready ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const seconds = START_TIMEOUT_MS / 1000;
          const error = new StudioError('WorkerCrashed.startTimeout', { seconds });
          this.#die(incarnation, error);
          reject(error);
        }, START_TIMEOUT_MS);
      });
      try {
        return await Promise.race([incarnation.api.init(choice), timeout]);
      } finally {
        clearTimeout(timer);
      }
    })();
    return incarnation.ready;
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
