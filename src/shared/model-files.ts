/**
 * TF.js layers models as files (`model.json` plus its weights files), written and checked
 * without TF.js: what export writes, and what import accepts before TF.js builds anything.
 * Imported files are untrusted: they are read with `JSON.parse`, never evaluated, the model they
 * describe is sized from its topology before TF.js builds any layer (`model-topology.ts`), and
 * every failure is an `ImportInvalid.*` error whose parameters say what is wrong.
 *
 * The format is TF.js' (https://www.tensorflow.org/js/guide/save_load): `model.json` holds
 * `modelTopology` (a Keras model config) and `weightsManifest`, groups of weight files whose
 * concatenated bytes hold each weight in turn, shape × dtype size bytes each.
 */
import { BACKEND_NAMES, type BackendName } from './backends.ts';
import { StudioError } from './errors.ts';
import { normalizeKerasModelJson } from './keras3-model.ts';
import {
  formatShape,
  modelConfigOf,
  sizeTopology,
  type TopologySize,
  type TopologyWeight,
} from './model-topology.ts';
import { isModelName } from './models.ts';
import type { ImportOrigin, ModelFiles, SavedModelInfo } from './protocol.ts';
import { MODEL_NAME_MAX_LENGTH, modelFileBaseName } from './saved-models.ts';

/** Largest `model.json` accepted (the book's convnet's is about 5 kB). */
export const MODEL_JSON_MAX_BYTES = 5_000_000;
/** Largest total of weights files accepted (the book's convnet's weights are 227 kB). */
export const WEIGHTS_MAX_BYTES = 50_000_000;

/** The dtypes a weight may have in a file, and the bytes of one element. */
const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;
/** Quantised weights: the stored bytes of one element. */
const QUANTIZED_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;

/** One weight in `weightsManifest`, as TF.js' `WeightsManifestEntry`. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: keyof typeof DTYPE_BYTES;
  quantization?: {
    dtype: keyof typeof QUANTIZED_BYTES;
    min?: number;
    scale?: number;
  };
}

/** One group of `weightsManifest`: weight files whose bytes, concatenated, hold `weights`. */
export interface WeightGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** The parts of a layers model the worker stores and TF.js builds from. */
export interface ModelParts {
  /** A Keras model config (`class_name`, `config`), possibly inside `model_config`. */
  modelTopology: Record<string, unknown>;
  /** Every weight, in the order of `weightData`. */
  weightSpecs: WeightSpec[];
  /** All weights' bytes, concatenated. */
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** What MNIST Studio writes about a model into `userDefinedMetadata.mnistStudio`. */
export type ModelAbout = Partial<
  Pick<
    SavedModelInfo,
    'name' | 'architecture' | 'testAccuracy' | 'epochs' | 'backend' | 'trainingMs'
  >
>;

/** A checked `model.json` and its weights, ready for TF.js. */
export interface CheckedModelFiles extends ModelParts {
  /** The `.json` file's name without `.json`: "model" for "model.json". */
  baseName: string;
  /** What an MNIST Studio export said about the model (checked, possibly empty). */
  about: ModelAbout;
  /** The model's size, worked out from its topology (see `sizeTopology`). */
  size: TopologySize;
  /** What made the files: Keras 3 (normalised here), another Keras or TF.js, MNIST Studio. */
  origin: ImportOrigin;
}

/** A file's name and size, as a `File` or a `ModelFiles` entry tells them. */
export interface SizedFile {
  name: string;
  size: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isJsonName = (name: string) => /\.json$/i.test(name);

/** The last part of a manifest path: "./model.weights.bin" → "model.weights.bin". */
export function weightsFileName(path: string): string {
  return path.split('/').pop() ?? path;
}

/**
 * Checks which files were chosen and their sizes, before any is read (the page calls this too,
 * so a huge file is refused before it is loaded into memory). Returns the `.json` file's name.
 */
export function checkModelFileSizes(files: readonly SizedFile[]): string {
  if (files.length === 0) throw new StudioError('ImportInvalid.noFiles');
  const json = files.filter((f) => isJsonName(f.name));
  if (json.length === 0)
    throw new StudioError('ImportInvalid.noJson', {
      files: files.map((f) => f.name).join(', '),
    });
  if (json.length > 1) {
    throw new StudioError('ImportInvalid.twoJson', { first: json[0].name, second: json[1].name });
  }
  const [model] = json;
  if (model.size > MODEL_JSON_MAX_BYTES) {
    throw new StudioError('ImportInvalid.jsonTooLarge', {
      file: model.name,
      bytes: model.size,
      max: MODEL_JSON_MAX_BYTES,
    });
  }
  const weightBytes = files.reduce((sum, f) => sum + (f === model ? 0 : f.size), 0);
  if (weightBytes > WEIGHTS_MAX_BYTES) {
    throw new StudioError('ImportInvalid.weightsTooLarge', {
      bytes: weightBytes,
      max: WEIGHTS_MAX_BYTES,
    });
  }
  return model.name;
}

/** Parses `bytes` as UTF-8 JSON; neither is trusted. */
function parseJson(file: string, bytes: ArrayBuffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StudioError('ImportInvalid.notText', { file });
  }
  try {
    return JSON.parse(text);
  } catch {
    // The engine's own message (in English, and different in each browser) goes nowhere.
    throw new StudioError('ImportInvalid.notJson', { file });
  }
}

/** Whether `topology` holds a Keras Sequential or Functional model config. */
function isKerasModel(topology: Record<string, unknown>): boolean {
  const config = modelConfigOf(topology);
  return (
    ['Sequential', 'Functional', 'Model'].includes(config.class_name as string) &&
    (isObject(config.config) ||
      (config.class_name === 'Sequential' && Array.isArray(config.config)))
  );
}

/** Checks entry `index` (0-based) of the manifest of `file`; returns it typed. */
function checkWeightSpec(file: string, entry: unknown, index: number): WeightSpec {
  const shape = isObject(entry) ? entry.shape : undefined;
  if (
    !isObject(entry) ||
    typeof entry.name !== 'string' ||
    !entry.name ||
    !Array.isArray(shape) ||
    !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0 && (d as number) < 2 ** 31)
  ) {
    throw new StudioError('ImportInvalid.weightSpec', { file, weight: index + 1 });
  }
  if (typeof entry.dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, entry.dtype)) {
    throw new StudioError('ImportInvalid.weightDtype', {
      weight: entry.name,
      dtype: String(entry.dtype),
    });
  }
  const spec: WeightSpec = {
    name: entry.name,
    shape: shape as number[],
    dtype: entry.dtype as WeightSpec['dtype'],
  };
  if (entry.quantization !== undefined) {
    const q = entry.quantization;
    const numeric = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    if (
      !isObject(q) ||
      typeof q.dtype !== 'string' ||
      !Object.hasOwn(QUANTIZED_BYTES, q.dtype) ||
      (q.dtype !== 'float16' && !(numeric(q.scale) && numeric(q.min)))
    ) {
      throw new StudioError('ImportInvalid.quantization', { weight: entry.name });
    }
    spec.quantization = q as WeightSpec['quantization'];
  }
  return spec;
}

/**
 * The index in `expected` of the weight TF.js' `loadWeights` would give `name`'s values to:
 * the same name, or the name without the cell name TF 2.2 inserts (`lstm/lstm_cell/kernel` is
 * `lstm/kernel`). Prefixed names (Keras 3 writes `conv/conv2d/kernel`) match their end too.
 */
function weightIndex(name: string, byName: Map<string, number>, taken: Set<number>) {
  const tokens = name.split('/');
  const names = [name, [...tokens.slice(0, -2), tokens.at(-1)].join('/')];
  for (let i = 1; i < tokens.length; i++) names.push(tokens.slice(i).join('/'));
  return names.map((n) => byName.get(n)).find((i) => i !== undefined && !taken.has(i));
}

/**
 * Checks that the weights manifest of `file` lists exactly the weights the topology's layers
 * make, each with the shape its layer needs: matched by name where a name matches, and the rest
 * in order. So the weights TF.js will read are bounded by the topology's parameter count.
 */
export function checkWeightsFit(
  expected: readonly TopologyWeight[],
  specs: readonly WeightSpec[],
  file: string,
): void {
  if (specs.length !== expected.length) {
    throw new StudioError('ImportInvalid.weightCount', {
      file,
      count: specs.length,
      expected: expected.length,
    });
  }
  const byName = new Map(expected.map((w, i) => [w.name, i]));
  const taken = new Set<number>();
  const unnamed: WeightSpec[] = [];
  const pairs: [WeightSpec, TopologyWeight][] = [];
  for (const spec of specs) {
    const index = weightIndex(spec.name, byName, taken);
    if (index === undefined) {
      unnamed.push(spec);
    } else {
      taken.add(index);
      pairs.push([spec, expected[index]]);
    }
  }
  const rest = expected.filter((_, i) => !taken.has(i));
  unnamed.forEach((spec, i) => pairs.push([spec, rest[i]]));
  for (const [spec, weight] of pairs) {
    if (formatShape(spec.shape) !== formatShape(weight.shape)) {
      throw new StudioError('ImportInvalid.weightShape', {
        weight: spec.name,
        shape: formatShape(spec.shape),
        expected: formatShape(weight.shape),
      });
    }
  }
}

/**
 * Sizes `parts`' topology and checks its weights fit it (`file` names it in errors): what the
 * worker checks before TF.js builds a model, imported or stored. Returns the size.
 */
export function checkModelParts(parts: ModelParts, file = 'model.json'): TopologySize {
  const size = sizeTopology(parts.modelTopology);
  checkWeightsFit(size.weights, parts.weightSpecs, file);
  return size;
}

/** Bytes one weight takes in its file: elements × (quantised or plain) element size. */
export function weightByteLength(spec: WeightSpec): number {
  const elements = spec.shape.reduce((a, b) => a * b, 1);
  const size = spec.quantization
    ? QUANTIZED_BYTES[spec.quantization.dtype]
    : DTYPE_BYTES[spec.dtype];
  return elements * size;
}

/** Whether MNIST Studio wrote `json` (its export says so in `userDefinedMetadata`). */
const isStudioExport = (json: Record<string, unknown>) =>
  isObject(json.userDefinedMetadata) && isObject(json.userDefinedMetadata.mnistStudio);

/** An MNIST Studio export's maker: the app, or the Node CLI (`madeBy: 'node'`). */
const studioOrigin = (json: Record<string, unknown>): ImportOrigin =>
  (json.userDefinedMetadata as { mnistStudio: { madeBy?: unknown } }).mnistStudio.madeBy === 'node'
    ? 'node'
    : 'mnist-studio';

/** Reads `userDefinedMetadata.mnistStudio`, keeping only well-formed values. */
function readAbout(json: Record<string, unknown>): ModelAbout {
  const meta = isObject(json.userDefinedMetadata) ? json.userDefinedMetadata.mnistStudio : null;
  if (!isObject(meta)) return {};
  const about: ModelAbout = {};
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (typeof meta.name === 'string' && meta.name.trim()) {
    about.name = meta.name.replace(/\s+/g, ' ').trim().slice(0, MODEL_NAME_MAX_LENGTH);
  }
  if (typeof meta.architecture === 'string' && isModelName(meta.architecture)) {
    about.architecture = meta.architecture;
  }
  if (finite(meta.testAccuracy) && meta.testAccuracy >= 0 && meta.testAccuracy <= 1) {
    about.testAccuracy = meta.testAccuracy;
  }
  if (finite(meta.epochs) && meta.epochs >= 0) about.epochs = meta.epochs;
  if (
    typeof meta.backend === 'string' &&
    (BACKEND_NAMES as readonly string[]).includes(meta.backend)
  ) {
    about.backend = meta.backend as BackendName;
  }
  if (finite(meta.trainingMs) && meta.trainingMs >= 0) about.trainingMs = meta.trainingMs;
  return about;
}

/**
 * Checks `files` as a TF.js layers model: sizes, well-formed JSON, format, a Keras
 * Sequential or Functional topology within the size limits (`sizeTopology`), and a weights
 * manifest whose every file was given, whose byte counts match the weights' shapes and dtypes,
 * and whose weights are the ones the topology's layers make. Returns the parts TF.js needs, the
 * weights concatenated in manifest order. Throws `ImportInvalid.*` saying what is wrong.
 */
export function checkModelFiles(files: ModelFiles): CheckedModelFiles {
  const list = files.files.map((f) => ({ ...f, size: f.bytes.byteLength }));
  const file = checkModelFileSizes(list);
  const jsonFile = list.find((f) => f.name === file)!;
  const parsed = parseJson(file, jsonFile.bytes);
  if (!isObject(parsed)) throw new StudioError('ImportInvalid.notObject', { file });
  // Keras 3 converter output becomes what TF.js 4.22 reads; every check below (sizes, manifest,
  // weights against layers) is made on what TF.js will build.
  const { json, keras3 } = normalizeKerasModelJson(parsed);
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw json.format === 'graph-model'
      ? new StudioError('ImportInvalid.graphModel', { file })
      : new StudioError('ImportInvalid.format', { file, format: String(json.format) });
  }
  if (!isObject(json.modelTopology)) throw new StudioError('ImportInvalid.noTopology', { file });
  if (!isKerasModel(json.modelTopology)) throw new StudioError('ImportInvalid.notKeras', { file });
  // Before anything else is read: a model too large to build is refused as a few kB of JSON.
  const size = sizeTopology(json.modelTopology);
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    throw new StudioError('ImportInvalid.noManifest', { file });
  }

  const byName = new Map(list.filter((f) => f !== jsonFile).map((f) => [f.name, f]));
  const used = new Set<string>();
  const weightSpecs: WeightSpec[] = [];
  const chunks: ArrayBuffer[] = [];
  for (const [g, group] of manifest.entries()) {
    if (
      !isObject(group) ||
      !Array.isArray(group.paths) ||
      group.paths.length === 0 ||
      !group.paths.every((p) => typeof p === 'string' && p) ||
      !Array.isArray(group.weights)
    ) {
      throw new StudioError('ImportInvalid.manifestGroup', { file, group: g + 1 });
    }
    const specs = group.weights.map((w, i) => checkWeightSpec(file, w, weightSpecs.length + i));
    const groupFiles = (group.paths as string[]).map((path) => {
      const needed = weightsFileName(path);
      const found = byName.get(needed);
      if (!found) throw new StudioError('ImportInvalid.missingFile', { file, needed });
      if (used.has(needed)) throw new StudioError('ImportInvalid.fileTwice', { file, needed });
      used.add(needed);
      return found;
    });
    const expected = specs.reduce((sum, spec) => sum + weightByteLength(spec), 0);
    const actual = groupFiles.reduce((sum, f) => sum + f.size, 0);
    if (expected !== actual) {
      throw new StudioError('ImportInvalid.weightsSize', {
        weights: groupFiles.map((f) => f.name).join(', '),
        bytes: actual,
        file,
        expected,
      });
    }
    weightSpecs.push(...specs);
    chunks.push(...groupFiles.map((f) => f.bytes));
  }
  const unused = [...byName.keys()].filter((name) => !used.has(name));
  if (unused.length > 0)
    throw new StudioError('ImportInvalid.extraFile', { extra: unused[0], file });
  checkWeightsFit(size.weights, weightSpecs, file);
  return {
    baseName: file.replace(/\.json$/i, '') || 'model',
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: concatenate(chunks),
    format: 'layers-model',
    generatedBy: typeof json.generatedBy === 'string' ? json.generatedBy : undefined,
    convertedBy: typeof json.convertedBy === 'string' ? json.convertedBy : null,
    about: readAbout(json),
    size,
    origin: keras3 ? 'keras3' : isStudioExport(json) ? studioOrigin(json) : 'keras',
  };
}

/** One buffer holding `chunks` one after the other (a copy, so the inputs stay untouched). */
function concatenate(chunks: readonly ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(new Uint8Array(chunk), offset);
    offset += chunk.byteLength;
  }
  return out.buffer;
}

/**
 * A model as two files, as TF.js' `downloads://` writes them: `<name>.json`, whose
 * weightsManifest names one `<name>.weights.bin`, and that file. `about` goes into
 * `userDefinedMetadata.mnistStudio`, so an import shows the same name and results; `madeBy`
 * 'node' marks a model the Node CLI trained.
 */
export function modelFilesFor(
  name: string,
  parts: ModelParts,
  about: ModelAbout,
  madeBy?: 'node',
): ModelFiles {
  const base = modelFileBaseName(name);
  const weightsName = `${base}.weights.bin`;
  const modelJson = {
    format: 'layers-model',
    generatedBy: parts.generatedBy,
    convertedBy: parts.convertedBy ?? null,
    modelTopology: parts.modelTopology,
    weightsManifest: [{ paths: [weightsName], weights: parts.weightSpecs }],
    userDefinedMetadata: { mnistStudio: { ...about, name, ...(madeBy ? { madeBy } : {}) } },
  };
  return {
    files: [
      { name: `${base}.json`, bytes: new TextEncoder().encode(JSON.stringify(modelJson)).buffer },
      { name: weightsName, bytes: parts.weightData.slice(0) },
    ],
  };
}
