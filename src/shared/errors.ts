/**
 * Every error the worker (or the page) raises, as a code with parameters. Errors cross Comlink
 * as `{name, code, params, message}` (see `comlink-setup.ts`); the UI words the code in the
 * page's language through its catalogues (`error.<code>` in src/ui/strings.ts), so no English
 * sentence built here ever reaches a Chinese page. `message` is for logs only.
 *
 * A code is `Name` or `Name.detail`: `Name` is the broad kind the UI may branch on (a
 * cancellation, a download failure), `detail` says exactly what went wrong.
 */

/**
 * The codes and their parameters, as placeholders whose type (string or number) is the
 * parameter's. The order of a code's parameters is the order of its message's arguments.
 */
export const ERRORS = {
  AbortError: {},
  // Data
  DataMissing: {},
  // Data: an MNIST file that is not what it should be (src/shared/idx.ts, data/download.ts).
  // `file` is the file's name; sizes are bytes; magic numbers and checksums are uint32s.
  'DataCorrupt.truncated': { file: '', expected: 0, actual: 0 },
  'DataCorrupt.trailing': { file: '', expected: 0, actual: 0 },
  'DataCorrupt.notIdx': { file: '', magic: 0 },
  'DataCorrupt.idxType': { file: '', type: 0 },
  'DataCorrupt.magic': { file: '', expected: 0, actual: 0 },
  'DataCorrupt.count': { file: '', expected: 0, actual: 0 },
  'DataCorrupt.imageSize': { file: '', expected: 0, rows: 0, columns: 0 },
  'DataCorrupt.label': { file: '', label: 0, index: 0 },
  'DataCorrupt.checksum': { file: '', expected: 0, actual: 0 },
  'DataCorrupt.tooLarge': { file: '', expected: 0 },
  'DataCorrupt.decompress': { file: '', detail: '' },
  // Downloads (data/download.ts): `file` as the server names it, `detail` the browser's words.
  'DownloadFailed.network': { file: '', url: '', detail: '' },
  'DownloadFailed.http': { file: '', url: '', status: 0 },
  'DownloadFailed.noBody': { file: '' },
  'DownloadFailed.brokeOff': { file: '', detail: '' },
  'DownloadFailed.manifestJson': { url: '', detail: '' },
  'DownloadFailed.manifestEntry': { url: '', file: '' },
  // Storage (worker/storage/db.ts): `action` is a `StorageAction`, `detail` IndexedDB's words.
  'StorageFailed.quota': { action: '' },
  'StorageFailed.indexedDb': { action: '', detail: '' },
  // Jobs and models
  NoModel: {},
  // `job` is the running job's kind (`JOB_KINDS` in worker-state.ts, worded as `job.<kind>`).
  'Busy.job': { job: '' },
  'Busy.elsewhere': {},
  // Backends (worker/backend/backends.ts): `backend` is a `BackendName`.
  'BackendUnavailable.none': {},
  'BackendUnavailable.notHere': { backend: '' },
  'BackendUnavailable.startFailed': { backend: '' },
  'BackendUnavailable.gpuLost': { backend: '' },
  WorkerCrashed: {},
  'WorkerCrashed.startTimeout': { seconds: 0 },
  'WorkerCrashed.loadFailed': {},
  // Reading digits
  NotAnImage: {},
  // My digits (worker/services/personal-service.ts): fine-tuning needs `min` digits, has `count`.
  NotEnoughDigits: { count: 0, min: 0 },
  'PersonalDigitMissing.id': { id: 0 },
  // My digits' files (shared/personal-files.ts, checked before anything is stored): `file` is
  // the chosen file's name, `files` the chosen files' names, comma-separated; `chunk` a PNG
  // chunk's type; `detail` English words for logs; sizes are bytes.
  'DigitsImportInvalid.noFiles': {},
  'DigitsImportInvalid.tooManyFiles': { files: '' },
  'DigitsImportInvalid.tooLarge': { file: '', bytes: 0, max: 0 },
  'DigitsImportInvalid.tooMany': { file: '', count: 0, max: 0 },
  'DigitsImportInvalid.notDigits': { file: '' },
  'DigitsImportInvalid.compressed': { file: '' },
  'DigitsImportInvalid.truncated': { file: '' },
  'DigitsImportInvalid.checksum': { file: '', chunk: '' },
  'DigitsImportInvalid.pngFormat': { file: '', detail: '' },
  'DigitsImportInvalid.inflate': { file: '' },
  'DigitsImportInvalid.noMetadata': { file: '' },
  'DigitsImportInvalid.metadata': { file: '', detail: '' },
  'DigitsImportInvalid.version': { file: '', version: 0 },
  'DigitsImportInvalid.imageSize': {
    file: '',
    width: 0,
    height: 0,
    expectedWidth: 0,
    expectedHeight: 0,
  },
  'DigitsImportInvalid.count': { file: '', expected: 0, actual: 0 },
  // `index` counts from 0.
  'DigitsImportInvalid.label': { file: '', index: 0, label: 0 },
  'DigitsImportInvalid.idxPair': { files: '' },
  'DigitsImportInvalid.idxShape': { file: '', rows: 0, columns: 0 },
  'DigitsImportInvalid.idxLength': { file: '', expected: 0, actual: 0 },
  'DigitsImportInvalid.empty': { files: '' },
  // Inside the model (worker/predict/inside.ts): `layer` is the first layer class it cannot show.
  CannotInspect: { layer: '' },
  // Saved models (worker/storage/models.ts, shared/saved-models.ts): `key` is TF.js' storage key.
  'ModelNotFound.id': { id: 0 },
  'ModelNotFound.noTopology': { name: '' },
  'ModelNotFound.weights': { key: '' },
  'InvalidName.empty': {},
  'InvalidName.tooLong': { max: 0, length: 0 },
  // Import and training settings
  'ImportInvalid.noFiles': {},
  // `files`: the chosen files' names, comma-separated.
  'ImportInvalid.noJson': { files: '' },
  'ImportInvalid.twoJson': { first: '', second: '' },
  'ImportInvalid.jsonTooLarge': { file: '', bytes: 0, max: 0 },
  'ImportInvalid.weightsTooLarge': { bytes: 0, max: 0 },
  'ImportInvalid.notText': { file: '' },
  'ImportInvalid.notJson': { file: '' },
  'ImportInvalid.notObject': { file: '' },
  'ImportInvalid.graphModel': { file: '' },
  'ImportInvalid.format': { file: '', format: '' },
  'ImportInvalid.noTopology': { file: '' },
  'ImportInvalid.notKeras': { file: '' },
  'ImportInvalid.noManifest': { file: '' },
  'ImportInvalid.manifestGroup': { file: '', group: 0 },
  'ImportInvalid.weightSpec': { file: '', weight: 0 },
  'ImportInvalid.weightDtype': { weight: '', dtype: '' },
  'ImportInvalid.quantization': { weight: '' },
  'ImportInvalid.missingFile': { file: '', needed: '' },
  'ImportInvalid.fileTwice': { file: '', needed: '' },
  'ImportInvalid.weightsSize': { weights: '', bytes: 0, file: '', expected: 0 },
  'ImportInvalid.extraFile': { extra: '', file: '' },
  'ImportInvalid.tooManyLayers': { layers: 0, max: 0 },
  'ImportInvalid.tooManyParams': { params: 0, max: 0 },
  'ImportInvalid.layerType': { layer: '', type: '' },
  'ImportInvalid.layerSetting': { layer: '', type: '', setting: '' },
  'ImportInvalid.layerInput': { layer: '', type: '', shape: '' },
  'ImportInvalid.layerTooLarge': { layer: '', type: '', values: 0, max: 0 },
  'ImportInvalid.layerName': { layer: '' },
  'ImportInvalid.noInputShape': { layer: '' },
  'ImportInvalid.connections': { layer: '' },
  'ImportInvalid.weightCount': { file: '', count: 0, expected: 0 },
  'ImportInvalid.weightShape': { weight: '', shape: '', expected: '' },
  // Keras 3 converter output (shared/keras3-model.ts): a dtype policy TF.js cannot run, a
  // weight named for no layer (`model` is the model's name Keras 3 puts in front).
  'ImportInvalid.kerasDtype': { layer: '', dtype: '' },
  'ImportInvalid.kerasWeightName': { weight: '', model: '' },
  'ImportInvalid.build': {},
  'ImportInvalid.weightsLoad': {},
  'ImportInvalid.inputsOutputs': { inputs: 0, outputs: 0 },
  'ImportInvalid.inputShape': { shape: '', expected: '' },
  'ImportInvalid.outputShape': { shape: '', expected: '' },
  'InvalidConfig.notObject': {},
  'InvalidConfig.unknownSetting': { setting: '' },
  'InvalidConfig.model': { model: '' },
  'InvalidConfig.epochs': { min: 0, max: 0 },
  'InvalidConfig.batchSize': { min: 0, max: 0 },
  'InvalidConfig.trainExamples': { min: 0, max: 0 },
  'InvalidConfig.optimizer': { optimizer: '' },
  'InvalidConfig.schedule': { schedule: '' },
  'InvalidConfig.learningRate': { min: 0, max: 0 },
  'InvalidConfig.labelSmoothing': { min: 0, max: 0 },
  'InvalidConfig.seed': { min: 0, max: 0 },
  'InvalidConfig.replay': { min: 0, max: 0 },
  'InvalidConfig.flag': { setting: '' },
  'CheckpointInvalid.missing': {},
  'CheckpointInvalid.record': {},
  'CheckpointInvalid.config': { setting: '' },
  'CheckpointInvalid.progress': { epochsDone: 0, epochs: 0 },
  'CheckpointInvalid.curves': {},
  'CheckpointInvalid.weights': {},
  'CheckpointInvalid.model': { model: '' },
} as const satisfies Record<string, Record<string, string | number>>;

/**
 * What the worker was doing with IndexedDB when it failed, as `StorageFailed.*` names it
 * (worded as `storageAction.<id>`).
 */
export const STORAGE_ACTIONS = [
  'openDatabase',
  'readDatasetStatus',
  'readMnist',
  'storeMnist',
  'deleteMnist',
  'saveRun',
  'readRuns',
  'deleteRun',
  'readBackendTimings',
  'storeBackendTimings',
  'saveModel',
  'saveModelWeights',
  'readSavedModels',
  'readSavedModel',
  'renameModel',
  'deleteModel',
  'saveCheckpoint',
  'readCheckpoint',
  'deleteCheckpoint',
  'savePersonalDigit',
  'readPersonalDigits',
  'changePersonalDigits',
] as const;
/** One of `STORAGE_ACTIONS`. */
export type StorageAction = (typeof STORAGE_ACTIONS)[number];

/** A known error code. */
export type ErrorCode = keyof typeof ERRORS;

/** The parameters of error `C`, by name. */
export type ErrorParams<C extends ErrorCode> = {
  -readonly [K in keyof (typeof ERRORS)[C]]: (typeof ERRORS)[C][K] extends string ? string : number;
};

/** The broad kinds of error: a code's part before the dot. */
export type ErrorName = ErrorCode extends infer C
  ? C extends `${infer N}.${string}`
    ? N
    : C
  : never;

/** Every code, for catalogue checks. */
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The kind of error a code belongs to: `ImportInvalid.tooLarge` → `ImportInvalid`. */
export const nameOf = (code: ErrorCode): ErrorName => code.split('.')[0] as ErrorName;

/**
 * `[]` for a code without parameters, `[params]` for one with. (`{}` alone would take any
 * value, an old-style English message included: `Record<string, never>` takes only `{}`.)
 */
type ParamsArg<C extends ErrorCode> = keyof (typeof ERRORS)[C] extends never
  ? [params?: Record<string, never>]
  : [params: ErrorParams<C>];

/** An error with a known code, thrown in the worker and worded by the UI. */
export class StudioError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name: ErrorName;
  readonly code: C;
  readonly params: ErrorParams<C>;

  /** `new StudioError('ImportInvalid.tooManyParams', {params, max})`. */
  constructor(code: C, ...[params]: ParamsArg<C>) {
    const values = (params ?? {}) as ErrorParams<C>;
    super(Object.keys(values).length ? `${code} ${JSON.stringify(values)}` : code);
    this.name = nameOf(code);
    this.code = code;
    this.params = values;
  }
}

const isCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERRORS, value);

/**
 * The code of anything thrown (a `StudioError`, or its copy that crossed Comlink), or
 * `undefined` for unknown errors. An error that only has a known `name` (a DOM `AbortError`)
 * counts as that code.
 */
export function errorCode(error: unknown): ErrorCode | undefined {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (isCode(code)) return code;
  return isCode(name) ? name : undefined;
}

/** The broad kind of anything thrown, or `undefined` for unknown errors. */
export function errorName(error: unknown): ErrorName | undefined {
  const code = errorCode(error);
  return code && nameOf(code);
}

/** The parameters of an error with code `code` (crossed Comlink or not). */
export function errorParams<C extends ErrorCode>(error: unknown, code: C): ErrorParams<C> {
  const params = (error as { params?: unknown } | null)?.params;
  const expected = ERRORS[code] as Record<string, string | number>;
  const out: Record<string, string | number> = {};
  for (const [key, sample] of Object.entries(expected)) {
    const value = (params as Record<string, unknown> | undefined)?.[key];
    out[key] = typeof value === typeof sample ? (value as string | number) : sample;
  }
  return out as ErrorParams<C>;
}

/** Whether `error` is a cancellation the person asked for (never shown as an error). */
export const isAbort = (error: unknown): boolean => errorName(error) === 'AbortError';

/** Throws an `AbortError` if `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new StudioError('AbortError');
}
