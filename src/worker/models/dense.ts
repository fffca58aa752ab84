import * as tf from '@tensorflow/tfjs-layers';

/**
 * Listing 4.3: the dense (multilayer perceptron) baseline. 3 layers, 33,400 parameters.
 *
 * | layer | type             | output shape | params |
 * | ----- | ---------------- | ------------ | -----: |
 * | 1     | Flatten          | [null, 784]  |      0 |
 * | 2     | Dense 42 relu    | [null, 42]   | 32,970 |
 * | 3     | Dense 10 softmax | [null, 10]   |    430 |
 */
export function buildDense(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ name: 'flatten_1', inputShape: [28, 28, 1] }));
  model.add(tf.layers.dense({ name: 'dense_1', units: 42, activation: 'relu' }));
  model.add(tf.layers.dense({ name: 'dense_2', units: 10, activation: 'softmax' }));
  return model;
}
