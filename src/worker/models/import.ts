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
  type ModelAbout,
  type ModelParts,
  type WeightSpec,
} from '../../shared/model-files.ts';
import { MODEL_NAMES, type ModelName } from '../../shared/models.ts';
import type { ModelFiles, SavedModelInfo } from '../../shared/protocol.ts';
import { MODEL_NAME_MAX_LENGTH } from '../../shared/saved-models.ts';
import { buildModel, summarizeModel } from './index.ts';

/** The input every model here takes (28 × 28 grayscale) and the output it gives (10 scores). */
export const MNIST_INPUT_SHAPE = [null, 28, 28, 1] as const;
export const MNIST_OUTPUT_SHAPE = [null, 10] as const;

const invalid = (message: string) => new StudioError('ImportInvalid', message);

const sameShape = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

const formatShape = (shape: readonly (number | null)[]) =>
  `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;

/**
 * Builds the model of `parts` with its weights. Unlike `tf.loadLayersModel(io.fromMemory(…))`,
 * which does the same steps, it frees the model and the decoded weights when the weights do not
 * fit the layers, so a rejected import leaves no tensor behind. TF.js' errors become
 * `ImportInvalid`.
 */
export async function modelFromParts(parts: ModelParts): Promise<LayersModel> {
  let model: LayersModel;
  try {
    // `modelFromJSON` without a weightsManifest only deserialises the topology (no fetch).
    type Config = Extract<Parameters<typeof models.modelFromJSON>[0], { modelTopology: unknown }>;
    const modelTopology = parts.modelTopology as Config['modelTopology'];
    model = await models.modelFromJSON({ modelTopology });
  } catch (error) {
    throw invalid(`TensorFlow.js cannot build this model: ${(error as Error).message}`);
  }
  try {
    checkWeightShapes(model, parts.weightSpecs);
    const weights = io.decodeWeights(parts.weightData, parts.weightSpecs);
    try {
      model.loadWeights(weights, true);
    } finally {
      dispose(Object.values(weights));
    }
  } catch (error) {
    model.dispose();
    throw invalid(`The weights do not fit the model’s layers: ${(error as Error).message}`);
  }
  return model;
}

/** Names the first weight whose shape in the manifest is not the shape its layer needs. */
function checkWeightShapes(model: LayersModel, specs: readonly WeightSpec[]): void {
  const shapes = new Map(specs.map((spec) => [spec.name, spec.shape]));
  for (const weight of model.weights) {
    const shape = shapes.get(weight.originalName);
    if (shape && !sameShape(shape, weight.shape)) {
      throw new Error(
        `${weight.originalName} has shape ${formatShape(shape)} in the weights manifest, but ` +
          `its layer needs ${formatShape(weight.shape)}.`,
      );
    }
  }
}

/** Throws `ImportInvalid` unless `model` takes `[null, 28, 28, 1]` and gives `[null, 10]`. */
export function checkMnistShapes(model: LayersModel): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw invalid(
      `The model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; an MNIST ` +
        'model has one of each.',
    );
  }
  const input = model.inputs[0].shape;
  if (!sameShape(input, MNIST_INPUT_SHAPE)) {
    throw invalid(
      `The model takes input of shape ${formatShape(input)}, but MNIST Studio gives it 28 × 28 ` +
        `grayscale images, shape ${formatShape(MNIST_INPUT_SHAPE)}.`,
    );
  }
  const output = model.outputs[0].shape;
  if (!sameShape(output, MNIST_OUTPUT_SHAPE)) {
    throw invalid(
      `The model gives output of shape ${formatShape(output)}, but an MNIST model gives one ` +
        `score for each of the 10 digits, shape ${formatShape(MNIST_OUTPUT_SHAPE)}.`,
    );
  }
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
 * Checks `files` (see `checkModelFiles`), builds the model and checks it fits MNIST. The
 * caller owns the model. Throws `ImportInvalid` (with nothing built left behind) otherwise.
 */
export async function modelFromFiles(files: ModelFiles): Promise<ImportedModel> {
  const checked = checkModelFiles(files);
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
