/**
 * The worker's current model, lent out to readers. A reading (or an evaluation) leases the
 * model it works with; replacing the current model (a new run, Load) never disposes a model
 * that is still leased: it is disposed when its last lease ends. So a slow image read can
 * never find its model disposed under it.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CurrentModel } from './current-model.ts';

/** A model lent to one piece of work; `release` must be called exactly once. */
export interface ModelLease {
  current: CurrentModel;
  release: () => void;
}

/** Holds the current model and counts its leases. */
export class ModelSlot {
  #current: CurrentModel | undefined;
  #leases = new Map<LayersModel, number>();
  /** Replaced models still leased: disposed when their last lease ends. */
  #retired = new Set<LayersModel>();

  /** `dispose` frees a model's tensors (injectable for tests). */
  constructor(private readonly dispose: (model: LayersModel) => void) {}

  /** The model in use, if any. */
  get current(): CurrentModel | undefined {
    return this.#current;
  }

  /** Makes `next` the model in use; the previous one is disposed once nobody reads with it. */
  replace(next: CurrentModel | undefined): void {
    const previous = this.#current?.model;
    this.#current = next;
    if (previous && previous !== next?.model) this.#retire(previous);
  }

  /** Lends the model in use, or `undefined` when there is none. */
  lease(): ModelLease | undefined {
    const current = this.#current;
    if (!current) return undefined;
    const { model } = current;
    this.#leases.set(model, (this.#leases.get(model) ?? 0) + 1);
    let released = false;
    return {
      current,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.#leases.get(model) ?? 1) - 1;
        if (left > 0) {
          this.#leases.set(model, left);
          return;
        }
        this.#leases.delete(model);
        if (this.#retired.delete(model)) this.dispose(model);
      },
    };
  }

  /** Models retired but still leased (for tests). */
  get retiredCount(): number {
    return this.#retired.size;
  }

  #retire(model: LayersModel): void {
    if (this.#leases.has(model)) this.#retired.add(model);
    else this.dispose(model);
  }
}
