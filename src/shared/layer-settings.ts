/**
 * A layer of an imported model as the size rules (`layer-shapes.ts`) read it: its settings as
 * TF.js 4.22 reads them (`convertPythonicToTs`: `kernel_size` and `kernelSize` are the same key;
 * string values are camel-cased, so `channels_last` is `channelsLast`), checked as they are read,
 * and refused with `ImportInvalid.layerSetting` or `ImportInvalid.layerInput` naming the layer.
 */
import { StudioError } from './errors.ts';

/** A tensor shape; `null` is a dimension of any size (the batch). */
export type Shape = (number | null)[];

/** One weight a layer makes: its name within the layer (`kernel`) and its shape. */
export interface LayerWeight {
  name: string;
  shape: number[];
}

/** What calling a layer on its inputs makes. */
export interface LayerOutcome {
  output: Shape;
  /** Trainable weights first, then non-trainable ones, as `layer.weights` lists them. */
  weights: LayerWeight[];
}

/** A layer's name, type and config, as the rules read them. */
export class LayerSettings {
  readonly #config: Record<string, unknown>;

  constructor(
    readonly name: string,
    readonly type: string,
    config: Record<string, unknown>,
  ) {
    this.#config = config;
  }

  /** The value of setting `key` (camelCase), as TF.js sees it: the last key spelling it wins. */
  get(key: string): unknown {
    let value: unknown;
    for (const [k, v] of Object.entries(this.#config)) if (camelCase(k) === key) value = v;
    return typeof value === 'string' && key !== 'name' ? camelCase(value) : value;
  }

  /** Refuses setting `key` of this layer, named as Keras spells it (`kernel_size`). */
  refuse(key: string): never {
    throw new StudioError('ImportInvalid.layerSetting', {
      layer: this.name,
      type: this.type,
      setting: snakeCase(key),
    });
  }

  /** Refuses input of `shape` for this layer. */
  refuseInput(shape: Shape): never {
    throw new StudioError('ImportInvalid.layerInput', {
      layer: this.name,
      type: this.type,
      shape: formatShape(shape),
    });
  }

  /** A whole number ≥ `min`, or `fallback` when the setting is absent. */
  int(key: string, fallback?: number, min = 1): number {
    const value = this.get(key) ?? fallback;
    return isInt(value, min) ? value : this.refuse(key);
  }

  /** `n` whole numbers ≥ 1 from a number or an array of `n` (TF.js' `normalizeArray`). */
  ints(key: string, n: number, fallback?: number | number[]): number[] {
    const value = this.get(key) ?? fallback;
    const list = typeof value === 'number' ? Array<number>(n).fill(value) : value;
    return Array.isArray(list) && list.length === n && list.every((v) => isInt(v, 1))
      ? (list as number[])
      : this.refuse(key);
  }

  /** A boolean, `fallback` when absent. */
  bool(key: string, fallback: boolean): boolean {
    const value = this.get(key) ?? fallback;
    return typeof value === 'boolean' ? value : this.refuse(key);
  }

  /** One of `options` (camel-cased), the first when absent. */
  choice<T extends string>(key: string, options: readonly T[]): T {
    const value = this.get(key) ?? options[0];
    return options.includes(value as T) ? (value as T) : this.refuse(key);
  }
}

/** Works out one layer type's output and weights from its settings and input shapes. */
export type LayerRule = (layer: LayerSettings, inputs: Shape[]) => LayerOutcome;

/** A safe whole number of at least `min`. */
export const isInt = (value: unknown, min: number): value is number =>
  Number.isSafeInteger(value) && (value as number) >= min;

/** TF.js' `toCamelCase`: `kernel_size` → `kernelSize`. */
export function camelCase(identifier: string): string {
  return identifier.length <= 1 || !identifier.includes('_')
    ? identifier
    : identifier.replace(/[_]+(\w|$)/g, (_, c: string) => c.toUpperCase());
}

/** `kernelSize` → `kernel_size`, as Keras spells settings. */
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `[null, 28, 28, 1]`, as TF.js prints shapes. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}
