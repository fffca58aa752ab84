/**
 * Every string the UI shows, keyed by id. Parameterised messages are functions that format
 * their numbers through `format.ts`, so a second catalogue (Chinese is next) only has to
 * provide the same keys: `const zh: Catalogue = { … }`.
 */
import type { BackendChoice } from '../shared/backends.ts';
import type { ErrorName } from '../shared/errors.ts';
import type { ModelName } from '../shared/models.ts';
import type { DownloadProgress, PredictionModel, TrainPhase } from '../shared/protocol.ts';
import {
  formatBytes,
  formatCompactDecimal,
  formatDuration,
  formatDayTime,
  formatEpochs,
  formatInteger,
  formatLoss,
  formatPercent,
  formatTime,
} from './format.ts';

/** One-line descriptions of the book's models, shared by the select and the summary. */
const enModelDescriptions: Record<ModelName, string> = {
  conv: 'listing 4.1 convnet',
  conv3: 'convnet with three conv layers',
  dense: 'listing 4.3 dense network',
};

const en = {
  locale: 'en',

  // Shell
  appName: 'MNIST Studio',
  appDescription:
    'Train the handwritten-digit convnet of Deep Learning with JavaScript §4.2 on your own device and watch it learn. Start by downloading MNIST, then press Train.',
  appFooter: 'Everything runs in this browser: the data, the training and the results stay here.',
  backendStarting: 'Starting…',
  backendFailed: 'No backend',
  backendBadge: (name: string) => `Backend: ${name}`,

  // Notifier
  noticesLabel: 'Messages',
  dismiss: 'Dismiss',
  dismissNotice: (text: string) => `Dismiss message: ${text}`,
  noticeError: 'Error',
  noticeInfo: 'Note',

  // Data panel
  dataTitle: 'Data',
  dataIntro: 'The 70,000 MNIST images (60,000 for training, 10,000 for testing), kept offline.',
  dataChecking: 'Checking…',
  dataNotDownloaded: 'Not downloaded',
  dataStored: (bytes: number) => `Stored in this browser · ${formatBytes(bytes)}`,
  dataStoredAt: (date: string) => `Stored ${date}`,
  dataDownload: 'Download MNIST',
  dataRetry: 'Retry download',
  downloadError: (name: ErrorName | undefined, message: string) =>
    name === 'DataCorrupt'
      ? `The downloaded data is damaged: ${message} Nothing was stored.`
      : name === 'DownloadFailed'
        ? `The download failed: ${message} Nothing was stored.`
        : `The download did not finish: ${message} Nothing was stored.`,
  dataDelete: 'Delete data',
  dataProgressLabel: 'Download progress',
  downloadPhase: (phase: DownloadProgress['phase']) =>
    ({ download: 'Downloading', verify: 'Verifying', store: 'Storing' })[phase],
  downloadProgress: (loaded: number, total: number) =>
    `${formatBytes(loaded)} of ${formatBytes(total)}`,
  dataDeleteQuestion: 'Delete the MNIST files stored in this browser?',
  dataDeleteDetail: 'You can download them again at any time.',
  dataDeleteConfirm: 'Yes, delete',
  cancel: 'Cancel',

  // Installable and offline: updates, the Install button, the Offline badge, storage
  updateAvailable: 'Update available',
  updateDetail: 'A new version of MNIST Studio is ready.',
  updateReload: 'Reload',
  updateReloading: 'Reloading…',
  updateWaitsForTraining: 'Reload after training: reloading now would end the run.',
  install: 'Install',
  installName: 'Install MNIST Studio as an app',
  connectionLabel: 'Connection',
  offlineBadge: 'Offline',
  offlineHint: 'No network: what is stored in this browser keeps working.',
  dataOfflineNeedsDownload:
    'You are offline. MNIST has to be downloaded once while online; after that, training works offline too.',
  storageUsage: (usage: number, quota: number) =>
    `Using ${formatBytes(usage)} of ${formatBytes(quota)} available`,
  storagePersisted: 'The browser keeps this data even when space runs low.',
  storageBestEffort: 'The browser may clear this data if space runs low.',

  // Backend panel
  backendTitle: 'Compute backend',
  backendLabel: 'Backend',
  backendChoice: (choice: BackendChoice) =>
    ({ auto: 'Auto (fastest)', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' })[choice],
  backendUnavailable: (name: string) => `${name} (not available)`,
  backendActive: 'Active',
  backendSimd: 'WASM SIMD',
  backendThreads: 'WASM threads',
  backendIsolated: 'Cross-origin isolated',
  backendGpu: 'GPU',
  backendSoftwareGpu: (renderer: string) => `${renderer} (software rendering)`,
  yes: 'yes',
  no: 'no',
  speedMeasure: 'Measure speed',
  speedIntro: 'Times a few real training batches of each model on each available backend.',
  speedProgressLabel: 'Speed measurement progress',
  speedProgress: (done: number, total: number, label?: string) =>
    `${formatInteger(done)} of ${formatInteger(total)} measured${label ? ` · now: ${label}` : ''}`,
  speedCaption: (batchSize: number) =>
    `Training speed in examples per second (batch size ${formatInteger(batchSize)}, higher is faster)`,
  speedBackendHeader: 'Backend',
  speedFastest: 'fastest',
  speedBatchMs: (batchMs: number) =>
    `${batchMs < 100 ? formatCompactDecimal(batchMs, 1) : formatInteger(batchMs)} ms/batch`,
  notMeasured: '—',

  // Train panel
  trainTitle: 'Train',
  modelLabel: 'Model',
  modelOption: (model: ModelName, params: number) =>
    `${model} — ${enModelDescriptions[model]} (${formatInteger(params)} params)`,
  modelDescription: enModelDescriptions,
  epochsLabel: 'Epochs',
  batchSizeLabel: 'Batch size',
  trainExamplesLabel: 'Training examples',
  trainExamplesHint: (max: number) =>
    `Taken from the ${formatInteger(max)}-image training split; the other 9,000 validate.`,
  examplesPresetsLabel: 'Quick choices',
  examplesPreset: (count: number) => formatInteger(count),
  examplesPresetName: (count: number) => `Use ${formatInteger(count)} examples`,
  train: 'Train',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  stopping: 'Stopping…',
  trainNeedsData: 'Download MNIST first to train.',
  trainBusy: 'Wait for the current task to finish.',
  trainPhase: (phase: TrainPhase) =>
    ({
      preparing: 'Preparing',
      training: 'Training',
      paused: 'Paused',
      validating: 'Validating',
      evaluating: 'Testing',
      done: 'Done',
    })[phase],
  trainStopped: 'Stopped',
  epochLine: (epoch: number, epochs: number) =>
    `Epoch ${formatInteger(epoch)} of ${formatInteger(epochs)}`,
  batchLine: (batch: number, batches: number) =>
    `Batch ${formatInteger(batch)} of ${formatInteger(batches)}`,
  trainProgressLabel: 'Training progress',
  percentDone: (fraction: number) => `${formatPercent(fraction, 0)} done`,
  examplesPerSecond: (rate: number) => `${formatInteger(rate)} examples/s`,
  elapsed: (ms: number) => `Elapsed ${formatDuration(ms)}`,
  remaining: (ms: number) => `About ${formatDuration(ms)} left`,
  remainingUnknown: 'Estimating time left…',
  testingLine: (done: number, total: number) =>
    `Testing on ${formatInteger(done)} of ${formatInteger(total)} test images`,
  validationAccuracy: (fraction: number) => `Validation accuracy: ${formatPercent(fraction)}`,
  runFinished: (epochs: number, ms: number) =>
    `Trained ${formatEpochs(epochs)} ${epochs === 1 ? 'epoch' : 'epochs'} in ${formatDuration(ms)}.`,
  runStopped: (epochs: number, of: number) =>
    `Stopped after ${formatEpochs(epochs)} of ${formatInteger(of)} epochs; the partly trained model was tested.`,
  trainIdle: 'Choose a model and settings, then press Train.',

  // Model summary
  summaryTitle: 'Model',
  summaryFacts: (model: ModelName, source: string, params: number) =>
    `${model} · ${source} · ${formatInteger(params)} parameters`,
  summaryCaption: (model: ModelName) => `Layers of ${model}, as model.summary() prints them`,
  summaryLayer: 'Layer',
  summaryType: 'Type',
  summaryShape: 'Output shape',
  summaryParams: 'Parameters',
  summaryTotal: 'Total',
  summaryLoading: 'Building the model…',
  summaryFailed: 'The layer table is not available right now.',

  // Charts
  chartsTitle: 'Training curves',
  chartsIntro:
    'Like figure 4.8: training metrics per batch (line) and validation metrics per epoch (dots).',
  chartLoss: 'Loss',
  chartAccuracy: 'Accuracy',
  chartBatch: 'Batch',
  chartTraining: 'Training',
  chartValidation: 'Validation',
  chartsEmpty: 'The curves appear here when training starts.',
  chartLatestBatch: (step: number, loss: number, acc: number) =>
    `Latest training batch ${formatInteger(step)}: loss ${formatLoss(loss)}, accuracy ${formatPercent(acc)}.`,
  chartLatestEpoch: (epoch: number, loss: number, acc: number) =>
    `Validation after epoch ${formatInteger(epoch)}: loss ${formatLoss(loss)}, accuracy ${formatPercent(acc)}.`,

  // Evaluation
  evaluationTitle: 'Test results',
  evaluationIntro: 'How the model does on the 10,000 test images it never trained on.',
  evaluate: 'Evaluate',
  evaluateNeedsModel: 'Train or load a model first; then you can evaluate it here.',
  evaluationProgressLabel: 'Evaluation progress',
  evaluationProgress: (done: number, total: number) =>
    `${formatInteger(done)} of ${formatInteger(total)} test images`,
  evaluationEmpty: 'Results appear here after training.',
  testAccuracy: (fraction: number) => `Test accuracy: ${formatPercent(fraction)}`,
  testLoss: (loss: number) => `Test loss: ${formatLoss(loss)}`,
  testCount: (count: number, wrong: number) =>
    `${formatInteger(count - wrong)} of ${formatInteger(count)} right, ${formatInteger(wrong)} wrong`,
  perDigitTitle: 'Accuracy per digit',
  perDigitRow: (digit: number) => `Digit ${digit}`,
  perDigitLowest: 'lowest',
  confusionTitle: 'Confusion matrix',
  confusionCaption:
    'Rows are the true digits, columns the predicted ones; the diagonal counts the right answers.',
  confusionTrue: 'True',
  confusionPredicted: 'Predicted',
  confusionCell: (count: number, truth: number, predicted: number) =>
    `${formatInteger(count)} images of ${truth} predicted as ${predicted}`,

  // Digit grid
  digitsTitle: 'Test images',
  digitsIntro: 'Like figure 4.10: test images with the model’s answer.',
  mistakesOnly: 'Mistakes only',
  digitsShown: (count: number, mistakes: boolean) =>
    mistakes
      ? `Showing ${formatInteger(count)} misclassified test images.`
      : `Showing the first ${formatInteger(count)} test images.`,
  digitsNoMistakes: 'No mistakes to show.',
  digitRight: (predicted: number) => `✓ ${predicted}`,
  digitWrong: (predicted: number, truth: number) => `✗ pred ${predicted} · true ${truth}`,
  digitImageName: (index: number, predicted: number, truth: number) =>
    predicted === truth
      ? `Test image ${formatInteger(index)}: a ${truth}, predicted correctly`
      : `Test image ${formatInteger(index)}: a ${truth}, wrongly predicted as ${predicted}`,

  // Run history
  historyTitle: 'Run history',
  historyCaption:
    'Your runs, newest first. The book reports about 99.0% test accuracy for the convnet (conv) and about 97.0% for the dense model: train both to see the difference.',
  historyEmpty: 'No runs yet. Finished and stopped runs are kept here.',
  historyDate: 'Date',
  historyModel: 'Model',
  historyEpochs: 'Epochs',
  historyExamples: 'Examples',
  historyBatch: 'Batch',
  historyBackend: 'Backend',
  historyDuration: 'Duration',
  historySpeed: 'Examples/s',
  historyValAccuracy: 'Val. accuracy',
  historyTestAccuracy: 'Test accuracy',
  historyActions: 'Actions',
  historyEpochsOf: (done: number, of: number) => `${formatEpochs(done)} of ${formatInteger(of)}`,
  historyStopped: 'stopped',
  historyDelete: 'Delete',
  historyDeleteName: (date: string) => `Delete the run of ${date}`,

  // Reading digits: drawing pad, image, camera
  predictTitle: 'Read a digit',
  predictIntro:
    'Draw a digit, upload a photo of one, or point the camera at paper. The image is prepared as MNIST was (centred, 20 px, ink bright on black) before the model reads it.',
  predictModes: 'How to give a digit',
  predictDraw: 'Draw',
  predictImage: 'Image',
  predictCamera: 'Camera',
  predictionNone: 'No digit read yet.',
  predictionEmpty: 'No digit found in this image.',
  predictionAnswer: (digit: number) => `Prediction: ${digit}`,
  predictionInputLabel: 'The 28 by 28 image the model received',
  predictionInputCaption: 'What the model sees',
  predictionBarsLabel: 'Probability of each digit',
  predictionModel: (model: PredictionModel) => {
    const accuracy =
      model.testAccuracy === undefined
        ? ''
        : ` (${formatPercent(model.testAccuracy)} on the test set)`;
    return model.kind === 'starter'
      ? `Read by the starter model${accuracy}, shipped with the app. Train or load a model to use your own.`
      : model.kind === 'saved'
        ? `Read by your saved model “${model.name}”${accuracy}.`
        : `Read by the model you trained (${model.name})${accuracy}.`;
  },
  drawingPad: 'Drawing pad',
  drawingHint: 'Draw one digit with a mouse, a finger or a pen; it is read after each stroke.',
  drawingClear: 'Clear',
  imageUpload: 'Upload image',
  imageHint: 'PNG, JPEG, WebP or GIF, any size. You can also drop an image here or paste one.',
  imagePreview: (name: string) => `The image you gave: ${name}`,
  imagePasted: 'pasted image',
  cameraStart: 'Start camera',
  cameraStop: 'Stop camera',
  cameraSwitch: 'Switch camera',
  cameraFreeze: 'Freeze',
  cameraUnfreeze: 'Unfreeze',
  cameraHint: 'Hold a handwritten digit inside the square.',
  cameraVideo: 'Camera view with a guide square',
  cameraRate: (rate: number) => `${formatInteger(rate)} readings per second`,
  cameraFrozen: 'Frozen: the last frame stays read.',
  cameraDenied:
    'Camera access was denied. Allow the camera for this site in the browser settings, then try again.',
  cameraMissing: 'No camera was found on this device.',
  cameraInsecure: 'The camera works only on a secure (https) page.',
  cameraFailed: (message: string) => `The camera could not start: ${message}`,

  // Resuming an interrupted run, and training in another tab
  resumeTitle: 'Unfinished run.',
  resumeDetail: (model: ModelName, done: number, of: number, savedAt: string) =>
    `${model}: ${formatInteger(done)} of ${formatInteger(of)} epochs done (saved ${savedAt}). Resume training continues with the next epoch.`,
  resumeTraining: 'Resume training',
  resumeDiscard: 'Discard',
  resumeDiscarded: 'The unfinished run was discarded.',
  trainingElsewhere: 'Training runs in another tab. Wait for it to finish, or stop it there.',

  // Models panel: the model in use, saving, loading, renaming, deleting, export and import
  modelsTitle: 'Models',
  modelsIntro:
    'Keep the model in use in this browser, load a saved one, or import a TensorFlow.js or Keras model (its model.json and .bin file).',
  modelsInUseNone: 'No model in use yet: train one, or load a saved one.',
  modelsInUseTrained: (architecture: string, finishedAt?: number) =>
    `In use: ${architecture} · trained ${finishedAt === undefined ? 'just now' : `at ${formatTime(finishedAt)}`} (not saved)`,
  modelsInUseSaved: (name: string) => `In use: ${name} (saved)`,
  modelsInUseDeleted: (name: string) => `In use: ${name} (deleted from the saved list)`,
  modelsSave: 'Save model',
  modelsSaveNeedsModel: 'Train or load a model first.',
  modelsSaveDone: 'The model in use is saved.',
  modelsSaveTitle: 'Save the model in use',
  modelsNameLabel: 'Name',
  modelsDefaultName: (architecture: string, accuracy: number | undefined, at: number) =>
    [architecture, accuracy === undefined ? '' : formatPercent(accuracy), formatDayTime(at)]
      .filter(Boolean)
      .join(' · '),
  modelsSaveConfirm: 'Save',
  modelsImport: 'Import…',
  modelsImportLabel: 'Model files to import: model.json and its .bin file',
  modelsImportHint: 'Or drop a model.json and its .bin file here.',
  modelsDropHere: 'Drop model.json and its .bin file to import them',
  modelsListTitle: 'Saved in this browser',
  modelsListLabel: 'Saved models',
  modelsEmpty: 'No saved models yet. Train a model, then press Save model.',
  modelsInUseBadge: 'In use',
  modelsImportedBadge: 'imported',
  modelsFacts: (architecture: string, accuracy?: number, epochs?: number) =>
    [
      architecture,
      accuracy === undefined ? '' : `${formatPercent(accuracy)} test accuracy`,
      epochs === undefined ? '' : `${formatEpochs(epochs)} ${epochs === 1 ? 'epoch' : 'epochs'}`,
    ]
      .filter(Boolean)
      .join(' · '),
  modelsSavedAt: (date: string) => `Saved ${date}`,
  modelsLoad: 'Load',
  modelsLoadName: (name: string) => `Load ${name}`,
  modelsRename: 'Rename',
  modelsRenameName: (name: string) => `Rename ${name}`,
  modelsRenameLabel: (name: string) => `New name for ${name}`,
  modelsRenameConfirm: 'Save name',
  modelsExport: 'Export',
  modelsExportName: (name: string) => `Export ${name}`,
  modelsDelete: 'Delete',
  modelsDeleteName: (name: string) => `Delete ${name}`,
  modelsDeleteQuestion: (name: string) => `Delete “${name}” from this browser?`,
  modelsDeleteDetail: 'Its weights are removed too. Export it first to keep a copy.',
  modelsDeleteConfirm: 'Yes, delete',
  modelSaved: (name: string) => `Saved “${name}” in this browser.`,
  modelLoaded: (name: string) => `“${name}” is in use now. Press Evaluate to test it.`,
  modelDeleted: (name: string) => `Deleted “${name}”.`,
  modelExported: (files: string[]) => `Downloading ${files.join(' and ')}.`,
  modelImported: (name: string) => `Imported “${name}”. Press Load to use it.`,

  // Messages
  downloadDone: 'MNIST is stored in this browser; training now works offline.',
  dataDeleted: 'The MNIST files were deleted from this browser.',
  trainDone: (accuracy: number) =>
    `Training finished: test accuracy ${formatPercent(accuracy)}. The run is in the history; Save model keeps the model.`,
  errorMessage: (name: ErrorName | undefined, message: string): string => {
    switch (name) {
      case 'DataMissing':
        return 'MNIST is not stored in this browser yet. Press Download MNIST first.';
      case 'DataCorrupt':
        return `The stored MNIST files are damaged (${message}). Delete the data and download it again.`;
      case 'DownloadFailed':
        return `The download failed: ${message}`;
      case 'StorageFailed':
        return `This browser could not store the data: ${message}`;
      case 'NoModel':
        return 'There is no trained model yet. Train one first.';
      case 'Busy':
        return `Still busy: ${message}`;
      case 'BackendUnavailable':
        return `That backend does not work on this device: ${message}`;
      case 'InvalidConfig':
        return `These training settings do not work: ${message}`;
      case 'NotAnImage':
        return message;
      case 'CheckpointInvalid':
        return `The unfinished run cannot be resumed: ${message}`;
      case 'WorkerCrashed':
        return 'The training worker stopped unexpectedly and was restarted. At most the epoch in progress was lost: Resume training continues from the last finished epoch.';
      case 'ImportInvalid':
        return `This model cannot be imported. ${message}`;
      case 'ModelNotFound':
        return `That saved model is not in this browser any more. ${message}`;
      case 'InvalidName':
        return message;
      default:
        return `Something went wrong: ${message}`;
    }
  },
};

/** The shape every catalogue has: the English one defines it. */
export type Catalogue = typeof en;

/** All catalogues, by language. */
export const catalogues: Readonly<Record<string, Catalogue>> = { en };

/** The catalogue in use. */
export const strings: Catalogue = en;
