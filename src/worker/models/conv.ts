import * as tf from '@tensorflow/tfjs-layers';

/**
 * Listing 4.1: the book's MNIST convnet. 7 layers, 56,714 parameters.
 *
 * | layer | type         | output shape       | params |
 * | ----- | ------------ | ------------------ | -----: |
 * | 1     | Conv2D 16 3x3 relu | [null, 26, 26, 16] |    160 |
 * | 2     | MaxPooling2D 2/2   | [null, 13, 13, 16] |      0 |
 * | 3     | Conv2D 32 3x3 relu | [null, 11, 11, 32] |  4,640 |
 * | 4     | MaxPooling2D 2/2   | [null, 5, 5, 32]   |      0 |
 * | 5     | Flatten            | [null, 800]        |      0 |
 * | 6     | Dense 64 relu      | [null, 64]         | 51,264 |
 * | 7     | Dense 10 softmax   | [null, 10]         |    650 |
 */
export function buildConv(): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      name: 'conv2d_1',
      inputShape: [28, 28, 1],
      filters: 16,
      kernelSize: 3,
      activation: 'relu',
    }),
  );
  model.add(tf.layers.maxPooling2d({ name: 'max_pooling2d_1', poolSize: 2, strides: 2 }));
  model.add(tf.layers.conv2d({ name: 'conv2d_2', filters: 32, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ name: 'max_pooling2d_2', poolSize: 2, strides: 2 }));
  model.add(tf.layers.flatten({ name: 'flatten_1' }));
  model.add(tf.layers.dense({ name: 'dense_1', units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ name: 'dense_2', units: 10, activation: 'softmax' }));
  return model;
}
