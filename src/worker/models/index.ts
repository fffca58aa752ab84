/** The book's models by name, compiled with listing 4.2's recipe, and their summaries. */
import * as tf from '@tensorflow/tfjs-layers';
import { train } from '@tensorflow/tfjs-core';
import type { ModelName } from '../../shared/models.ts';
import type { ModelSummary } from '../../shared/protocol.ts';
import { LEARNING_RATE } from '../../shared/protocol.ts';
import { buildConv } from './conv.ts';
import { buildConv3 } from './conv3.ts';
import { buildDense } from './dense.ts';

const builders: Record<ModelName, () => tf.Sequential> = {
  conv: buildConv,
  conv3: buildConv3,
  dense: buildDense,
};

/** Builds one of the book's models (weights freshly initialised, not compiled). */
export function buildModel(name: ModelName): tf.Sequential {
  return builders[name]();
}

/** Listing 4.2: rmsprop, categorical cross-entropy, accuracy. */
export function compileForTraining(model: tf.LayersModel): void {
  model.compile({
    optimizer: train.rmsprop(LEARNING_RATE),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
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
