/**
 * Reading one digit: decode the image (a drawing, a file or a camera frame) into RGBA pixels,
 * prepare it as MNIST was prepared (src/shared/preprocess.ts), and run the model on it.
 */
import { tensor4d, tidy, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { StudioError } from '../../shared/errors.ts';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../shared/mnist.ts';
import { preprocessToMnist, type RgbaImage } from '../../shared/preprocess.ts';
import type { Prediction } from '../../shared/protocol.ts';
import { alternativeOf } from '../../shared/uncertainty.ts';

/** Larger images are drawn smaller before reading their pixels (preprocessing works at ≤ 512). */
const MAX_DECODED_SIDE = 1024;

/** Decodes a file's bytes, or refuses with `NotAnImage` if the browser cannot read it. */
export async function decodeImage(file: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file);
  } catch {
    throw new StudioError('NotAnImage');
  }
}

/** Draws a bitmap (closing it) and reads its RGBA pixels, at most 1024 px on a side. */
export function bitmapToRgba(bitmap: ImageBitmap): RgbaImage {
  const scale = Math.min(1, MAX_DECODED_SIDE / Math.max(bitmap.width, bitmap.height, 1));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('No 2D canvas in this worker.');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const { data } = context.getImageData(0, 0, width, height);
  return { data, width, height };
}

/** The model's probabilities for one prepared 28 × 28 image (values 0..1). */
export function classify(model: LayersModel, pixels: Float32Array): Float32Array {
  return tidy(() => {
    const input = tensor4d(pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1]);
    return (model.predict(input) as Tensor).dataSync() as Float32Array;
  });
}

/** Reads the digit in `image` with `model`: the prepared input, probabilities and answer. */
export function readDigit(
  model: LayersModel,
  image: RgbaImage,
): Pick<Prediction, 'digit' | 'probabilities' | 'input' | 'empty' | 'alternative' | 'stages'> {
  const prepared = preprocessToMnist(image, { stages: true });
  const input = new Uint8Array(IMAGE_PIXELS);
  for (let i = 0; i < IMAGE_PIXELS; i++) input[i] = Math.round(prepared.pixels[i] * 255);
  const { stages } = prepared;
  if (prepared.empty) {
    return { probabilities: new Array<number>(NUM_CLASSES).fill(0), input, empty: true, stages };
  }
  const probabilities = Array.from(classify(model, prepared.pixels));
  const digit = probabilities.indexOf(Math.max(...probabilities));
  return {
    digit,
    probabilities,
    input,
    empty: false,
    alternative: alternativeOf(probabilities),
    stages,
  };
}

/** The buffers of a reading to transfer: its input and its stage views. */
export function predictionBuffers(prediction: Pick<Prediction, 'input' | 'stages'>): ArrayBuffer[] {
  const { stages } = prediction;
  const views = stages ? [stages.original, stages.flattened, stages.ink] : [];
  return [prediction.input.buffer, ...views.map((v) => v.data.buffer)] as ArrayBuffer[];
}
