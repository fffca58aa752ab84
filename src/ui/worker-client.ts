/**
 * The one place the UI creates, wraps, readies and terminates the worker. Components receive
 * the client through `@lit/context` (`workerClientContext`), never through globals.
 *
 * It also notices when the worker dies (a crash, `self.close()`, the browser killing it): the
 * worker holds a Web Lock for its whole life, and the page queues for the same lock, which it is
 * granted only then. Calls still waiting reject with `WorkerCrashed`, listeners hear of it, and
 * the next call starts a fresh worker.
 */
import * as Comlink from 'comlink';
import { createContext } from '@lit/context';
import type { WorkerApi } from '../worker/api.ts';
import type { BackendChoice, BackendInfo } from '../shared/backends.ts';
import { workerLifeLock } from '../shared/coordination.ts';
import { StudioError } from '../shared/errors.ts';

/** The worker's API as the UI calls it: every method returns a promise. */
export type RemoteWorker = Comlink.Remote<WorkerApi>;

/** One worker and what belongs to it. */
interface Incarnation {
  worker: Worker;
  remote: RemoteWorker;
  /** The remote API whose calls also reject when this worker dies. */
  api: RemoteWorker;
  id: string;
  /** Rejects (with `WorkerCrashed`) when this worker dies. */
  death: Promise<never>;
  die: (error: Error) => void;
  ready?: Promise<BackendInfo>;
}

/** Owns the training worker and its Comlink proxy. */
export class WorkerClient {
  #current: Incarnation | undefined;
  #crashListeners = new Set<() => void>();

  /** The worker's API; starts the worker on first use. */
  get api(): RemoteWorker {
    return this.#incarnation().api;
  }

  /** Calls `listener` whenever the worker dies unexpectedly (after its calls have rejected). */
  onCrash(listener: () => void): () => void {
    this.#crashListeners.add(listener);
    return () => this.#crashListeners.delete(listener);
  }

  /** Starts TF.js in the worker once per worker; later calls return the same answer. */
  ready(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
    const incarnation = this.#incarnation();
    incarnation.ready ??= incarnation.api.init(choice, incarnation.id).then((info) => {
      this.#watchLife(incarnation);
      return info;
    });
    return incarnation.ready;
  }

  /** Last resort: kills the worker (and any run in it); the next call starts a fresh one. */
  restart(): void {
    const incarnation = this.#current;
    if (!incarnation) return;
    this.#current = undefined;
    incarnation.die(new StudioError('AbortError', 'The worker was restarted.'));
    incarnation.remote[Comlink.releaseProxy]();
    incarnation.worker.terminate();
  }

  #incarnation(): Incarnation {
    if (this.#current) return this.#current;
    const worker = new Worker(new URL('../worker/api.ts', import.meta.url), {
      type: 'module',
      name: 'mnist-studio',
    });
    const remote = Comlink.wrap<WorkerApi>(worker);
    let die!: (error: Error) => void;
    const death = new Promise<never>((_, reject) => (die = reject));
    death.catch(() => {}); // observed through the calls that race it
    const api = new Proxy(remote, {
      get: (target, property) => {
        const member = Reflect.get(target, property) as unknown;
        if (typeof property === 'symbol' || typeof member !== 'function') return member;
        return (...args: unknown[]) =>
          Promise.race([(member as (...a: unknown[]) => Promise<unknown>)(...args), death]);
      },
    });
    // randomUUID needs a secure context; Web Locks too, so the fallback only has to be unique.
    const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
    this.#current = { worker, remote, api, death, die, id };
    return this.#current;
  }

  /** Queues for the worker's life lock; being granted it means the worker has died. */
  #watchLife(incarnation: Incarnation): void {
    const locks = globalThis.navigator?.locks;
    if (!locks) return;
    void locks.request(workerLifeLock(incarnation.id), async () => {
      if (this.#current !== incarnation) return; // restarted on purpose
      this.#current = undefined;
      incarnation.die(
        new StudioError('WorkerCrashed', 'The training worker stopped unexpectedly.'),
      );
      incarnation.remote[Comlink.releaseProxy]();
      incarnation.worker.terminate();
      for (const listener of this.#crashListeners) listener();
    });
  }
}

/** Context key under which `<ms-app>` provides the worker client. */
export const workerClientContext = createContext<WorkerClient>(Symbol('worker-client'));

/** Marks values (ImageBitmaps, buffers) to be moved to the worker rather than copied. */
export const transfer = <T>(value: T, transferables: Transferable[]): T =>
  Comlink.transfer(value, transferables);

/** Wraps a callback so the worker can call it back across the thread boundary. */
export const callback = <T extends (...args: never[]) => unknown>(fn: T): T & Comlink.ProxyMarked =>
  Comlink.proxy(fn);
