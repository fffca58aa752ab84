/** The book's models by name, compiled with listing 4.2's recipe, and their summaries. */
import * as tf from '@tensorflow/tfjs-layers';
import { train, zeros, type Optimizer, type Tensor } from '@tensorflow/tfjs-core';
import type { ModelName } from '../../shared/models.ts';
import { BOOK_RECIPE, type ModelSummary, type TrainConfig } from '../../shared/protocol.ts';
import { deriveSeed } from '../../shared/random.ts';
import { StudioRMSProp } from '../backend/wasm-kernels/rmsprop.ts';
import { buildBig } from './big.ts';
import { buildConv } from './conv.ts';
import { buildConv3 } from './conv3.ts';
import { buildDense } from './dense.ts';

const builders: Record<ModelName, () => tf.Sequential> = {
  conv: buildConv,
  conv3: buildConv3,
  dense: buildDense,
  big: buildBig,
};

/** Builds one of the book's models (weights freshly initialised, not compiled). */
export function buildModel(name: ModelName): tf.Sequential {
  return builders[name]();
}

/** SGD's momentum (the usual 0.9). */
export const SGD_MOMENTUM = 0.9;

/** The optimizer a recipe names, at its (peak) learning rate. */
export function makeOptimizer(recipe: Pick<TrainConfig, 'optimizer' | 'learningRate'>): Optimizer {
  switch (recipe.optimizer) {
    case 'rmsprop':
      // TF.js' RMSprop, its step in one kernel call per weight tensor on WASM.
      return new StudioRMSProp(recipe.learningRate);
    case 'adam':
      return train.adam(recipe.learningRate);
    case 'sgd':
      return train.momentum(recipe.learningRate, SGD_MOMENTUM);
  }
}

/**
 * Sets the learning rate the next `applyGradients` uses. TF.js optimizers read their
 * `learningRate` field at every step; SGD (and momentum, its subclass) also caches it as a
 * scalar tensor, which `setLearningRate` remakes.
 */
export function setLearningRate(optimizer: Optimizer, rate: number): void {
  const target = optimizer as unknown as {
    learningRate: number;
    setLearningRate?: (rate: number) => void;
  };
  if (target.learningRate === rate) return;
  if (target.setLearningRate) target.setLearningRate(rate);
  else target.learningRate = rate;
}

/**
 * Listing 4.2: rmsprop 0.001, categorical cross-entropy, accuracy; or another recipe's
 * optimizer and rate (the loss and metric stay the book's).
 */
export function compileForTraining(
  model: tf.LayersModel,
  recipe: Pick<TrainConfig, 'optimizer' | 'learningRate'> = BOOK_RECIPE,
): void {
  model.compile({
    optimizer: makeOptimizer(recipe),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
}

/**
 * Initialises the weights of one of the book's models from `seed`, as TF.js would without one:
 * every kernel glorot-normal (TF.js' default for conv2d and dense, a truncated normal), every
 * bias zero. Each kernel draws from its own seed derived from `seed` and its position.
 */
export function initializeWeights(model: tf.LayersModel, seed: number): void {
  const values: Tensor[] = model.weights.map((weight, i) => {
    const shape = weight.shape as number[];
    return weight.originalName.endsWith('/bias')
      ? zeros(shape)
      : tf.initializers.glorotNormal({ seed: deriveSeed(seed, i) }).apply(shape);
  });
  model.setWeights(values);
  values.forEach((value) => value.dispose());
}

/** Frees a model's weights and its optimizer's state (not owned by the model when passed in). */
export function disposeModel(model: tf.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}

/** `model.summary()` as data: one row per layer, with output shapes and parameter counts. */
export function summarizeModel(name: ModelName, model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: formatShape(layer.outputShape as (number | null)[]),
    params: layer.countParams(),
  }));
  return { model: name, layers, totalParams: model.countParams() };
}

/** `[null, 26, 26, 16]` → `[batch, 26, 26, 16]`. */
function formatShape(shape: (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
}
