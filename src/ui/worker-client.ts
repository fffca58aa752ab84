/**
 * The one place the UI creates, wraps, readies and terminates the worker. Components receive
 * the client through `@lit/context` (`workerClientContext`), never through globals.
 */
import * as Comlink from 'comlink';
import { createContext } from '@lit/context';
import type { WorkerApi } from '../worker/api.ts';
import type { BackendChoice, BackendInfo } from '../shared/backends.ts';

/** The worker's API as the UI calls it: every method returns a promise. */
export type RemoteWorker = Comlink.Remote<WorkerApi>;

/** Owns the training worker and its Comlink proxy. */
export class WorkerClient {
  #worker: Worker | undefined;
  #api: RemoteWorker | undefined;
  #ready: Promise<BackendInfo> | undefined;

  /** The worker's API; starts the worker on first use. */
  get api(): RemoteWorker {
    if (!this.#api) {
      this.#worker = new Worker(new URL('../worker/api.ts', import.meta.url), {
        type: 'module',
        name: 'mnist-studio',
      });
      this.#api = Comlink.wrap<WorkerApi>(this.#worker);
    }
    return this.#api;
  }

  /** Starts TF.js in the worker once; later calls return the same answer. */
  ready(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
    this.#ready ??= this.api.init(choice);
    return this.#ready;
  }

  /** Last resort: kills the worker (and any run in it); the next call starts a fresh one. */
  restart(): void {
    if (this.#api) this.#api[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#api = undefined;
    this.#ready = undefined;
  }
}

/** Context key under which `<ms-app>` provides the worker client. */
export const workerClientContext = createContext<WorkerClient>(Symbol('worker-client'));

/** Wraps a callback so the worker can call it back across the thread boundary. */
export const callback = <T extends (...args: never[]) => unknown>(fn: T): T & Comlink.ProxyMarked =>
  Comlink.proxy(fn);
