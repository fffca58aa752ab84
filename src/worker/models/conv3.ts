import * as tf from '@tensorflow/tfjs-layers';

/**
 * The variant the book's §4.2 prose describes and tfjs-examples/mnist ships: a third
 * conv2d 32 3x3 after the second pool. 8 layers, 33,194 parameters (matched to the dense model).
 *
 * | layer | type               | output shape       | params |
 * | ----- | ------------------ | ------------------ | -----: |
 * | 1     | Conv2D 16 3x3 relu | [null, 26, 26, 16] |    160 |
 * | 2     | MaxPooling2D 2/2   | [null, 13, 13, 16] |      0 |
 * | 3     | Conv2D 32 3x3 relu | [null, 11, 11, 32] |  4,640 |
 * | 4     | MaxPooling2D 2/2   | [null, 5, 5, 32]   |      0 |
 * | 5     | Conv2D 32 3x3 relu | [null, 3, 3, 32]   |  9,248 |
 * | 6     | Flatten            | [null, 288]        |      0 |
 * | 7     | Dense 64 relu      | [null, 64]         | 18,496 |
 * | 8     | Dense 10 softmax   | [null, 10]         |    650 |
 */
export function buildConv3(): tf.Sequential {
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
  model.add(tf.layers.conv2d({ name: 'conv2d_3', filters: 32, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.flatten({ name: 'flatten_1' }));
  model.add(tf.layers.dense({ name: 'dense_1', units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ name: 'dense_2', units: 10, activation: 'softmax' }));
  return model;
}
