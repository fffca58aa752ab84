/**
 * One share of a data-parallel training step (./parallel-step.ts): the gradients of the mean
 * loss over `n` examples, as `trainOnBatch` defines it (categorical cross-entropy of the model
 * run in training mode, so dropout is active), with the share's loss and correct answers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { metrics, type LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../src/shared/mnist.ts';

/** What a worker is sent: its share of the batch, and the weights when they changed. */
export interface ShareRequest {
  images: Float32Array;
  labels: Float32Array;
  n: number;
  weights?: Float32Array[];
}

/** What a share gives back: one gradient per trainable variable, in the model's order. */
export interface ShareResult {
  grads: Float32Array[];
  loss: number;
  correct: number;
}

/** The model's trainable variables, in order (the same order in every thread's copy). */
export function trainableVariables(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

/** The gradients, loss and correct count of the first `n` examples of the buffers. */
export function shareGradients(
  model: LayersModel,
  variables: tf.Variable[],
  images: Float32Array,
  labels: Float32Array,
  n: number,
): ShareResult {
  const xs = tf.tensor4d(images.subarray(0, n * IMAGE_PIXELS), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const ys = tf.tensor2d(labels.subarray(0, n * NUM_CLASSES), [n, NUM_CLASSES]);
  let predictions: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    predictions = tf.keep(model.apply(xs, { training: true }) as tf.Tensor);
    return tf.mean(metrics.categoricalCrossentropy(ys, predictions)) as tf.Scalar;
  }, variables);
  const kept = predictions as tf.Tensor;
  const correct = tf.tidy(() =>
    tf.sum(tf.cast(tf.equal(tf.argMax(ys, 1), tf.argMax(kept, 1)), 'float32')),
  );
  const result = {
    grads: variables.map((v) => grads[v.name].dataSync() as Float32Array),
    loss: value.dataSync()[0],
    correct: correct.dataSync()[0],
  };
  tf.dispose([xs, ys, kept, value, correct, ...Object.values(grads)]);
  return result;
}
