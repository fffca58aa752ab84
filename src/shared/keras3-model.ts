/**
 * Keras 3 converter output made loadable by TF.js 4.22. TensorFlow 2.16+ saves with Keras 3,
 * and `tensorflowjs_converter` 4.22 copies Keras 3's config into `model.json` as it is, which
 * TF.js 4.22's `loadLayersModel` refuses ("An InputLayer should be passed either a
 * `batchInputShape` or an `inputShape`"). What differs from the Keras 2
 * config TF.js reads (seen in test/fixtures/keras/keras3-h5-conv, real converter output):
 *
 * - an InputLayer declares `batch_shape`, not `batch_input_shape`;
 * - weight names carry the model's name first: `conv/conv2d/kernel`, not `conv2d/kernel`
 *   (TF.js finds a weight's variable by `<layer>/<weight>`);
 * - `dtype` is a `DTypePolicy` object (`{class_name: 'DTypePolicy', config: {name:
 *   'float32'}}`), not a dtype string;
 * - a functional model's `inbound_nodes` are `{args, kwargs}` holding `__keras_tensor__`
 *   objects, not lists of `[layer, node, tensor, kwargs]`, and a single input or output layer
 *   may be one `[layer, node, tensor]` rather than a list of them.
 *
 * `module`, `registered_name` and `build_input_shape` keys are left in place: TF.js ignores
 * them. The result is then checked like any model.json (`model-files.ts`), so the size limits
 * and the manifest checks apply to what TF.js will actually build.
 */
import { StudioError } from './errors.ts';
import { nodeRefs } from './model-topology.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The dtypes a Keras 3 `DTypePolicy` may name for TF.js to build the layer in. */
const PLAIN_DTYPES = new Set(['float32', 'int32', 'bool']);
/** Keras 3's names for a dtype policy class (`FloatDTypePolicy` before Keras 3.4). */
const POLICY_CLASSES = new Set(['DTypePolicy', 'FloatDTypePolicy']);
/** Nesting deeper than this is not walked (a real config is a few levels deep). */
const MAX_DEPTH = 32;

/** A model.json, as parsed, with what the normalising found. */
export interface NormalizedModelJson {
  /** The model.json TF.js 4.22 can load: the input itself when it was not Keras 3's. */
  json: Json;
  /** Whether it was Keras 3 converter output (and was rewritten). */
  keras3: boolean;
}

/** Whether `modelTopology` says Keras 3 wrote it: its `keras_version`, or what only 3 writes. */
function isKeras3(json: Json, topology: Json): boolean {
  const version = topology.keras_version;
  if (typeof version === 'string') return Number.parseInt(version, 10) >= 3;
  if (typeof json.generatedBy === 'string' && /^keras v3\./.test(json.generatedBy)) return true;
  // No version: look for Keras 3's spellings (a hand-edited or stripped file).
  let found = false;
  const visit = (value: unknown, depth: number): void => {
    if (found || depth > MAX_DEPTH) return;
    if (Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else if (isObject(value)) {
      if ('batch_shape' in value || isPolicy(value.dtype)) found = true;
      else Object.values(value).forEach((v) => visit(v, depth + 1));
    }
  };
  visit(topology, 0);
  return found;
}

const isPolicy = (dtype: unknown): dtype is Json =>
  isObject(dtype) && typeof dtype.class_name === 'string' && /DTypePolicy$/.test(dtype.class_name);

/** The plain dtype a `DTypePolicy` stands for; refuses a mixed or quantised one. */
function plainDtype(policy: Json, layer: string): string {
  const name = isObject(policy.config) ? policy.config.name : undefined;
  if (
    !POLICY_CLASSES.has(policy.class_name as string) ||
    typeof name !== 'string' ||
    !PLAIN_DTYPES.has(name)
  ) {
    throw new StudioError('ImportInvalid.kerasDtype', {
      layer,
      dtype: typeof name === 'string' ? name : String(policy.class_name),
    });
  }
  return name;
}

/** A layer config copy with `batch_shape` as `batch_input_shape` and plain dtype strings. */
function normalizeConfig(config: Json, layer: string, depth = 0): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'dtype' && isPolicy(value)) out[key] = plainDtype(value, layer);
    else if (isObject(value) && depth < MAX_DEPTH) {
      // Wrappers (Bidirectional, TimeDistributed) hold a layer config of their own.
      const inner = isObject(value.config) && typeof value.config.name === 'string';
      out[key] = normalizeConfig(
        value,
        inner ? ((value.config as Json).name as string) : layer,
        depth + 1,
      );
    } else out[key] = value;
  }
  // TF.js reads only `batch_input_shape`; a malformed `batch_shape` is left for the sizing
  // to refuse by its own name.
  if (Array.isArray(out.batch_shape) && out.batch_input_shape === undefined) {
    out.batch_input_shape = out.batch_shape;
    delete out.batch_shape;
  }
  return out;
}

/** A functional layer call as Keras 2 wrote it: `[[layer, node, tensor, kwargs], …]`. */
function keras2Node(node: unknown, layer: string): unknown {
  if (!isObject(node)) return node;
  return nodeRefs(node, layer).map(([name, index, tensor]) => [name, index, tensor ?? 0, {}]);
}

/** `input_layers` / `output_layers` as a list of `[layer, node, tensor]`. */
function listOfRefs(refs: unknown): unknown {
  return Array.isArray(refs) && typeof refs[0] === 'string' ? [refs] : refs;
}

/** One layer entry of the model config, normalised. */
function normalizeLayer(entry: unknown, functional: boolean): unknown {
  if (!isObject(entry)) return entry;
  const name =
    isObject(entry.config) && typeof entry.config.name === 'string'
      ? entry.config.name
      : String(entry.name ?? '');
  const out: Json = { ...entry };
  if (isObject(entry.config)) out.config = normalizeConfig(entry.config, name);
  if (functional && Array.isArray(entry.inbound_nodes)) {
    out.inbound_nodes = entry.inbound_nodes.map((node) => keras2Node(node, name));
  }
  return out;
}

/** Every layer's name in a model config (`config.layers[].config.name`, or `.name`). */
function layerNames(layers: unknown[]): Set<string> {
  const names = new Set<string>();
  for (const entry of layers) {
    if (!isObject(entry)) continue;
    if (typeof entry.name === 'string') names.add(entry.name);
    if (isObject(entry.config) && typeof entry.config.name === 'string') {
      names.add(entry.config.name);
    }
  }
  return names;
}

/**
 * `name` as TF.js looks it up: without the model's name in front when what follows starts with
 * one of the model's layers (`conv/conv2d/kernel` → `conv2d/kernel`). Refuses a weight that
 * belongs to no layer either way.
 */
function weightName(name: string, model: string | undefined, layers: Set<string>): string {
  const tokens = name.split('/');
  if (model !== undefined && tokens.length > 2 && tokens[0] === model && layers.has(tokens[1])) {
    return tokens.slice(1).join('/');
  }
  if (tokens.length >= 2 && layers.has(tokens[0])) return name;
  throw new StudioError('ImportInvalid.kerasWeightName', { weight: name, model: model ?? '' });
}

/**
 * `json` (a parsed model.json) as TF.js 4.22 loads it: Keras 3 converter output rewritten as
 * the module comment says, in a copy; anything else returned as it is. Throws
 * `ImportInvalid.kerasDtype` for a layer whose dtype policy TF.js cannot run (mixed or
 * quantised) and `ImportInvalid.kerasWeightName` for a weight no layer owns; what is otherwise
 * malformed is left for the usual checks to refuse.
 */
export function normalizeKerasModelJson(json: Json): NormalizedModelJson {
  const topology = json.modelTopology;
  if (!isObject(topology) || !isKeras3(json, topology)) return { json, keras3: false };
  const inner = isObject(topology.model_config);
  const model = inner ? (topology.model_config as Json) : topology;
  const functional = model.class_name === 'Functional' || model.class_name === 'Model';
  const config = isObject(model.config) ? model.config : undefined;
  const layers = config && Array.isArray(config.layers) ? config.layers : [];
  const modelName = config && typeof config.name === 'string' ? config.name : undefined;

  let newModel: Json = model;
  if (config) {
    const newConfig: Json = { ...config };
    if (isPolicy(config.dtype)) newConfig.dtype = plainDtype(config.dtype, modelName ?? '');
    if (Array.isArray(config.layers)) {
      newConfig.layers = config.layers.map((entry) => normalizeLayer(entry, functional));
    }
    if (functional) {
      newConfig.input_layers = listOfRefs(config.input_layers);
      newConfig.output_layers = listOfRefs(config.output_layers);
    }
    newModel = { ...model, config: newConfig };
  }

  const names = layerNames(layers);
  const manifest = Array.isArray(json.weightsManifest)
    ? json.weightsManifest.map((group) =>
        isObject(group) && Array.isArray(group.weights)
          ? {
              ...group,
              weights: group.weights.map((w) =>
                isObject(w) && typeof w.name === 'string'
                  ? { ...w, name: weightName(w.name, modelName, names) }
                  : w,
              ),
            }
          : group,
      )
    : json.weightsManifest;

  return {
    json: {
      ...json,
      modelTopology: inner ? { ...topology, model_config: newModel } : newModel,
      weightsManifest: manifest,
    },
    keras3: true,
  };
}
