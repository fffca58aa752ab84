/**
 * Layers models from their parts (a saved model, or checked `model.json` and weights files):
 * built by TF.js, checked to take MNIST images and give ten digit scores, and recognised as
 * one of the book's architectures when they are one.
 */
import { dispose, io } from '@tensorflow/tfjs-core';
import { models, type LayersModel } from '@tensorflow/tfjs-layers';
import { StudioError } from '../../shared/errors.ts';
import {
  checkModelFiles,
  checkModelParts,
  type ModelAbout,
  type ModelParts,
} from '../../shared/model-files.ts';
import { checkMnistInterface } from '../../shared/model-topology.ts';
import { MODEL_NAMES, type ModelName } from '../../shared/models.ts';
import type { ModelFiles, SavedModelInfo } from '../../shared/protocol.ts';
import { MODEL_NAME_MAX_LENGTH } from '../../shared/saved-models.ts';
import { buildModel, summarizeModel } from './index.ts';

export { MNIST_INPUT_SHAPE, MNIST_OUTPUT_SHAPE } from '../../shared/model-topology.ts';

/** `error` with what TF.js said as its `cause`, for the logs (TF.js' English stays there). */
function causedBy(error: StudioError, cause: unknown): StudioError {
  error.cause = cause;
  return error;
}

/**
 * Builds the model of `parts` with its weights. Its topology is sized and its weights checked
 * against it first (`checkModelParts`), so TF.js never builds a model over the size limits,
 * imported or stored. Unlike `tf.loadLayersModel(io.fromMemory(…))`, which does the same steps,
 * it frees the model and the decoded weights when the weights do not fit the layers, so a
 * rejected model leaves no tensor behind. TF.js' errors become `ImportInvalid.build` and
 * `ImportInvalid.weightsLoad`.
 */
export async function modelFromParts(parts: ModelParts): Promise<LayersModel> {
  checkModelParts(parts);
  let model: LayersModel;
  try {
    // `modelFromJSON` without a weightsManifest only deserialises the topology (no fetch).
    type Config = Extract<Parameters<typeof models.modelFromJSON>[0], { modelTopology: unknown }>;
    const modelTopology = parts.modelTopology as Config['modelTopology'];
    model = await models.modelFromJSON({ modelTopology });
  } catch (error) {
    throw causedBy(new StudioError('ImportInvalid.build'), error);
  }
  try {
    const weights = io.decodeWeights(parts.weightData, parts.weightSpecs);
    try {
      model.loadWeights(weights, true);
    } finally {
      dispose(Object.values(weights));
    }
  } catch (error) {
    model.dispose();
    throw causedBy(new StudioError('ImportInvalid.weightsLoad'), error);
  }
  return model;
}

/** Throws `ImportInvalid.*` unless `model` takes `[null, 28, 28, 1]` and gives `[null, 10]`. */
export function checkMnistShapes(model: LayersModel): void {
  checkMnistInterface(
    model.inputs.map((t) => t.shape),
    model.outputs.map((t) => t.shape),
  );
}

/** Each book model's layers as (type, output shape, parameters), built once. */
let bookLayers: Map<ModelName, string> | undefined;

/** A model's layer table without layer names: what makes two architectures the same. */
function layerSignature(model: LayersModel): string {
  return JSON.stringify(
    summarizeModel('conv', model)
      .layers.filter((l) => l.type !== 'InputLayer')
      .map((l) => [l.type, l.outputShape, l.params]),
  );
}

/** Which of the book's models `model` is, layer by layer, or `custom`. */
export function recognizeArchitecture(model: LayersModel): ModelName | 'custom' {
  if (!bookLayers) {
    bookLayers = new Map();
    for (const name of MODEL_NAMES) {
      const book = buildModel(name);
      bookLayers.set(name, layerSignature(book));
      book.dispose();
    }
  }
  const signature = layerSignature(model);
  return MODEL_NAMES.find((name) => bookLayers!.get(name) === signature) ?? 'custom';
}

/** An imported model, checked and built, with what its record will say. */
export interface ImportedModel {
  model: LayersModel;
  /** The record to store, less what storing adds (id, date, storage key). */
  draft: Omit<SavedModelInfo, 'id' | 'createdAt' | 'storageKey'>;
}

/**
 * Checks `files` (see `checkModelFiles`) and that the model they describe fits MNIST, builds it
 * and checks it again. The caller owns the model. Throws `ImportInvalid.*` (with nothing built
 * left behind) otherwise.
 */
export async function modelFromFiles(files: ModelFiles): Promise<ImportedModel> {
  const checked = checkModelFiles(files);
  // What the topology says it takes and gives, before TF.js builds it; the built model is
  // checked again below.
  checkMnistInterface(checked.size.inputs, checked.size.outputs);
  const model = await modelFromParts(checked);
  try {
    checkMnistShapes(model);
    const about: ModelAbout = checked.about;
    return {
      model,
      draft: {
        name: about.name ?? [...checked.baseName].slice(0, MODEL_NAME_MAX_LENGTH).join(''),
        architecture: recognizeArchitecture(model),
        params: model.countParams(),
        source: 'imported',
        origin: checked.origin,
        testAccuracy: about.testAccuracy,
        epochs: about.epochs,
        backend: about.backend,
        trainingMs: about.trainingMs,
      },
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
