/**
 * How big a layers model is, from its topology JSON alone: every layer's output shape, every
 * weight's shape and the total parameter count, worked out the way TF.js 4.22 would build the
 * model but without building it. TF.js' `modelFromJSON` constructs and initialises every layer
 * before any weight is read, so a 5 kB `model.json` declaring a huge Dense layer would take
 * gigabytes; this walk refuses such a model while it is still a few kilobytes of JSON.
 *
 * Sequential models (`config.layers`, or the older bare list) and functional ones
 * (`class_name` `Model` or `Functional`, with `inbound_nodes`) are walked; each layer type is
 * sized by a rule in `layer-shapes.ts`, and a type without a rule is refused by name.
 */
import { StudioError } from './errors.ts';
import {
  camelCase,
  formatShape,
  LayerSettings,
  type LayerOutcome,
  type Shape,
} from './layer-settings.ts';
import { LAYER_RULES } from './layer-shapes.ts';

export { formatShape, type Shape } from './layer-settings.ts';

/** Most parameters an imported model may have (the book's convnet has 56,714). */
export const MAX_MODEL_PARAMS = 5_000_000;
/** Most layers, and layer calls of a functional model, an imported model may have. */
export const MAX_MODEL_LAYERS = 1_000;
/** Most values one layer may give per example (28 × 28 × 512 filters is 401,408). */
export const MAX_LAYER_VALUES = 10_000_000;

/** One weight of the model: `<layer>/<weight>`, as TF.js names it (`originalName`). */
export interface TopologyWeight {
  name: string;
  shape: number[];
}

/** One layer: its type, its (first) output shape and its parameter count. */
export interface TopologyLayer {
  name: string;
  type: string;
  output: Shape;
  params: number;
}

/** What a model's topology says about its size. */
export interface TopologySize {
  /** Every weight's values, added up: what `model.countParams()` will say. */
  params: number;
  /** Every weight, layer by layer, in the order TF.js creates them. */
  weights: TopologyWeight[];
  layers: TopologyLayer[];
  /** The shapes of the model's inputs and outputs, batch dimension (`null`) first. */
  inputs: Shape[];
  outputs: Shape[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Field `key` (camelCase) of `object` as TF.js reads it: the last key spelling it wins. */
function field(object: Json, key: string): unknown {
  let value: unknown;
  for (const [k, v] of Object.entries(object)) if (camelCase(k) === key) value = v;
  return value;
}

/** Adds layers' weights up, refusing the model as soon as it is too large. */
class Tally {
  params = 0;
  readonly weights: TopologyWeight[] = [];
  readonly layers: TopologyLayer[] = [];

  add(layer: LayerSettings, outcome: LayerOutcome, counted: boolean): Shape {
    let params = 0;
    if (!counted) {
      for (const weight of outcome.weights) {
        params += weight.shape.reduce((n, d) => n * d, 1);
        this.weights.push({ name: `${layer.name}/${weight.name}`, shape: weight.shape });
      }
      this.params += params;
      if (this.params > MAX_MODEL_PARAMS) {
        throw new StudioError('ImportInvalid.tooManyParams', {
          params: this.params,
          max: MAX_MODEL_PARAMS,
        });
      }
      this.layers.push({ name: layer.name, type: layer.type, output: outcome.output, params });
    }
    checkValues(layer, outcome.output);
    return outcome.output;
  }

  size(): Pick<TopologySize, 'params' | 'weights' | 'layers'> {
    return { params: this.params, weights: this.weights, layers: this.layers };
  }
}

/** Refuses a layer whose output holds absurdly many values per example. */
function checkValues(layer: LayerSettings, shape: Shape): void {
  const values = shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1);
  if (values > MAX_LAYER_VALUES) {
    throw new StudioError('ImportInvalid.layerTooLarge', {
      layer: layer.name,
      type: layer.type,
      values,
      max: MAX_LAYER_VALUES,
    });
  }
}

/** Calls `layer` on `inputs` by its type's rule, or refuses a type it cannot size. */
function apply(layer: LayerSettings, inputs: Shape[]): LayerOutcome {
  const rule = Object.hasOwn(LAYER_RULES, layer.type) ? LAYER_RULES[layer.type] : undefined;
  if (!rule) {
    throw new StudioError('ImportInvalid.layerType', { layer: layer.name, type: layer.type });
  }
  return rule(layer, inputs);
}

/** A layer entry's settings; `index` names it when it has no name. */
function settingsOf(entry: unknown, index: number): LayerSettings {
  const type = isObject(entry) ? field(entry, 'className') : undefined;
  const config = isObject(entry) ? field(entry, 'config') : undefined;
  const named = isObject(config) ? field(config, 'name') : undefined;
  const name = typeof named === 'string' ? named : String(index + 1);
  if (typeof type !== 'string' || !type) {
    throw new StudioError('ImportInvalid.layerType', { layer: name, type: String(type) });
  }
  return new LayerSettings(name, type, isObject(config) ? config : {});
}

/**
 * The input shape a layer declares (`batch_input_shape`; or `input_shape` and `batch_size`;
 * `batch_shape` as Keras 3 writes it; a Dense layer's `input_dim`), checked, or `undefined`.
 */
function declaredInput(layer: LayerSettings): Shape | undefined {
  const batch = layer.get('batchSize') ?? null;
  const inputShape = layer.get('inputShape');
  const inputDim = layer.type === 'Dense' ? layer.get('inputDim') : undefined;
  const declared: [string, unknown][] = [
    ['batchInputShape', layer.get('batchInputShape')],
    ['batchShape', layer.get('batchShape')],
    ['inputShape', Array.isArray(inputShape) ? [batch, ...(inputShape as unknown[])] : inputShape],
    ['inputDim', inputDim == null ? undefined : [batch, inputDim]],
  ];
  const found = declared.find(([, shape]) => shape != null);
  if (!found) return undefined;
  const [key, shape] = found;
  const isDim = (d: unknown) => d === null || (Number.isSafeInteger(d) && (d as number) >= 1);
  if (!Array.isArray(shape) || shape.length < 2 || !shape.every(isDim)) layer.refuse(key);
  checkValues(layer, shape as Shape);
  return shape as Shape;
}

/** Refuses a second layer named `name`. */
function claimName(names: Set<string>, name: string): void {
  if (names.has(name)) throw new StudioError('ImportInvalid.layerName', { layer: name });
  names.add(name);
}

function tooManyLayers(layers: number): never {
  throw new StudioError('ImportInvalid.tooManyLayers', { layers, max: MAX_MODEL_LAYERS });
}

/** A Sequential model: each layer takes the previous one's output. */
function sizeSequential(config: unknown): TopologySize {
  const entries = Array.isArray(config) ? config : isObject(config) ? field(config, 'layers') : [];
  if (!Array.isArray(entries)) throw new StudioError('ImportInvalid.connections', { layer: '' });
  if (entries.length > MAX_MODEL_LAYERS) tooManyLayers(entries.length);
  const tally = new Tally();
  const names = new Set<string>();
  let shape: Shape | undefined;
  let input: Shape | undefined;
  for (const [i, entry] of entries.entries()) {
    const layer = settingsOf(entry, i);
    claimName(names, layer.name);
    if (layer.type === 'InputLayer') {
      // TF.js refuses an InputLayer after the first layer ("already connected").
      if (i > 0) throw new StudioError('ImportInvalid.connections', { layer: layer.name });
      shape = input = declaredInput(layer);
      if (!shape) throw new StudioError('ImportInvalid.noInputShape', { layer: layer.name });
      continue;
    }
    if (!shape) {
      // The first layer makes the model's input from what it declares; later ones' is ignored.
      shape = input = declaredInput(layer);
      if (!shape) throw new StudioError('ImportInvalid.noInputShape', { layer: layer.name });
    }
    shape = tally.add(layer, apply(layer, [shape]), false);
  }
  return { ...tally.size(), inputs: input ? [input] : [], outputs: shape ? [shape] : [] };
}

/** `[layer, node, tensor]`: where a functional layer call takes an input from. */
type NodeRef = [string, number, number];

/** The references of one inbound node, Keras 2's list or Keras 3's `{args, kwargs}`. */
export function nodeRefs(node: unknown, layer: string): NodeRef[] {
  const refs: NodeRef[] = [];
  const isRef = (r: unknown): r is NodeRef =>
    Array.isArray(r) &&
    typeof r[0] === 'string' &&
    Number.isSafeInteger(r[1]) &&
    r[1] >= 0 &&
    // Every layer sized here gives one tensor.
    (r[2] ?? 0) === 0;
  const collect = (value: unknown, depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(value)) value.forEach((v) => collect(v, depth + 1));
    else if (isObject(value)) {
      const config = field(value, 'config');
      const history = isObject(config) ? field(config, 'kerasHistory') : undefined;
      if (field(value, 'className') === '__keras_tensor__' && isRef(history)) refs.push(history);
      else Object.values(value).forEach((v) => collect(v, depth + 1));
    }
  };
  if (Array.isArray(node)) {
    for (const ref of node) {
      if (!isRef(ref)) throw new StudioError('ImportInvalid.connections', { layer });
      refs.push(ref);
    }
  } else if (isObject(node)) {
    collect(field(node, 'args'), 0);
  } else {
    throw new StudioError('ImportInvalid.connections', { layer });
  }
  return refs;
}

/**
 * A functional model: layers are called on other layers' outputs as `inbound_nodes` say, in
 * the order TF.js' `Container.fromConfig` calls them (a call waits until its inputs exist).
 * A call that can never happen would make TF.js loop for ever, so it is refused here.
 */
function sizeFunctional(config: unknown): TopologySize {
  const entries = isObject(config) ? field(config, 'layers') : undefined;
  if (!isObject(config) || !Array.isArray(entries)) {
    throw new StudioError('ImportInvalid.connections', { layer: '' });
  }
  if (entries.length > MAX_MODEL_LAYERS) tooManyLayers(entries.length);
  interface Graph {
    layer: LayerSettings;
    /** Output shape of each call made so far (node index → shape). */
    nodes: Shape[];
    pending: NodeRef[][];
  }
  const graph = new Map<string, Graph>();
  const names = new Set<string>();
  let calls = 0;
  for (const [i, entry] of entries.entries()) {
    const layer = settingsOf(entry, i);
    const key = isObject(entry) ? field(entry, 'name') : undefined;
    const inbound = isObject(entry) ? field(entry, 'inboundNodes') : undefined;
    if (typeof key !== 'string' || graph.has(key) || !Array.isArray(inbound)) {
      throw new StudioError('ImportInvalid.connections', { layer: layer.name });
    }
    claimName(names, layer.name);
    calls += inbound.length;
    if (calls > MAX_MODEL_LAYERS) tooManyLayers(calls);
    const nodes: Shape[] = [];
    if (layer.type === 'InputLayer') {
      const shape = declaredInput(layer);
      if (!shape) throw new StudioError('ImportInvalid.noInputShape', { layer: layer.name });
      nodes.push(shape);
    }
    const pending = inbound.map((node) => nodeRefs(node, layer.name)).filter((r) => r.length);
    graph.set(key, { layer, nodes, pending });
  }

  const tally = new Tally();
  const counted = new Set<string>();
  const outputOf = ([name, node]: NodeRef) => graph.get(name)?.nodes[node];
  for (let progress = true; progress;) {
    progress = false;
    for (const [key, g] of graph) {
      const waiting = g.pending;
      g.pending = [];
      for (const refs of waiting) {
        const inputs = refs.map(outputOf);
        if (inputs.some((s) => !s)) {
          g.pending.push(refs);
          continue;
        }
        const outcome = apply(g.layer, inputs as Shape[]);
        g.nodes.push(tally.add(g.layer, outcome, counted.has(key)));
        counted.add(key);
        progress = true;
      }
    }
  }
  const stuck = [...graph.values()].find((g) => g.pending.length);
  if (stuck) throw new StudioError('ImportInvalid.connections', { layer: stuck.layer.name });

  const ends = (key: 'inputLayers' | 'outputLayers'): Shape[] => {
    let refs = field(config, key);
    if (Array.isArray(refs) && typeof refs[0] === 'string') refs = [refs];
    if (!Array.isArray(refs)) throw new StudioError('ImportInvalid.connections', { layer: '' });
    return refs.map((ref) => {
      const name = Array.isArray(ref) && typeof ref[0] === 'string' ? ref[0] : '';
      const shape = name ? outputOf(ref as NodeRef) : undefined;
      if (!shape) throw new StudioError('ImportInvalid.connections', { layer: name });
      return shape;
    });
  };
  return { ...tally.size(), inputs: ends('inputLayers'), outputs: ends('outputLayers') };
}

/** The Keras model config of a topology, as TF.js' `modelFromJSON` finds it. */
export function modelConfigOf(topology: Json): Json {
  // TF.js looks for this one spelling only.
  return isObject(topology.model_config) ? topology.model_config : topology;
}

/**
 * Sizes the model `modelTopology` describes (see the module comment). Throws `ImportInvalid`
 * naming the layer and what is wrong, or saying the model is too large, before any TF.js code
 * sees it.
 */
export function sizeTopology(modelTopology: Json): TopologySize {
  const model = modelConfigOf(modelTopology);
  const type = field(model, 'className');
  const config = field(model, 'config');
  if (type === 'Sequential') return sizeSequential(config);
  if (type === 'Model' || type === 'Functional') return sizeFunctional(config);
  throw new StudioError('ImportInvalid.layerType', { layer: '', type: String(type) });
}

/** The shapes an MNIST model takes and gives: 28 × 28 grayscale images, 10 digit scores. */
export const MNIST_INPUT_SHAPE = [null, 28, 28, 1] as const;
export const MNIST_OUTPUT_SHAPE = [null, 10] as const;

const sameShape = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Throws `ImportInvalid` unless a model takes `[null, 28, 28, 1]` and gives `[null, 10]`. */
export function checkMnistInterface(inputs: readonly Shape[], outputs: readonly Shape[]): void {
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw new StudioError('ImportInvalid.inputsOutputs', {
      inputs: inputs.length,
      outputs: outputs.length,
    });
  }
  if (!sameShape(inputs[0], MNIST_INPUT_SHAPE)) {
    throw new StudioError('ImportInvalid.inputShape', {
      shape: formatShape(inputs[0]),
      expected: formatShape(MNIST_INPUT_SHAPE),
    });
  }
  if (!sameShape(outputs[0], MNIST_OUTPUT_SHAPE)) {
    throw new StudioError('ImportInvalid.outputShape', {
      shape: formatShape(outputs[0]),
      expected: formatShape(MNIST_OUTPUT_SHAPE),
    });
  }
}
