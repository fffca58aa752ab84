/**
 * TF.js layers models as files (`model.json` plus its weights files), written and checked
 * without TF.js: what export writes, and what import accepts before TF.js builds anything.
 * Imported files are untrusted: they are read with `JSON.parse`, never evaluated, and every
 * failure is an `ImportInvalid` error that says what is wrong in words.
 *
 * The format is TF.js' (https://www.tensorflow.org/js/guide/save_load): `model.json` holds
 * `modelTopology` (a Keras model config) and `weightsManifest`, groups of weight files whose
 * concatenated bytes hold each weight in turn, shape × dtype size bytes each.
 */
import { BACKEND_NAMES, type BackendName } from './backends.ts';
import { StudioError } from './errors.ts';
import { isModelName } from './models.ts';
import type { ModelFiles, SavedModelInfo } from './protocol.ts';
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
}

/** A file's name and size, as a `File` or a `ModelFiles` entry tells them. */
export interface SizedFile {
  name: string;
  size: number;
}

const invalid = (message: string) => new StudioError('ImportInvalid', message);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** 123456 → "123,456 bytes"; 12_345_678 → "12.4 MB" (up: it describes sizes over a limit). */
function describeBytes(bytes: number): string {
  return bytes >= 1_000_000
    ? `${(Math.ceil(bytes / 100_000) / 10).toFixed(1)} MB`
    : `${bytes.toLocaleString('en-US')} bytes`;
}

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
  if (files.length === 0) {
    throw invalid('No files were chosen. Choose the model’s .json file and its weights file.');
  }
  const json = files.filter((f) => isJsonName(f.name));
  if (json.length === 0) {
    throw invalid(
      `There is no model.json among the chosen files (${files.map((f) => f.name).join(', ')}). ` +
        'Choose the model’s .json file together with its weights (.bin) file.',
    );
  }
  if (json.length > 1) {
    throw invalid(
      `Choose one model at a time: ${json.map((f) => f.name).join(' and ')} are both .json files.`,
    );
  }
  const [model] = json;
  if (model.size > MODEL_JSON_MAX_BYTES) {
    throw invalid(
      `${model.name} is ${describeBytes(model.size)}; a model.json may have at most ` +
        `${describeBytes(MODEL_JSON_MAX_BYTES)}.`,
    );
  }
  const weightBytes = files.reduce((sum, f) => sum + (f === model ? 0 : f.size), 0);
  if (weightBytes > WEIGHTS_MAX_BYTES) {
    throw invalid(
      `The weights files hold ${describeBytes(weightBytes)}; MNIST Studio imports models of at ` +
        `most ${describeBytes(WEIGHTS_MAX_BYTES)} of weights.`,
    );
  }
  return model.name;
}

/** Parses `bytes` as UTF-8 JSON; neither is trusted. */
function parseJson(name: string, bytes: ArrayBuffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid(`${name} is not a text file, so it cannot be a model.json.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(`${name} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The Keras model config inside `modelTopology` (converter files nest it in `model_config`). */
function kerasModelConfig(topology: Record<string, unknown>): Record<string, unknown> | undefined {
  const config = isObject(topology.model_config) ? topology.model_config : topology;
  return ['Sequential', 'Functional', 'Model'].includes(config.class_name as string) &&
    isObject(config.config)
    ? config
    : undefined;
}

/** Checks one manifest entry; returns it typed. */
function checkWeightSpec(name: string, entry: unknown, index: number): WeightSpec {
  const where = `Weight ${index + 1} in the weightsManifest of ${name}`;
  if (!isObject(entry) || typeof entry.name !== 'string' || !entry.name) {
    throw invalid(`${where} has no name.`);
  }
  const shape = entry.shape;
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0 && (d as number) < 2 ** 31)
  ) {
    throw invalid(`${where} (${entry.name}) has no valid shape.`);
  }
  if (typeof entry.dtype !== 'string' || !(entry.dtype in DTYPE_BYTES)) {
    throw invalid(
      `${where} (${entry.name}) has dtype ${JSON.stringify(entry.dtype)}; ` +
        'only float32, int32 and bool weights can be imported.',
    );
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
      !(q.dtype in QUANTIZED_BYTES) ||
      (q.dtype !== 'float16' && !(numeric(q.scale) && numeric(q.min)))
    ) {
      throw invalid(`${where} (${entry.name}) has a quantization TF.js cannot read.`);
    }
    spec.quantization = q as WeightSpec['quantization'];
  }
  return spec;
}

/** Bytes one weight takes in its file: elements × (quantised or plain) element size. */
export function weightByteLength(spec: WeightSpec): number {
  const elements = spec.shape.reduce((a, b) => a * b, 1);
  const size = spec.quantization
    ? QUANTIZED_BYTES[spec.quantization.dtype]
    : DTYPE_BYTES[spec.dtype];
  return elements * size;
}

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
 * Sequential or Functional topology, and a weights manifest whose every file was given and
 * whose byte counts match the weights' shapes and dtypes. Returns the parts TF.js needs, the
 * weights concatenated in manifest order. Throws `ImportInvalid` saying what is wrong.
 */
export function checkModelFiles(files: ModelFiles): CheckedModelFiles {
  const list = files.files.map((f) => ({ ...f, size: f.bytes.byteLength }));
  const jsonName = checkModelFileSizes(list);
  const jsonFile = list.find((f) => f.name === jsonName)!;
  const json = parseJson(jsonName, jsonFile.bytes);
  if (!isObject(json)) {
    throw invalid(`${jsonName} is JSON, but not a TensorFlow.js model: it is not an object.`);
  }
  if (json.format !== undefined && json.format !== 'layers-model') {
    throw invalid(
      json.format === 'graph-model'
        ? `${jsonName} is a TensorFlow.js graph model; only layers models (made by TF.js or ` +
            'converted from Keras) can be imported.'
        : `${jsonName} has format ${JSON.stringify(json.format)}; expected "layers-model".`,
    );
  }
  if (!isObject(json.modelTopology)) {
    throw invalid(
      `${jsonName} has no modelTopology, so it is not a TensorFlow.js layers model. Choose the ` +
        'model.json that TensorFlow.js or tensorflowjs_converter wrote.',
    );
  }
  if (!kerasModelConfig(json.modelTopology)) {
    throw invalid(
      `The modelTopology of ${jsonName} is not a Keras Sequential or Functional model.`,
    );
  }
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    throw invalid(`${jsonName} has no weightsManifest, so its weights cannot be found.`);
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
      throw invalid(`Group ${g + 1} of the weightsManifest of ${jsonName} is malformed.`);
    }
    const specs = group.weights.map((w, i) => checkWeightSpec(jsonName, w, weightSpecs.length + i));
    const groupFiles = (group.paths as string[]).map((path) => {
      const name = weightsFileName(path);
      const file = byName.get(name);
      if (!file) {
        throw invalid(
          `${jsonName} needs the weights file ${name}, which was not among the chosen files. ` +
            'Choose it together with the .json file.',
        );
      }
      if (used.has(name)) throw invalid(`${jsonName} names the weights file ${name} twice.`);
      used.add(name);
      return file;
    });
    const expected = specs.reduce((sum, spec) => sum + weightByteLength(spec), 0);
    const actual = groupFiles.reduce((sum, f) => sum + f.size, 0);
    if (expected !== actual) {
      const names = groupFiles.map((f) => f.name).join(', ');
      throw invalid(
        `The weights file ${names} has ${actual.toLocaleString('en-US')} bytes, but ` +
          `${jsonName} describes ${expected.toLocaleString('en-US')} bytes of weights: it does ` +
          'not belong to this model.json, or it is damaged.',
      );
    }
    weightSpecs.push(...specs);
    chunks.push(...groupFiles.map((f) => f.bytes));
  }
  const unused = [...byName.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw invalid(
      `${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} not part of this model: ` +
        `${jsonName} names only ${[...used].join(', ')}.`,
    );
  }
  return {
    baseName: jsonName.replace(/\.json$/i, '') || 'model',
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: concatenate(chunks),
    format: 'layers-model',
    generatedBy: typeof json.generatedBy === 'string' ? json.generatedBy : undefined,
    convertedBy: typeof json.convertedBy === 'string' ? json.convertedBy : null,
    about: readAbout(json),
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
 * `userDefinedMetadata.mnistStudio`, so an import shows the same name and results.
 */
export function modelFilesFor(name: string, parts: ModelParts, about: ModelAbout): ModelFiles {
  const base = modelFileBaseName(name);
  const weightsName = `${base}.weights.bin`;
  const modelJson = {
    format: 'layers-model',
    generatedBy: parts.generatedBy,
    convertedBy: parts.convertedBy ?? null,
    modelTopology: parts.modelTopology,
    weightsManifest: [{ paths: [weightsName], weights: parts.weightSpecs }],
    userDefinedMetadata: { mnistStudio: { ...about, name } },
  };
  return {
    files: [
      { name: `${base}.json`, bytes: new TextEncoder().encode(JSON.stringify(modelJson)).buffer },
      { name: weightsName, bytes: parts.weightData.slice(0) },
    ],
  };
}
