import * as tf from '@tensorflow/tfjs-layers';

/**
 * The bigger convnet of section 4.2.5 ("more conv and pooling layers and more filters … 99.5%"),
 * as tfjs-examples' `mnist-node` builds it (the model section 4.3 trains in Node). Dropout is
 * active in training only (TF.js' trainOnBatch), and draws fresh masks every batch, so a seed
 * fixes its initial weights and shuffles but not its masks. 11 layers, 594,922 parameters.
 *
 * | layer | type               | output shape       |  params |
 * | ----- | ------------------ | ------------------ | ------: |
 * | 1     | Conv2D 32 3x3 relu | [null, 26, 26, 32] |     320 |
 * | 2     | Conv2D 32 3x3 relu | [null, 24, 24, 32] |   9,248 |
 * | 3     | MaxPooling2D 2/2   | [null, 12, 12, 32] |       0 |
 * | 4     | Conv2D 64 3x3 relu | [null, 10, 10, 64] |  18,496 |
 * | 5     | Conv2D 64 3x3 relu | [null, 8, 8, 64]   |  36,928 |
 * | 6     | MaxPooling2D 2/2   | [null, 4, 4, 64]   |       0 |
 * | 7     | Flatten            | [null, 1024]       |       0 |
 * | 8     | Dropout 0.25       | [null, 1024]       |       0 |
 * | 9     | Dense 512 relu     | [null, 512]        | 524,800 |
 * | 10    | Dropout 0.5        | [null, 512]        |       0 |
 * | 11    | Dense 10 softmax   | [null, 10]         |   5,130 |
 */
export function buildBig(): tf.Sequential {
  const model = tf.sequential();
  const conv = (name: string, filters: number, inputShape?: number[]) =>
    tf.layers.conv2d({ name, filters, kernelSize: 3, activation: 'relu', inputShape });
  model.add(conv('conv2d_1', 32, [28, 28, 1]));
  model.add(conv('conv2d_2', 32));
  model.add(tf.layers.maxPooling2d({ name: 'max_pooling2d_1', poolSize: 2, strides: 2 }));
  model.add(conv('conv2d_3', 64));
  model.add(conv('conv2d_4', 64));
  model.add(tf.layers.maxPooling2d({ name: 'max_pooling2d_2', poolSize: 2, strides: 2 }));
  model.add(tf.layers.flatten({ name: 'flatten_1' }));
  model.add(tf.layers.dropout({ name: 'dropout_1', rate: 0.25 }));
  model.add(tf.layers.dense({ name: 'dense_1', units: 512, activation: 'relu' }));
  model.add(tf.layers.dropout({ name: 'dropout_2', rate: 0.5 }));
  model.add(tf.layers.dense({ name: 'dense_2', units: 10, activation: 'softmax' }));
  return model;
}
