/**
 * Every string the UI shows, in English, each looked up through `@lit/localize`'s `msg()` under a
 * stable id when it is read, so the active locale (src/ui/locale.ts) decides what a render shows.
 * `en` holds one message per id: text, or a function whose `str` template takes the arguments
 * already formatted by `format.ts` (the other catalogue, `locales/zh-Hans.ts`, refers to them by
 * position). `strings` adds the few composite messages that pick one id by their arguments.
 * A catalogue is a list: this file is long for that reason.
 */
import { msg, str, type StrResult } from '@lit/localize';
import { BACKEND_NAMES, type BackendChoice } from '../shared/backends.ts';
import { errorCode, errorName, errorParams, STORAGE_ACTIONS } from '../shared/errors.ts';
import { JOB_KINDS } from '../shared/worker-state.ts';
import type { ModelName } from '../shared/models.ts';
import type {
  DownloadProgress,
  OptimizerName,
  PredictionModel,
  RecipeName,
  RecipeSettings,
  RunRecord,
  ScheduleName,
  StepProgress,
  TrainPhase,
} from '../shared/protocol.ts';
import type { PersonalSource } from '../shared/personal.ts';
import { configOfRun, recipeOf } from '../shared/recipes.ts';
import {
  formatBytes,
  formatCompactDecimal,
  formatDuration,
  formatDayTime,
  formatEpochs,
  formatHex,
  formatInteger,
  formatLearningRate,
  formatList,
  formatLoss,
  formatPercent,
  formatTime,
  formatValue,
} from './format.ts';

/** One message: plain text, or a function of its arguments giving a `str` template. */
export type Message = string | ((...args: never[]) => StrResult);

/** The English messages by id: the source catalogue every translation follows. */
export const en = {
  // Shell
  appName: 'MNIST Studio',
  appDescription:
    'Train the handwritten-digit convnet of Deep Learning with JavaScript §4.2 on your own device, watch it learn, then let it read the digits you write.',
  appFooter: 'Everything runs in this browser: the data, the training and the results stay here.',
  startTitle: 'Start here',
  startStepData: 'Download MNIST (11 MB, once).',
  startStepTrain: 'Choose a model and press Train: dense learns in under a minute.',
  startStepPredict: 'Or try the starter model at once: draw a digit under Read a digit.',
  startDone: 'done',
  languageLabel: 'Language',
  backendStarting: 'Starting…',
  backendFailed: 'No backend',
  backendBadge: (name: string) => str`Backend: ${name}`,
  // Notifier
  noticesLabel: 'Messages',
  dismiss: 'Dismiss',
  dismissNotice: (text: string) => str`Dismiss message: ${text}`,
  noticeError: 'Error:',
  noticeInfo: 'Note:',
  // Data panel
  dataTitle: 'Data',
  dataIntro: 'The 70,000 MNIST images (60,000 for training, 10,000 for testing), kept offline.',
  dataChecking: 'Checking…',
  dataNotDownloaded: 'Not downloaded',
  dataStored: (bytes: number) => str`Stored in this browser · ${formatBytes(bytes)}`,
  dataStoredAt: (date: string) => str`Stored ${date}`,
  dataDownload: 'Download MNIST',
  dataRetry: 'Retry download',
  dataDelete: 'Delete data',
  dataProgressLabel: 'Download progress',
  'downloadPhase.download': 'Downloading',
  'downloadPhase.verify': 'Verifying',
  'downloadPhase.store': 'Storing',
  downloadProgress: (loaded: number, total: number) =>
    str`${formatBytes(loaded)} of ${formatBytes(total)}`,
  dataDeleteQuestion: 'Delete the MNIST files stored in this browser?',
  dataDeleteDetail: 'You can download them again at any time.',
  dataDeleteConfirm: 'Yes, delete',
  cancel: 'Cancel',
  cancelDownload: 'Cancel download',
  downloadCancelled: 'Download cancelled. Nothing was stored.',
  cancelEvaluation: 'Cancel evaluation',
  evaluationCancelled: 'Evaluation cancelled.',
  cancelMeasure: 'Cancel measurement',
  measureCancelled: 'Speed measurement cancelled. The automatic choice keeps its timings.',
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
    str`Using ${formatBytes(usage)} of ${formatBytes(quota)} available.`,
  storagePersisted: 'The browser keeps this data even when space runs low.',
  storageBestEffort: 'The browser may clear this data if space runs low.',
  // Backend panel
  backendTitle: 'Compute backend',
  backendLabel: 'Backend',
  'backendChoice.auto': 'Auto (fastest)',
  'backendChoice.webgpu': 'WebGPU',
  'backendChoice.webgl': 'WebGL',
  'backendChoice.wasm': 'WASM',
  'backendChoice.cpu': 'CPU',
  backendUnavailable: (name: string) => str`${name} (not available)`,
  backendActive: 'Active',
  backendSimd: 'WASM SIMD',
  backendThreads: 'WASM threads',
  backendIsolated: 'Cross-origin isolated',
  backendSharedMemory: 'Shared memory (SharedArrayBuffer)',
  backendKernelThreads: 'Studio kernel threads',
  backendNoSharedMemory:
    'This browser gives the page no SharedArrayBuffer, so WASM runs on one thread here.',
  backendNotIsolated: 'The page is not cross-origin isolated, so WASM runs on one thread here.',
  backendStartedSingle:
    'A start with WASM threads did not finish in this browser, so WASM now starts on one thread here.',
  backendStartedCpu:
    'Starts with WASM did not finish in this browser, so the app now starts on the CPU backend here.',
  backendGpu: 'GPU',
  backendSoftwareGpu: (renderer: string) => str`${renderer} (software rendering)`,
  backendTimings: 'Timed here',
  backendStepTime: (backend: string, ms: number) =>
    str`${backend}: ${formatInteger(ms)} ms per training step`,
  gpuLost: (from: string, to: string, epoch: number) =>
    str`The GPU under ${from} stopped working. Training goes on with ${to} from the start of epoch ${formatInteger(epoch)}, the last one saved.`,
  yes: 'yes',
  no: 'no',
  speedMeasure: 'Measure speed',
  speedIntro: 'Times a few real training batches of each model on each available backend.',
  speedProgressLabel: 'Speed measurement progress',
  speedProgress: (done: number, total: number) =>
    str`${formatInteger(done)} of ${formatInteger(total)} measured`,
  speedProgressNow: (done: number, total: number, model: ModelName, backend: string) =>
    str`${formatInteger(done)} of ${formatInteger(total)} measured · now: ${model} on ${backend}`,
  speedCaption: (batchSize: number) =>
    str`Training speed in examples per second (batch size ${formatInteger(batchSize)}, higher is faster)`,
  speedBackendHeader: 'Backend',
  speedFastest: 'fastest',
  speedBatchMs: (batchMs: number) =>
    str`${batchMs < 100 ? formatCompactDecimal(batchMs, 1) : formatInteger(batchMs)} ms/batch`,
  notMeasured: '—',
  // Train panel
  trainTitle: 'Train',
  modelLabel: 'Model',
  'modelOption.conv': (params: number) =>
    str`conv — listing 4.1 convnet (${formatInteger(params)} params)`,
  'modelOption.conv3': (params: number) =>
    str`conv3 — convnet with three conv layers (${formatInteger(params)} params)`,
  'modelOption.dense': (params: number) =>
    str`dense — listing 4.3 dense network (${formatInteger(params)} params)`,
  'modelOption.big': (params: number) =>
    str`big — section 4.2.5’s bigger convnet, 99.5% (${formatInteger(params)} params)`,
  epochsLabel: 'Epochs',
  batchSizeLabel: 'Batch size',
  trainExamplesLabel: 'Training examples',
  trainExamplesHint: (max: number) =>
    str`Taken from the ${formatInteger(max)}-image training split; the other ${formatInteger(9_000)} validate.`,
  examplesPresetsLabel: 'Quick choices',
  examplesPresetName: (count: number) => str`Use ${formatInteger(count)} examples`,
  train: 'Train',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  stopping: 'Stopping…',
  trainNeedsData: 'Download MNIST first to train.',
  trainBusy: 'Wait for the current task to finish.',
  'trainPhase.preparing': 'Preparing',
  'trainPhase.training': 'Training',
  'trainPhase.paused': 'Paused',
  'trainPhase.validating': 'Validating',
  'trainPhase.evaluating': 'Testing',
  'trainPhase.done': 'Done',
  trainStopped: 'Stopped',
  epochLine: (epoch: number, epochs: number) =>
    str`Epoch ${formatInteger(epoch)} of ${formatInteger(epochs)}`,
  batchLine: (batch: number, batches: number) =>
    str`Batch ${formatInteger(batch)} of ${formatInteger(batches)}`,
  trainProgressLabel: 'Training progress',
  percentDone: (fraction: number) => str`${formatPercent(fraction, 0)} done`,
  examplesPerSecond: (rate: number) => str`${formatInteger(rate)} examples/s`,
  elapsed: (ms: number) => str`Elapsed ${formatDuration(ms)}`,
  remaining: (ms: number) => str`About ${formatDuration(ms)} left`,
  remainingUnknown: 'Estimating time left…',
  testingLine: (done: number, total: number) =>
    str`Testing on ${formatInteger(done)} of ${formatInteger(total)} test images`,
  validationAccuracy: (fraction: number) => str`Validation accuracy: ${formatPercent(fraction)}`,
  'runFinished.one': (epochs: number, ms: number) =>
    str`Trained ${formatEpochs(epochs)} epoch in ${formatDuration(ms)}.`,
  'runFinished.other': (epochs: number, ms: number) =>
    str`Trained ${formatEpochs(epochs)} epochs in ${formatDuration(ms)}.`,
  runStopped: (epochs: number, of: number) =>
    str`Stopped after ${formatEpochs(epochs)} of ${formatInteger(of)} epochs; the partly trained model was tested.`,
  trainIdle: 'Choose a model and settings, then press Train.',
  // Train panel: recipes and advanced settings
  recipeLabel: 'Recipe',
  'recipe.book': 'Book (listing 4.2)',
  'recipe.fast': 'Fast (99% in under a minute)',
  'recipe.long': 'Long (99.5% with the bigger convnet)',
  'recipe.custom': 'Custom',
  'recipeShort.book': 'Book',
  'recipeShort.fast': 'Fast',
  'recipeShort.long': 'Long',
  'recipeShort.custom': 'Custom',
  recipeSettings: (optimizer: string, rate: string, schedule: string, smoothing: number) =>
    str`${optimizer} ${rate} · ${schedule} · label smoothing ${formatCompactDecimal(smoothing, 3)}`,
  advancedSettings: 'Advanced settings',
  optimizerLabel: 'Optimizer',
  'optimizer.rmsprop': 'RMSprop',
  'optimizer.adam': 'Adam',
  'optimizer.sgd': 'SGD with momentum',
  learningRateLabel: 'Learning rate',
  learningRateHint: 'With one-cycle, the highest rate of the run.',
  scheduleLabel: 'Learning-rate schedule',
  'schedule.constant': 'constant',
  'schedule.one-cycle': 'one-cycle',
  scheduleHint: (warmup: number) =>
    str`One-cycle rises from a tenth of the rate over the first ${formatPercent(warmup, 0)} of the batches, then falls to 0.`,
  labelSmoothingLabel: 'Label smoothing',
  labelSmoothingHint: '0 trains on one-hot targets, as the book does.',
  seedLabel: 'Seed',
  seedPlaceholder: 'random',
  seedHint:
    'Empty: a new random seed for each run. A seed repeats a run exactly on the same backend; other backends differ in the last digits.',
  keepBestLabel: 'Keep the best epoch',
  keepBestHint:
    'Test and keep the weights of the epoch with the best validation accuracy. Off reproduces the book exactly.',
  testEachEpochLabel: 'Test after each epoch',
  testEachEpochHint: 'Draws a test-accuracy curve; each epoch takes a few seconds longer.',
  augmentLabel: 'Augment like photos',
  augmentHint:
    'Each training image is slightly turned, moved, resized, thickened or thinned, blurred or speckled, the way photographed digits differ from MNIST. Helps reading photos and the camera; off trains as the book does.',
  augmentedSetting: 'photo-like augmentation',
  // Train panel: live readouts of the run
  seedLine: (seed: string) => str`Seed ${seed}`,
  bestSoFar: (epoch: number) => str`Best so far: epoch ${formatInteger(epoch)}`,
  bestOf: (epochs: number, best: number) =>
    str`Best of ${formatInteger(epochs)}: epoch ${formatInteger(best)}`,
  reached99Validation: (ms: number) =>
    str`99% validation accuracy reached at ${formatDuration(ms)}`,
  reached99Test: (ms: number) => str`99% test accuracy reached at ${formatDuration(ms)}`,
  // Model summary
  summaryTitle: 'Model',
  'modelSource.conv': 'Listing 4.1',
  'modelSource.conv3': 'Section 4.2 / tfjs-examples',
  'modelSource.dense': 'Listing 4.3',
  'modelSource.big': 'Section 4.2.5 / tfjs-examples mnist-node',
  summaryFacts: (model: ModelName, source: string, params: number) =>
    str`${model} · ${source} · ${formatInteger(params)} parameters`,
  summaryCaption: (model: ModelName) => str`Layers of ${model}, as model.summary() prints them`,
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
    str`Latest training batch ${formatInteger(step)}: loss ${formatLoss(loss)}, accuracy ${formatPercent(acc)}.`,
  chartLatestEpoch: (epoch: number, loss: number, acc: number) =>
    str`Validation after epoch ${formatInteger(epoch)}: loss ${formatLoss(loss)}, accuracy ${formatPercent(acc)}.`,
  chartTest: 'Test',
  chartLearningRate: 'Learning rate',
  chartLatestTest: (epoch: number, loss: number, acc: number) =>
    str`Test after epoch ${formatInteger(epoch)}: loss ${formatLoss(loss)}, accuracy ${formatPercent(acc)}.`,
  chartLatestRate: (rate: string) => str`Learning rate now: ${rate}.`,
  // Evaluation
  evaluationTitle: 'Test results',
  evaluationIntro: 'How the model does on the 10,000 test images it never trained on.',
  evaluate: 'Evaluate',
  evaluateNeedsModel: 'Train or load a model first; then you can evaluate it here.',
  evaluationProgressLabel: 'Evaluation progress',
  evaluationProgress: (done: number, total: number) =>
    str`${formatInteger(done)} of ${formatInteger(total)} test images`,
  evaluationEmpty: 'Results appear here after training.',
  testAccuracy: (fraction: number) => str`Test accuracy: ${formatPercent(fraction)}`,
  testLoss: (loss: number) => str`Test loss: ${formatLoss(loss)}`,
  testCount: (count: number, wrong: number) =>
    str`${formatInteger(count - wrong)} of ${formatInteger(count)} right, ${formatInteger(wrong)} wrong`,
  perDigitTitle: 'Accuracy per digit',
  perDigitRow: (digit: number) => str`Digit ${digit}`,
  perDigitLowest: 'lowest',
  confusionTitle: 'Confusion matrix',
  confusionCaption:
    'Rows are the true digits, columns the predicted ones; the diagonal counts the right answers.',
  confusionTrue: 'True',
  confusionPredicted: 'Predicted',
  confusionCell: (count: number, truth: number, predicted: number) =>
    str`${formatInteger(count)} images of ${truth} predicted as ${predicted}`,
  // Digit grid
  digitsTitle: 'Test images',
  digitsIntro: 'Like figure 4.10: test images with the model’s answer.',
  mistakesOnly: 'Mistakes only',
  'digitsShown.mistakes': (count: number) =>
    str`Showing ${formatInteger(count)} misclassified test images.`,
  'digitsShown.first': (count: number) =>
    str`Showing the first ${formatInteger(count)} test images.`,
  digitsNoMistakes: 'No mistakes to show.',
  digitRight: (predicted: number) => str`✓ ${predicted}`,
  digitWrong: (predicted: number, truth: number) => str`✗ pred ${predicted} · true ${truth}`,
  'digitImageName.right': (index: number, truth: number) =>
    str`Test image ${formatInteger(index)}: a ${truth}, predicted correctly`,
  'digitImageName.wrong': (index: number, truth: number, predicted: number) =>
    str`Test image ${formatInteger(index)}: a ${truth}, wrongly predicted as ${predicted}`,
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
  historySpeedDetail: (training: number, overall: number) =>
    str`${formatInteger(training)} examples/s in training batches (the live figure); ${formatInteger(overall)} over the whole duration, validation and test included`,
  historyValAccuracy: 'Val. accuracy',
  historyTestAccuracy: 'Test accuracy',
  historyActions: 'Actions',
  historyEpochsOf: (done: number, of: number) => str`${formatEpochs(done)} of ${formatInteger(of)}`,
  historyStopped: 'stopped',
  historyDelete: 'Delete',
  historyDeleteName: (date: string) => str`Delete the run of ${date}`,
  historyRecipe: 'Recipe',
  historySeed: 'Seed',
  historyBestEpoch: 'Best epoch',
  historyBestEpochOf: (best: number, epochs: number) =>
    str`epoch ${formatInteger(best)} of ${formatInteger(epochs)}`,
  historyValidation99: '99% validation',
  historyTest99: '99% test',
  historyReached: (ms: number, examples: number) =>
    str`${formatDuration(ms)} · ${formatInteger(examples)} examples`,
  historyCompare: 'Compare',
  historyCompareName: (date: string) => str`Compare the run of ${date}`,
  historyCompareUnavailable:
    'Recorded before runs kept their curves, so this run cannot be compared.',
  historyCompareHint:
    'Tick two or more runs to draw their validation accuracy per epoch on one chart, like figures 4.8 and 4.9.',
  historyRepeat: 'Repeat',
  historyFineTuned: 'Your handwriting',
  historyFineTuneSettings: (digits: number, replay: number, layers: string) =>
    str`${formatInteger(digits)} of your digits + ${formatInteger(replay)} MNIST each, ${layers}`,
  historyFineTuneAllLayers: 'all layers',
  historyFineTuneDenseOnly: 'dense layers only',
  historyFineTuneHeldOut: (before: number, after: number) =>
    str`your held-out digits ${formatPercent(before, 1)} → ${formatPercent(after, 1)}`,
  historyRepeatName: (date: string) =>
    str`Repeat: train again with the settings and seed of the run of ${date}`,
  historyRepeatStarted:
    'Training again with that run’s settings and seed: its progress is in the Train card.',
  compareTitle: 'Validation accuracy per epoch',
  compareEpoch: 'Epoch',
  compareRunLabel: (model: string, recipe: string, seed: string, time: string) =>
    str`${model} · ${recipe} · seed ${seed} · ${time}`,
  compareRunSummary: (label: string, accuracy: number, epoch: number) =>
    str`${label}: best validation accuracy ${formatPercent(accuracy)}, at epoch ${formatInteger(epoch)}.`,
  // Reading digits: drawing pad, image, camera
  predictTitle: 'Read a digit',
  predictIntro:
    'Draw a digit, upload a photo of one, or point the camera at paper. The image is prepared as MNIST was (centred, 20 px, ink bright on black) before the model reads it.',
  predictModes: 'How to give a digit',
  predictDraw: 'Draw',
  predictImage: 'Image',
  predictCamera: 'Camera',
  predictionNone: 'No digit read yet.',
  predictionEmpty: 'No digit found: move closer or add light.',
  predictionAnswer: (digit: number) => str`Prediction: ${digit}`,
  // Issue 14: unsure answers and how an image was read
  predictionUnsure: (digit: number, alternative: number) =>
    str`Prediction: ${digit} or ${alternative}?`,
  predictionStagesLabel: 'How this image was read',
  predictionStageOriginal: 'Photo',
  predictionStageOriginalLabel: 'The image in grey, as it came',
  predictionStageFlattened: 'Light evened',
  predictionStageFlattenedLabel: 'The image with shadows and the paper’s colour taken away',
  predictionStageInk: 'Ink',
  predictionStageInkLabel: 'The ink found: the digit bright, other marks (lines, page edges) dim',
  predictionStageInput: '28 × 28 input',
  predictionInputLabel: 'The 28 by 28 image the model received',
  predictionInputCaption: 'What the model sees',
  predictionBarsLabel: 'Probability of each digit',
  predictionAccuracy: (fraction: number) => str` (${formatPercent(fraction)} on the test set)`,
  'predictionModel.starter': (accuracy: string) =>
    str`Read by the starter model${accuracy}, shipped with the app. Train or load a model to use your own.`,
  'predictionModel.saved': (name: string, accuracy: string) =>
    str`Read by your saved model “${name}”${accuracy}.`,
  'predictionModel.trained': (name: string, accuracy: string) =>
    str`Read by the model you trained (${name})${accuracy}.`,
  // My digits (issue 16): keeping readings, Practice, the collection, files, fine-tuning
  keepQuestion: (digit: number) => str`Is it a ${digit}?`,
  keepRight: 'That’s right',
  keepOther: 'It’s a …',
  keepAsName: (digit: number) => str`It’s a ${digit}`,
  'keepDone.one': (digit: number) => str`Kept as a ${digit} in My digits — your first ${digit}.`,
  'keepDone.other': (digit: number, count: number) =>
    str`Kept as a ${digit} in My digits — you have ${formatInteger(count)} ${digit}s.`,
  keepUndo: 'Undo',
  keepUndoName: (digit: number) => str`Undo: take this ${digit} out of My digits`,
  keepUndone: 'Taken out of My digits.',
  myDigitsTitle: 'My digits',
  myDigitsIntro:
    'Teach the model your handwriting: keep the readings it gets right or wrong (“Is it a 7?” under each reading), practise the digits you have few of, then let it learn them.',
  myDigitsPrivacy: 'Your digits stay on this device: they are never uploaded.',
  myDigitsCountsLabel: 'Your digits, by digit',
  myDigitsCountName: (digit: number, count: number) => str`${digit}: ${formatInteger(count)} kept`,
  'myDigitsTotal.one': (bytes: number) =>
    str`1 digit, taking ${formatBytes(bytes)} on this device.`,
  'myDigitsTotal.other': (count: number, bytes: number) =>
    str`${formatInteger(count)} digits, taking ${formatBytes(bytes)} on this device.`,
  myDigitsViews: 'My digits: what to do',
  myDigitsPractice: 'Practice',
  myDigitsLearn: 'Learn',
  myDigitsManage: 'Manage',
  myDigitsClose: 'Close',
  practicePrompt: (digit: number) => str`Write a ${digit}`,
  practiceHint:
    'Write it on the pad, then press Keep. Practice then asks for the digit you have fewest of.',
  practiceChoose: 'Or choose the digit to practise',
  practiceChooseName: (digit: number) => str`Practise ${digit}`,
  practiceKeep: (digit: number) => str`Keep as a ${digit}`,
  practiceNothing: 'Nothing written yet.',
  practicePad: 'Practice pad: write the digit asked for',
  practiceClear: 'Clear the practice pad',
  practiceReads: (digit: number) => str`The model reads it as ${digit}.`,
  practiceNext: (digit: number) => str`Next: write a ${digit}.`,
  'personalSource.draw': 'drawn',
  'personalSource.image': 'from an image',
  'personalSource.camera': 'from the camera',
  'personalSource.practice': 'written in Practice',
  'personalSource.import': 'imported',
  gridLoading: 'Loading your digits…',
  gridHint: 'Choose a digit to relabel or delete it.',
  gridSection: (digit: number, count: number) => str`${digit} · ${formatInteger(count)}`,
  gridSectionName: (digit: number) => str`Your ${digit}s`,
  gridNone: (digit: number) => str`No ${digit}s yet.`,
  gridTileName: (digit: number, source: string, date: string) =>
    str`A ${digit}, ${source}, ${date}`,
  digitDialogTitle: (digit: number) => str`This ${digit}`,
  digitDialogFacts: (source: string, date: string) => str`${source}, kept ${date}`,
  digitThumbLabel: 'The photo it was read from, in grey',
  digitRelabel: 'It is really a …',
  digitRelabelName: (digit: number) => str`Relabel as ${digit}`,
  digitRelabelConfirm: (from: number, to: number) => str`Change ${from} to ${to}`,
  digitRelabelChoose: 'Choose the right digit',
  digitRelabelled: (digit: number) => str`Relabelled: it is a ${digit} now.`,
  digitDelete: 'Delete',
  digitDeleteQuestion: 'Delete this digit from My digits?',
  digitDeleteConfirm: 'Yes, delete',
  digitDeleted: 'Deleted.',
  filesTitle: 'Export and import',
  filesIntro:
    'One PNG image with the labels inside it, or two IDX files that any MNIST code reads. Import either here, on this or another device.',
  filesExportPng: 'Export PNG',
  filesExportIdx: 'Export IDX',
  filesExported: (names: string) => str`Saved ${names} to your downloads.`,
  filesImport: 'Import…',
  filesImportLabel: 'Digit files to import: one PNG, or the images and labels IDX files',
  filesDrop: 'Or drop the PNG, or both IDX files, here.',
  filesImportCount: 'Choose one PNG file, or the two IDX files together.',
  filesImporting: 'Importing…',
  'filesImported.one': 'Added 1 digit to My digits.',
  'filesImported.other': (count: number) => str`Added ${formatInteger(count)} digits to My digits.`,
  clearAll: 'Clear all…',
  'clearQuestion.one': 'Delete your 1 digit?',
  'clearQuestion.other': (count: number) => str`Delete all ${formatInteger(count)} of your digits?`,
  clearDetail: 'This cannot be undone. Export them first to keep a copy.',
  clearConfirm: 'Yes, delete all',
  cleared: 'My digits is empty now.',
  fineTuneTitle: 'Learn my handwriting',
  fineTuneIntro:
    'Fine-tunes the model in use on your digits, mixed with MNIST images so it does not forget what it knows. A fifth of each digit is held out to measure it honestly, before and after.',
  fineTuneEpochs: 'Epochs',
  fineTuneFreeze: 'Train only the dense layers (keep the conv filters)',
  fineTuneFreezeHint:
    'Changes less and runs faster, as TensorFlow.js’ transfer-learning example does.',
  fineTuneStart: 'Start learning',
  fineTuneNeedsDigits: (min: number, have: number) =>
    str`Keep at least ${formatInteger(min)} digits first (you have ${formatInteger(have)}).`,
  fineTuneNeedsData:
    'Download MNIST first: fine-tuning mixes in MNIST images so the model does not forget.',
  'fineTunePhase.measuringBefore': 'Measuring before…',
  'fineTunePhase.measuringAfter': 'Measuring after…',
  'fineTunePhase.training': 'Learning',
  'fineTunePhase.paused': 'Paused',
  'fineTunePhase.done': 'Done',
  fineTuneProgressLabel: 'Fine-tuning progress in this epoch',
  fineTuneResultCaption: 'Accuracy before and after learning your handwriting',
  fineTuneImages: 'Images',
  fineTuneBefore: 'Before',
  fineTuneAfter: 'After',
  fineTuneChange: 'Change (points)',
  fineTunePersonalRow: (count: number) => str`Your held-out digits (${formatInteger(count)})`,
  fineTuneMnistRow: (count: number) => str`MNIST test images (${formatInteger(count)})`,
  fineTuneInUse: 'The new model is in use now. Save it under Models to keep it.',
  fineTuneDone: (before: number, after: number) =>
    str`Finished learning your handwriting: your held-out digits ${formatPercent(before, 1)} → ${formatPercent(after, 1)}.`,
  // Inside the model
  insideOpen: 'Inside the model',
  insideOpenTraining: 'Inside the model (test image 1)',
  insideTitle: 'Inside the model',
  insideClose: 'Close',
  insideLoading: 'Looking inside the model…',
  insideFromReading: (digit: number) => str`The digit you gave, read as ${digit}.`,
  insideFromTest: (truth: number, digit: number) =>
    str`A test image of a ${truth}, read as ${digit}.`,
  insideFromTraining: (epoch: number, digit: number) =>
    str`Test image 1 after epoch ${formatInteger(epoch)}, read as ${digit}.`,
  insideTrainingWaiting: 'The view of test image 1 appears when the first epoch ends.',
  insidePipeline: 'Every layer’s output',
  insideInputName: 'input',
  insideInputFacts: 'The 28 × 28 image the model reads',
  insideLayerFacts: (shape: string, params: number) =>
    str`Output ${shape} · ${formatInteger(params)} parameters`,
  insideRange: (min: number, max: number) => str`from ${formatValue(min)} to ${formatValue(max)}`,
  insideMapsName: (
    layer: string,
    maps: number,
    min: number,
    max: number,
    value: number,
    map: number,
    row: number,
    column: number,
  ) =>
    str`${layer}: ${formatInteger(maps)} maps, values from ${formatValue(min)} to ${formatValue(max)}; strongest ${formatValue(value)} in map ${map}, row ${row}, column ${column}`,
  insideValuesName: (
    layer: string,
    count: number,
    min: number,
    max: number,
    value: number,
    position: number,
  ) =>
    str`${layer}: ${formatInteger(count)} values from ${formatValue(min)} to ${formatValue(max)}; largest ${formatValue(value)} at position ${position}`,
  insideMapsHint:
    'Click or tap a position to follow its number. With the keyboard: arrow keys move, Page Up and Page Down change the map.',
  insideFollowTitle: 'Follow one number',
  insideFollowNone:
    'Choose a position in a conv2d or max-pooling map to see how its number is made.',
  insideFollowAt: (layer: string, map: number, row: number, column: number) =>
    str`${layer}, map ${map}, row ${row}, column ${column}`,
  insideFollowed: (where: string, value: number) => str`${where} holds ${formatValue(value)}`,
  insidePatch: 'Patch of the layer below',
  insideFilter: 'Filter',
  insideProducts: 'Patch × filter',
  insideInputChannel: 'Input channel',
  insideChannelSums: 'Sum over each input channel',
  insideChannelSum: (channel: number) => str`channel ${channel}`,
  insideSum: 'Sum of the products',
  insideBias: '+ bias',
  insidePreActivation: '= sum + bias',
  insideActivation: (name: string) => str`after ${name}`,
  insideMapValue: 'value in the map',
  insideWindow: 'Window of the layer below',
  insideWinner: 'largest',
  insidePoolValue: 'largest = the output',
  insideFiltersTitle: 'Filters',
  insideFiltersIntro: (layer: string, count: number) =>
    str`The ${formatInteger(count)} kernels of ${layer}, each a small image (blue negative, red positive). Hover or focus one to read its weights.`,
  insideKernelsOf: (layer: string) => str`Kernels of ${layer}, one input channel at a time`,
  insideFilterName: (filter: number, values: string) => str`Filter ${filter}: ${values}`,
  insideFilterValues: (filter: number) => str`Weights of filter ${filter}`,
  insideWhyTitle: 'Why this answer',
  insideWhyIntro:
    'Warm ink argues for the digit, cool ink against it: each pixel shows how much the digit’s score falls when the 3 × 3 square around it is blanked.',
  insideWhyDigit: 'Explain the score of',
  insideWhyAnswer: (digit: number) => str`${digit} (the answer)`,
  insideWhyNot: (digit: number, same: number) => str`${digit} (why not ${same}?)`,
  insideSaliencyName: (digit: number, share: number) =>
    str`Saliency for ${digit}: ${formatPercent(share, 0)} of it on the ink`,
  insideOnInk: (share: number) => str`${formatPercent(share, 0)} of the saliency lies on the ink.`,
  insideSaliencyLoading: 'Working it out…',
  drawingPad: 'Drawing pad',
  drawingHint: 'Draw one digit with a mouse, a finger or a pen; it is read after each stroke.',
  drawingKeys:
    'With the keyboard: the arrow keys move the pen (Shift for small steps), Space puts it down or lifts it.',
  drawingClear: 'Clear',
  imageUpload: 'Upload image',
  imageHint: 'PNG, JPEG, WebP or GIF, any size. You can also drop an image here or paste one.',
  imagePreview: (name: string) => str`The image you gave: ${name}`,
  imagePasted: 'pasted image',
  cameraStart: 'Start camera',
  cameraStop: 'Stop camera',
  cameraSwitch: 'Switch camera',
  cameraFreeze: 'Freeze',
  cameraUnfreeze: 'Unfreeze',
  cameraHint: 'Hold a handwritten digit inside the square.',
  cameraVideo: 'Camera view with a guide square',
  cameraRate: (rate: number) => str`${formatInteger(rate)} readings per second`,
  cameraFrozen: 'Frozen: the last frame stays read.',
  cameraDenied:
    'Camera access was denied. Allow the camera for this site in the browser settings, then try again.',
  cameraMissing: 'No camera was found on this device.',
  cameraInsecure: 'The camera works only on a secure (https) page.',
  cameraFailed: (message: string) => str`The camera could not start: ${message}`,
  // Resuming an interrupted run, and training in another tab
  resumeTitle: 'Unfinished run.',
  resumeDetail: (model: ModelName, done: number, of: number, savedAt: string) =>
    str`${model}: ${formatInteger(done)} of ${formatInteger(of)} epochs done (saved ${savedAt}). Resume training continues with the next epoch.`,
  resumeTraining: 'Resume training',
  resumeDiscard: 'Discard',
  resumeDiscarded: 'The unfinished run was discarded.',
  trainingElsewhere: 'Training runs in another tab. Wait for it to finish, or stop it there.',
  // Models panel: the model in use, saving, loading, renaming, deleting, export and import
  modelsTitle: 'Models',
  modelsIntro:
    'Keep the model in use in this browser, load a saved one, or import a TensorFlow.js or Keras model (its model.json and .bin file).',
  modelsInUseNone: 'No model in use yet: train one, or load a saved one.',
  'modelsInUseTrained.justNow': (architecture: string) =>
    str`In use: ${architecture} · trained just now (not saved)`,
  'modelsInUseTrained.at': (architecture: string, time: string) =>
    str`In use: ${architecture} · trained at ${time} (not saved)`,
  modelsInUseSaved: (name: string) => str`In use: ${name} (saved)`,
  modelsInUseDeleted: (name: string) => str`In use: ${name} (deleted from the saved list)`,
  modelsSave: 'Save model',
  modelsSaveNeedsModel: 'Train or load a model first.',
  modelsSaveDone: 'The model in use is saved.',
  modelsSaveTitle: 'Save the model in use',
  modelsNameLabel: 'Name',
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
  'modelsOrigin.keras3': 'Keras 3 (converted)',
  'modelsOrigin.keras': 'Keras / TF.js',
  'modelsOrigin.node': 'Node (npm run train)',
  modelsOriginLabel: (origin: string) => str`Imported from ${origin}`,
  modelsFactsAccuracy: (fraction: number) => str`${formatPercent(fraction)} test accuracy`,
  'modelsFactsEpochs.one': (epochs: number) => str`${formatEpochs(epochs)} epoch`,
  'modelsFactsEpochs.other': (epochs: number) => str`${formatEpochs(epochs)} epochs`,
  modelsSavedAt: (date: string) => str`Saved ${date}`,
  modelsLoad: 'Load',
  modelsLoadName: (name: string) => str`Load ${name}`,
  modelsRename: 'Rename',
  modelsRenameName: (name: string) => str`Rename ${name}`,
  modelsRenameLabel: (name: string) => str`New name for ${name}`,
  modelsRenameConfirm: 'Save name',
  modelsExport: 'Export',
  modelsExportName: (name: string) => str`Export ${name}`,
  modelsDelete: 'Delete',
  modelsDeleteName: (name: string) => str`Delete ${name}`,
  modelsDeleteQuestion: (name: string) => str`Delete “${name}” from this browser?`,
  modelsDeleteDetail: 'Its weights are removed too. Export it first to keep a copy.',
  modelsDeleteConfirm: 'Yes, delete',
  modelSaved: (name: string) => str`Saved “${name}” in this browser.`,
  modelLoaded: (name: string) => str`“${name}” is in use now. Press Evaluate to test it.`,
  modelDeleted: (name: string) => str`Deleted “${name}”.`,
  modelExported: (files: string[]) => str`Downloading ${formatList(files)}.`,
  modelImported: (name: string) => str`Imported “${name}”. Press Load to use it.`,
  // Messages
  downloadDone: 'MNIST is stored in this browser; training now works offline.',
  dataDeleted: 'The MNIST files were deleted from this browser.',
  trainDone: (accuracy: number) =>
    str`Training finished: test accuracy ${formatPercent(accuracy)}. The run is in the history; Save model keeps the model.`,
  // Errors: one message per code of src/shared/errors.ts, `error.<code>`, whose arguments are
  // the code's parameters in order (ids such as a job or a backend already worded, numbers not
  // yet formatted). A `detail` is the browser's or TF.js' own words, kept for logs: the
  // sentence says what happened without it. `errorOther` words errors that have no code.
  'error.AbortError': 'Cancelled.',
  'error.DataMissing': 'MNIST is not stored in this browser yet. Press Download MNIST first.',
  'error.DataCorrupt.truncated': (file: string, expected: number, actual: number) =>
    str`${file} is cut short: it has ${formatInteger(actual)} bytes instead of ${formatInteger(expected)}.`,
  'error.DataCorrupt.trailing': (file: string, expected: number, actual: number) =>
    str`${file} is too long: it has ${formatInteger(actual)} bytes instead of ${formatInteger(expected)}.`,
  'error.DataCorrupt.notIdx': (file: string, magic: number) =>
    str`${file} is not an IDX file: its magic number is ${formatHex(magic)}.`,
  'error.DataCorrupt.idxType': (file: string, type: number) =>
    str`${file} holds IDX values of type ${formatHex(type, 2)}; only unsigned bytes (0x08) can be read.`,
  'error.DataCorrupt.magic': (file: string, expected: number, actual: number) =>
    str`${file} has the magic number ${formatHex(actual)} instead of ${formatHex(expected)}: it is not the MNIST file it should be.`,
  'error.DataCorrupt.count': (file: string, expected: number, actual: number) =>
    str`${file} says it holds ${formatInteger(actual)} entries instead of ${formatInteger(expected)}.`,
  'error.DataCorrupt.imageSize': (file: string, expected: number, rows: number, columns: number) =>
    str`${file} holds images of ${formatInteger(rows)} × ${formatInteger(columns)} pixels instead of ${formatInteger(expected)} × ${formatInteger(expected)}.`,
  'error.DataCorrupt.label': (file: string, label: number, index: number) =>
    str`${file} has the label ${formatInteger(label)} at index ${formatInteger(index)}; labels are 0 to 9.`,
  'error.DataCorrupt.checksum': (file: string, expected: number, actual: number) =>
    str`${file} failed its checksum: its CRC-32 is ${formatHex(actual)}, not ${formatHex(expected)}.`,
  'error.DataCorrupt.tooLarge': (file: string, expected: number) =>
    str`${file} holds more than the ${formatInteger(expected)} bytes it should: the file on the server is not the right one.`,
  'error.DataCorrupt.decompress': (file: string, _detail: string) =>
    str`${file} could not be unpacked; it was probably cut short.`,
  'error.DownloadFailed.network': (file: string, url: string, _detail: string) =>
    str`Could not download ${file} from ${url}. Check the connection and try again.`,
  'error.DownloadFailed.http': (file: string, url: string, status: number) =>
    str`Could not download ${file}: the server answered ${status} for ${url}.`,
  'error.DownloadFailed.noBody': (file: string) => str`The server sent nothing for ${file}.`,
  'error.DownloadFailed.brokeOff': (file: string, _detail: string) =>
    str`The download of ${file} broke off. Check the connection and try again.`,
  'error.DownloadFailed.manifestJson': (url: string, _detail: string) =>
    str`The list of MNIST files at ${url} is not valid JSON. Reload the page and try again.`,
  'error.DownloadFailed.manifestEntry': (url: string, file: string) =>
    str`The list of MNIST files at ${url} has no valid entry for ${file}: the app and its data are out of step. Reload the page and try again.`,
  'error.StorageFailed.quota': (action: string) =>
    str`Could not ${action}: the browser has no storage space left for this site. Free some disk space or delete stored data, then try again.`,
  'error.StorageFailed.indexedDb': (action: string, _detail: string) =>
    str`Could not ${action}: the browser’s storage (IndexedDB) failed. Private browsing modes may block storage.`,
  'error.NoModel': 'There is no trained model yet. Train one first.',
  'error.NotEnoughDigits': (count: number, min: number) =>
    str`Learning your handwriting needs at least ${min} of your digits; you have ${count}. Keep a few more readings first.`,
  'error.PersonalDigitMissing.id': (id: number) =>
    str`Digit ${id} is no longer in My digits (deleted in another tab?).`,
  'error.Busy.job': (job: string) =>
    str`Still busy with ${job}. Wait for it to finish, then try again.`,
  'error.Busy.elsewhere': 'Training runs in another tab. Wait for it to finish, or stop it there.',
  'error.BackendUnavailable.none': 'None of the compute backends works in this browser.',
  'error.BackendUnavailable.notHere': (backend: string) =>
    str`The ${backend} backend does not work on this device.`,
  'error.BackendUnavailable.startFailed': (backend: string) =>
    str`The ${backend} backend failed to start. Choose another one.`,
  'error.BackendUnavailable.gpuLost': (backend: string) =>
    str`The GPU under ${backend} stopped working.`,
  'error.WorkerCrashed':
    'The training worker stopped unexpectedly and was restarted. At most the epoch in progress was lost: Resume training continues from the last finished epoch.',
  'error.WorkerCrashed.startTimeout': (seconds: number) =>
    str`The training worker did not start within ${formatInteger(seconds)} seconds and was stopped. If this happens again, reload the page.`,
  'error.WorkerCrashed.loadFailed':
    'The training worker could not be loaded, so it was started again. If this happens again, reload the page.',
  'error.CheckpointInvalid.missing': 'There is no unfinished run to resume.',
  'error.ModelNotFound.id': (_id: number) => str`That saved model is not in this browser any more.`,
  'error.ModelNotFound.noTopology': (name: string) =>
    str`The saved model “${name}” is incomplete: its layers are missing.`,
  'error.ModelNotFound.weights': (_key: string) =>
    str`The weights of this model are no longer in this browser; the browser may have cleared the site’s storage.`,
  'error.InvalidName.empty': 'A model needs a name.',
  'error.InvalidName.tooLong': (max: number, length: number) =>
    str`A model name has at most ${formatInteger(max)} characters; this one has ${formatInteger(length)}.`,
  'error.NotAnImage':
    'This file is not an image this browser can read. Try a PNG, JPEG, WebP or GIF.',
  'error.CannotInspect': (layer: string) =>
    str`The view inside the model shows conv2d, max-pooling, flatten, dense and dropout layers in a chain; this model has a ${layer} layer.`,
  // What an error's parameters name: the worker's jobs (`Busy.job`), what IndexedDB was doing
  // (`StorageFailed.*`), and the sentences around an error's own.
  'job.download': 'the download',
  'job.deleteData': 'deleting the data',
  'job.backend': 'switching the backend',
  'job.train': 'training',
  'job.evaluate': 'the evaluation',
  'job.measure': 'the speed measurement',
  'job.save': 'saving a model',
  'job.load': 'loading a model',
  'job.import': 'the import',
  'job.finetune': 'learning your handwriting',
  'job.other': 'another task',
  'storageAction.openDatabase': 'open the app’s database',
  'storageAction.readDatasetStatus': 'check whether MNIST is stored',
  'storageAction.readMnist': 'read the MNIST files',
  'storageAction.storeMnist': 'store the MNIST files',
  'storageAction.deleteMnist': 'delete the MNIST files',
  'storageAction.saveRun': 'save the training run',
  'storageAction.readRuns': 'read the run history',
  'storageAction.deleteRun': 'delete the training run',
  'storageAction.readBackendTimings': 'read the backend timings',
  'storageAction.storeBackendTimings': 'store the backend timings',
  'storageAction.saveModel': 'save the model',
  'storageAction.saveModelWeights': 'save the model’s weights',
  'storageAction.readSavedModels': 'read the saved models',
  'storageAction.readSavedModel': 'read the saved model',
  'storageAction.renameModel': 'rename the model',
  'storageAction.deleteModel': 'delete the model',
  'storageAction.saveCheckpoint': 'save the training checkpoint',
  'storageAction.readCheckpoint': 'read the training checkpoint',
  'storageAction.deleteCheckpoint': 'delete the training checkpoint',
  'storageAction.savePersonalDigit': 'keep your digit',
  'storageAction.readPersonalDigits': 'read My digits',
  'storageAction.changePersonalDigits': 'change My digits',
  'storageAction.other': 'use the browser’s storage',
  dataCorruptAdvice: (cause: string) => str`${cause} Delete the data and download it again.`,
  downloadFailedCard: (cause: string) => str`${cause} Nothing was stored.`,
  importRefused: (cause: string) => str`This model cannot be imported. ${cause}`,
  errorOther: (message: string) => str`Something went wrong: ${message}`,
  digitsImportRefused: (cause: string) => str`No digits were imported. ${cause}`,
  // Errors: importing My digits (shared/personal-files.ts), each after `digitsImportRefused`.
  'error.DigitsImportInvalid.noFiles':
    'No files were chosen. Choose a file exported from My digits (my-digits.png) or an MNIST IDX pair.',
  'error.DigitsImportInvalid.tooManyFiles': (files: string) =>
    str`Too many files were chosen (${files}). Choose one my-digits.png, or the two files of an MNIST IDX pair.`,
  'error.DigitsImportInvalid.tooLarge': (file: string, bytes: number, max: number) =>
    str`${file} is ${formatBytes(Math.ceil(bytes / 100_000) * 100_000)}; My digits imports files of at most ${formatBytes(max)}.`,
  'error.DigitsImportInvalid.tooMany': (file: string, count: number, max: number) =>
    str`${file} holds ${formatInteger(count)} digits; My digits imports at most ${formatInteger(max)} at a time.`,
  'error.DigitsImportInvalid.notDigits': (file: string) =>
    str`${file} is neither a My digits export nor an MNIST IDX file. Choose a file exported from My digits (my-digits.png) or an MNIST IDX pair.`,
  'error.DigitsImportInvalid.compressed': (file: string) =>
    str`${file} is compressed (gzip). Unpack it first, then choose the unpacked files.`,
  'error.DigitsImportInvalid.truncated': (file: string) =>
    str`${file} is cut short; its download or copy may not have finished. Choose the whole file, or export your digits again.`,
  'error.DigitsImportInvalid.checksum': (file: string, chunk: string) =>
    str`${file} is damaged: its ${chunk} part fails its checksum. Choose an undamaged copy, or export your digits again.`,
  'error.DigitsImportInvalid.pngFormat': (file: string, _detail: string) =>
    str`${file} is damaged, or was re-saved as a kind of PNG My digits cannot read (16-bit, palette or interlaced). Choose the my-digits.png that My digits exported.`,
  'error.DigitsImportInvalid.inflate': (file: string) =>
    str`${file} is damaged: its compressed data cannot be unpacked. Choose an undamaged copy, or export your digits again.`,
  'error.DigitsImportInvalid.noMetadata': (file: string) =>
    str`${file} is a PNG image, but it was not exported by My digits: it has no list of labels. Choose the my-digits.png that My digits exported.`,
  'error.DigitsImportInvalid.metadata': (file: string, _detail: string) =>
    str`The list of digits in ${file} is damaged or incomplete: each digit needs its label, where it came from and when it was kept. Export your digits again.`,
  'error.DigitsImportInvalid.version': (file: string, version: number) =>
    str`${file} was written by a newer MNIST Studio (format version ${formatInteger(version)}). Reload the page to update the app, then try again.`,
  'error.DigitsImportInvalid.imageSize': (
    file: string,
    width: number,
    height: number,
    expectedWidth: number,
    expectedHeight: number,
  ) =>
    str`${file} is ${formatInteger(width)} × ${formatInteger(height)} pixels, but the digits it lists need ${formatInteger(expectedWidth)} × ${formatInteger(expectedHeight)}: it was cropped or resized. Choose the my-digits.png that My digits exported.`,
  'error.DigitsImportInvalid.count': (file: string, expected: number, actual: number) =>
    str`${file} has ${formatInteger(actual)} labels for ${formatInteger(expected)} digits: the files do not belong together, or one is damaged.`,
  'error.DigitsImportInvalid.label': (file: string, index: number, label: number) =>
    str`Digit ${formatInteger(index + 1)} in ${file} has the label ${formatInteger(label)}; labels are 0 to 9.`,
  'error.DigitsImportInvalid.idxPair': (files: string) =>
    str`Choose one my-digits.png on its own, or an MNIST IDX pair: an images file (idx3-ubyte) with its labels file (idx1-ubyte). The chosen files (${files}) are neither.`,
  'error.DigitsImportInvalid.idxShape': (file: string, rows: number, columns: number) =>
    str`${file} holds images of ${formatInteger(rows)} × ${formatInteger(columns)} pixels; My digits are 28 × 28, as MNIST’s are.`,
  'error.DigitsImportInvalid.idxLength': (file: string, expected: number, actual: number) =>
    str`${file} has ${formatInteger(actual)} bytes, but its header describes ${formatInteger(expected)}: it is cut short or damaged.`,
  'error.DigitsImportInvalid.empty': (files: string) =>
    str`There are no digits in ${files}, so there is nothing to import.`,
  // Errors: import and training settings
  'error.ImportInvalid.noFiles':
    'No files were chosen. Choose the model’s .json file and its weights (.bin) file.',
  'error.ImportInvalid.noJson': (files: string) =>
    str`There is no model.json among the chosen files (${files}). Choose the model’s .json file together with its weights (.bin) file.`,
  'error.ImportInvalid.twoJson': (first: string, second: string) =>
    str`Choose one model at a time: ${first} and ${second} are both .json files.`,
  // Sizes over a limit are rounded up, so 5,000,001 bytes never reads as the 5.0 MB allowed.
  'error.ImportInvalid.jsonTooLarge': (file: string, bytes: number, max: number) =>
    str`${file} is ${formatBytes(Math.ceil(bytes / 100_000) * 100_000)}; a model.json may have at most ${formatBytes(max)}.`,
  'error.ImportInvalid.weightsTooLarge': (bytes: number, max: number) =>
    str`The weights files hold ${formatBytes(Math.ceil(bytes / 100_000) * 100_000)}; MNIST Studio imports at most ${formatBytes(max)} of weights.`,
  'error.ImportInvalid.notText': (file: string) =>
    str`${file} is not a text file, so it cannot be a model.json.`,
  'error.ImportInvalid.notJson': (file: string) =>
    str`${file} is not valid JSON: it is damaged, or it is not a model.json.`,
  'error.ImportInvalid.notObject': (file: string) =>
    str`${file} is JSON, but not a TensorFlow.js model.`,
  'error.ImportInvalid.graphModel': (file: string) =>
    str`${file} is a TensorFlow.js graph model; only layers models (made by TensorFlow.js or converted from Keras) can be imported.`,
  'error.ImportInvalid.format': (file: string, format: string) =>
    str`${file} has the format “${format}”; a layers model’s is “layers-model”.`,
  'error.ImportInvalid.noTopology': (file: string) =>
    str`${file} has no modelTopology, so it is not a TensorFlow.js layers model. Choose the model.json that TensorFlow.js or tensorflowjs_converter wrote.`,
  'error.ImportInvalid.notKeras': (file: string) =>
    str`The modelTopology of ${file} is not a Keras Sequential or Functional model.`,
  'error.ImportInvalid.noManifest': (file: string) =>
    str`${file} has no weightsManifest, so its weights cannot be found.`,
  'error.ImportInvalid.manifestGroup': (file: string, group: number) =>
    str`Group ${formatInteger(group)} of the weightsManifest of ${file} is malformed.`,
  'error.ImportInvalid.weightSpec': (file: string, weight: number) =>
    str`Weight ${formatInteger(weight)} in the weightsManifest of ${file} has no name or no valid shape.`,
  'error.ImportInvalid.weightDtype': (weight: string, dtype: string) =>
    str`The weight ${weight} has the dtype “${dtype}”; only float32, int32 and bool weights can be imported.`,
  'error.ImportInvalid.quantization': (weight: string) =>
    str`The weight ${weight} is quantised in a way TensorFlow.js cannot read.`,
  'error.ImportInvalid.missingFile': (file: string, needed: string) =>
    str`${file} needs the weights file ${needed}, which was not among the chosen files. Choose it together with the .json file.`,
  'error.ImportInvalid.fileTwice': (file: string, needed: string) =>
    str`${file} names the weights file ${needed} twice.`,
  'error.ImportInvalid.weightsSize': (
    weights: string,
    bytes: number,
    file: string,
    expected: number,
  ) =>
    str`The weights file ${weights} has ${formatInteger(bytes)} bytes, but ${file} describes ${formatInteger(expected)} bytes of weights: it does not belong to this model.json, or it is damaged.`,
  'error.ImportInvalid.extraFile': (extra: string, file: string) =>
    str`${extra} is not part of this model: ${file} does not name it.`,
  'error.ImportInvalid.tooManyLayers': (layers: number, max: number) =>
    str`The model has ${formatInteger(layers)} layers or layer calls; MNIST Studio imports models of at most ${formatInteger(max)}.`,
  'error.ImportInvalid.tooManyParams': (params: number, max: number) =>
    str`The model declares at least ${formatInteger(params)} parameters; MNIST Studio imports models of at most ${formatInteger(max)}.`,
  'error.ImportInvalid.layerType': (layer: string, type: string) =>
    str`Layer ${layer} is of type ${type}, which MNIST Studio cannot size, so the model cannot be imported safely.`,
  'error.ImportInvalid.layerSetting': (layer: string, type: string, setting: string) =>
    str`Layer ${layer} (${type}) has no valid ${setting}.`,
  'error.ImportInvalid.layerInput': (layer: string, type: string, shape: string) =>
    str`Layer ${layer} (${type}) cannot take input of shape ${shape}.`,
  'error.ImportInvalid.layerTooLarge': (layer: string, type: string, values: number, max: number) =>
    str`Layer ${layer} (${type}) gives ${formatInteger(values)} values per image; MNIST Studio allows at most ${formatInteger(max)}.`,
  'error.ImportInvalid.layerName': (layer: string) =>
    str`Two layers of the model are named ${layer}; each layer needs a name of its own.`,
  'error.ImportInvalid.noInputShape': (layer: string) =>
    str`The model does not say what input it takes: its first layer, ${layer}, has no batch_input_shape.`,
  'error.ImportInvalid.connections': (layer: string) =>
    str`The layers of the model are not connected properly (at layer ${layer}): a layer takes its input from a layer that does not exist, or from itself.`,
  'error.ImportInvalid.weightCount': (file: string, count: number, expected: number) =>
    str`${file} lists ${formatInteger(count)} weights, but the model’s layers have ${formatInteger(expected)}.`,
  'error.ImportInvalid.weightShape': (weight: string, shape: string, expected: string) =>
    str`The weight ${weight} has shape ${shape} in the weights manifest, but its layer needs ${expected}.`,
  'error.ImportInvalid.kerasDtype': (layer: string, dtype: string) =>
    str`Layer ${layer} of this Keras 3 model computes in “${dtype}”; TensorFlow.js runs float32 layers only. Save the model with the float32 dtype policy, then convert it again.`,
  'error.ImportInvalid.kerasWeightName': (weight: string, model: string) =>
    str`The weight ${weight} belongs to no layer of this Keras 3 model (named “${model}”): its weights should be named model/layer/weight.`,
  'error.ImportInvalid.build': 'TensorFlow.js cannot build a model from this model.json.',
  'error.ImportInvalid.weightsLoad':
    'TensorFlow.js could not put the weights into the model’s layers: their names are not those of the layers’ weights, or they are damaged.',
  'error.ImportInvalid.inputsOutputs': (inputs: number, outputs: number) =>
    str`The model has ${formatInteger(inputs)} inputs and ${formatInteger(outputs)} outputs; an MNIST model has one of each.`,
  'error.ImportInvalid.inputShape': (shape: string, expected: string) =>
    str`The model takes input of shape ${shape}, but MNIST Studio gives it 28 × 28 grayscale images, shape ${expected}.`,
  'error.ImportInvalid.outputShape': (shape: string, expected: string) =>
    str`The model gives output of shape ${shape}, but an MNIST model gives one score for each of the 10 digits, shape ${expected}.`,
  'error.InvalidConfig.notObject': 'The training settings are missing.',
  'error.InvalidConfig.unknownSetting': (setting: string) =>
    str`The training settings include “${setting}”, which MNIST Studio does not know.`,
  'error.InvalidConfig.model': (model: string) =>
    str`There is no model “${model}”; choose conv, conv3, dense or big.`,
  'error.InvalidConfig.epochs': (min: number, max: number) =>
    str`Epochs must be a whole number from ${formatInteger(min)} to ${formatInteger(max)}.`,
  'error.InvalidConfig.batchSize': (min: number, max: number) =>
    str`The batch size must be a whole number from ${formatInteger(min)} to ${formatInteger(max)}.`,
  'error.InvalidConfig.trainExamples': (min: number, max: number) =>
    str`Training examples must be a whole number from ${formatInteger(min)} to ${formatInteger(max)}.`,
  'error.InvalidConfig.optimizer': (optimizer: string) =>
    str`There is no optimizer “${optimizer}”; choose RMSprop, Adam or SGD.`,
  'error.InvalidConfig.schedule': (schedule: string) =>
    str`There is no learning-rate schedule “${schedule}”; choose constant or one-cycle.`,
  'error.InvalidConfig.learningRate': (min: number, max: number) =>
    str`The learning rate must be a number from ${min} to ${max}.`,
  'error.InvalidConfig.labelSmoothing': (min: number, max: number) =>
    str`Label smoothing must be a number from ${min} to ${max}.`,
  'error.InvalidConfig.seed': (min: number, max: number) =>
    str`The seed must be a whole number from ${formatInteger(min)} to ${formatInteger(max)}, or empty.`,
  'error.InvalidConfig.replay': (min: number, max: number) =>
    str`Replay must be from ${formatInteger(min)} to ${formatInteger(max)} MNIST images per digit of yours.`,
  'error.InvalidConfig.flag': (setting: string) =>
    str`The training setting “${setting}” must be on or off.`,
  'error.CheckpointInvalid.record':
    'The unfinished run’s saved state is damaged, so it cannot be resumed. Start a new run.',
  'error.CheckpointInvalid.config': (setting: string) =>
    str`The unfinished run’s saved settings are not valid (${setting}), so it cannot be resumed. Start a new run.`,
  'error.CheckpointInvalid.progress': (epochsDone: number, epochs: number) =>
    str`The unfinished run’s saved state says ${formatInteger(epochsDone)} of ${formatInteger(epochs)} epochs are done, which cannot be; it cannot be resumed. Start a new run.`,
  'error.CheckpointInvalid.curves':
    'The unfinished run’s saved learning curves are damaged, so it cannot be resumed. Start a new run.',
  'error.CheckpointInvalid.weights':
    'The unfinished run’s saved weights are missing or damaged, so it cannot be resumed. Start a new run.',
  'error.CheckpointInvalid.model': (model: string) =>
    str`The unfinished run’s saved weights do not fit the ${model} model, so it cannot be resumed. Start a new run.`,
} satisfies Record<string, Message>;

/** A fine-tune's phase as shown: measuring is said before or after the training. */
export type FineTunePhaseShown =
  'measuringBefore' | 'measuringAfter' | 'training' | 'paused' | 'done';

/** Every message id. */
export type MessageId = keyof typeof en;

/** A catalogue read through `msg()`: text becomes a getter, a template a function to a string. */
type Localized<M> = {
  readonly [K in keyof M]: M[K] extends (...args: infer A) => StrResult
    ? (...args: A) => string
    : string;
};

/** Wraps each message in a `msg()` call with its id, made whenever it is read. */
function localize<M extends Record<string, Message>>(messages: M): Localized<M> {
  const localized: Record<string, unknown> = {};
  for (const [id, message] of Object.entries(messages)) {
    if (typeof message === 'string') {
      Object.defineProperty(localized, id, { enumerable: true, get: () => msg(message, { id }) });
    } else {
      localized[id] = (...args: never[]) => msg(message(...args), { id });
    }
  }
  return localized as Localized<M>;
}

const m = localize(en);

/** What anything thrown says of itself: its message, or the thing itself as text. */
const messageOf = (error: unknown): string =>
  typeof (error as { message?: unknown } | null)?.message === 'string'
    ? (error as { message: string }).message
    : String(error);

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** A parameter as its message takes it: ids (a job, a storage action, a backend) worded. */
function wordParam(key: string, value: string | number): string | number {
  if (typeof value !== 'string') return value;
  switch (key) {
    case 'job':
      return isOneOf(JOB_KINDS, value) ? m[`job.${value}`] : m['job.other'];
    case 'action':
      return isOneOf(STORAGE_ACTIONS, value)
        ? m[`storageAction.${value}`]
        : m['storageAction.other'];
    case 'backend':
      return isOneOf(BACKEND_NAMES, value) ? m[`backendChoice.${value}`] : value;
    default:
      return value;
  }
}

/** An error's own sentence: its code worded with its parameters, or `errorOther`. */
function wordError(error: unknown): string {
  const code = errorCode(error);
  if (!code) return m.errorOther(messageOf(error));
  // The table's order is the message's: `errorParams` keeps it.
  const args = Object.entries(errorParams(error, code) as Record<string, string | number>).map(
    ([key, value]) => wordParam(key, value),
  );
  const message = m[`error.${code}`] as string | ((...values: (string | number)[]) => string);
  return typeof message === 'string' ? message : message(...args);
}

/** Every string the UI shows, in the active locale: `strings.trainTitle`, `strings.epochLine(2, 10)`. */
export const strings = Object.assign(m, {
  /** Why a download failed, for the data card: the error's sentence, then that nothing was kept. */
  downloadError: (error: unknown): string => m.downloadFailedCard(wordError(error)),
  downloadPhase: (phase: DownloadProgress['phase']): string => m[`downloadPhase.${phase}` as const],
  backendChoice: (choice: BackendChoice): string => m[`backendChoice.${choice}` as const],
  speedProgressLine: ({ done, total, measuring }: StepProgress): string =>
    measuring
      ? m.speedProgressNow(done, total, measuring.model, m[`backendChoice.${measuring.backend}`])
      : m.speedProgress(done, total),
  modelOption: (model: ModelName, params: number): string =>
    m[`modelOption.${model}` as const](params),
  /** Where the book builds `model`. */
  modelSource: (model: ModelName): string => m[`modelSource.${model}` as const],
  /** A preset's button text: only the number. */
  examplesPreset: (count: number): string => formatInteger(count),
  trainPhase: (phase: TrainPhase): string => m[`trainPhase.${phase}` as const],
  /** A recipe as the form offers it ("Fast (99% in under a minute)"). */
  recipe: (name: RecipeName): string => m[`recipe.${name}` as const],
  /** A recipe's short name, for the history and chart legends ("Fast"). */
  recipeShort: (name: RecipeName): string => m[`recipeShort.${name}` as const],
  optimizer: (name: OptimizerName): string => m[`optimizer.${name}` as const],
  schedule: (name: ScheduleName): string => m[`schedule.${name}` as const],
  /** Optimizer, learning rate, schedule and label smoothing in one line (and augmentation, if on). */
  recipeSettingsOf: (
    c: Pick<RecipeSettings, 'optimizer' | 'learningRate' | 'schedule' | 'labelSmoothing'> & {
      augment?: boolean;
    },
  ): string => {
    const settings = m.recipeSettings(
      m[`optimizer.${c.optimizer}` as const],
      formatLearningRate(c.learningRate),
      m[`schedule.${c.schedule}` as const],
      c.labelSmoothing,
    );
    return c.augment ? `${settings} · ${m.augmentedSetting}` : settings;
  },
  /** A recorded run in a chart legend: model, recipe, seed and when it finished. */
  runLabel: (run: RunRecord): string =>
    m.compareRunLabel(
      run.model,
      m[`recipeShort.${recipeOf(configOfRun(run))}` as const],
      run.seed === undefined ? m.notMeasured : String(run.seed),
      formatDayTime(run.finishedAt),
    ),
  runFinished: (epochs: number, ms: number): string =>
    epochs === 1 ? m['runFinished.one'](epochs, ms) : m['runFinished.other'](epochs, ms),
  digitsShown: (count: number, mistakes: boolean): string =>
    mistakes ? m['digitsShown.mistakes'](count) : m['digitsShown.first'](count),
  digitImageName: (index: number, predicted: number, truth: number): string =>
    predicted === truth
      ? m['digitImageName.right'](index, truth)
      : m['digitImageName.wrong'](index, truth, predicted),
  predictionModel: (model: PredictionModel): string => {
    const accuracy =
      model.testAccuracy === undefined ? '' : m.predictionAccuracy(model.testAccuracy);
    return model.kind === 'starter'
      ? m['predictionModel.starter'](accuracy)
      : m[`predictionModel.${model.kind}` as const](model.name, accuracy);
  },
  modelsInUseTrained: (architecture: string, finishedAt?: number): string =>
    finishedAt === undefined
      ? m['modelsInUseTrained.justNow'](architecture)
      : m['modelsInUseTrained.at'](architecture, formatTime(finishedAt)),
  /** A default model name: architecture, test accuracy, when (no words to translate). */
  modelsDefaultName: (architecture: string, accuracy: number | undefined, at: number): string =>
    [architecture, accuracy === undefined ? '' : formatPercent(accuracy), formatDayTime(at)]
      .filter(Boolean)
      .join(' · '),
  modelsFacts: (architecture: string, accuracy?: number, epochs?: number): string =>
    [
      architecture,
      accuracy === undefined ? '' : m.modelsFactsAccuracy(accuracy),
      epochs === undefined
        ? ''
        : epochs === 1
          ? m['modelsFactsEpochs.one'](epochs)
          : m['modelsFactsEpochs.other'](epochs),
    ]
      .filter(Boolean)
      .join(' · '),
  /** "Kept as a 4 in My digits — you have 12 4s." (the first of a digit said as such). */
  keepDone: (digit: number, count: number): string =>
    count <= 1 ? m['keepDone.one'](digit) : m['keepDone.other'](digit, count),
  /** How many digits My digits holds and the space they take. */
  myDigitsTotal: (count: number, bytes: number): string =>
    count === 1 ? m['myDigitsTotal.one'](bytes) : m['myDigitsTotal.other'](count, bytes),
  /** Where a kept digit came from ("drawn", "from the camera"). */
  personalSource: (source: PersonalSource): string => m[`personalSource.${source}` as const],
  filesImported: (count: number): string =>
    count === 1 ? m['filesImported.one'] : m['filesImported.other'](count),
  clearQuestion: (count: number): string =>
    count === 1 ? m['clearQuestion.one'] : m['clearQuestion.other'](count),
  fineTunePhase: (phase: FineTunePhaseShown): string => m[`fineTunePhase.${phase}` as const],
  /**
   * Anything thrown, in words: a code (which may have crossed Comlink as a plain object) with
   * its parameters, or "Something went wrong" with the message of an error without one.
   * Damaged stored data says how to get good data again.
   */
  errorMessage: (error: unknown): string => {
    const words = wordError(error);
    const name = errorName(error);
    if (name === 'DataCorrupt') return m.dataCorruptAdvice(words);
    if (name === 'DigitsImportInvalid') return m.digitsImportRefused(words);
    return name === 'ImportInvalid' ? m.importRefused(words) : words;
  },
});
