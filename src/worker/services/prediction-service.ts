/**
 * Prediction service: reads a digit with the model in use (leased for the reading, so a new run
 * or a Load cannot dispose it mid-way), or with the starter model until there is one.
 */
import * as Comlink from 'comlink';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { InsideView, Saliency } from '../../shared/inside.ts';
import type { ModelName } from '../../shared/models.ts';
import type { Prediction, PredictionModel } from '../../shared/protocol.ts';
import { describeCurrentModel } from '../models/current-model.ts';
import { bitmapToRgba, decodeImage, predictionBuffers, readDigit } from '../predict/read-digit.ts';
import { insideBuffers, inspectModel, saliencyOf, toPixels } from '../predict/inside.ts';
import { loadStarterModel } from '../predict/starter.ts';
import type { ModelService } from './model-service.ts';

/** A model to read with, and how to give it back. */
export interface Reader {
  model: LayersModel;
  info: PredictionModel;
  /** Its architecture (the starter model is listing 4.1's). */
  architecture: ModelName | 'custom';
  release: () => void;
}

/** Reads digits. */
export class PredictionService {
  constructor(
    private readonly models: ModelService,
    private readonly backendReady: Promise<void>,
    /** Where the starter model lives (our own origin). */
    private readonly starterUrl: URL,
  ) {}

  /** Which model reads digits now: the one in use, or the starter model. */
  async model(): Promise<PredictionModel> {
    const reader = await this.reader();
    reader.release();
    return reader.info;
  }

  /**
   * Reads the digit in an image: a drawing or camera frame (an `ImageBitmap`, transferred) or a
   * file (a `Blob`, decoded here so the page never stalls on big photos). `seq` comes back with
   * the answer, so the page can drop an answer that a newer reading overtook.
   */
  async predict(image: ImageBitmap | Blob, seq = 0): Promise<Prediction> {
    const start = performance.now();
    // Decode first: the model is taken only for the synchronous read that follows.
    const bitmap = image instanceof Blob ? await decodeImage(image) : image;
    const rgba = bitmapToRgba(bitmap);
    const reader = await this.reader();
    try {
      const answer = readDigit(reader.model, rgba);
      const prediction: Prediction = {
        ...answer,
        seq,
        model: reader.info,
        ms: performance.now() - start,
      };
      return Comlink.transfer(prediction, predictionBuffers(prediction));
    } finally {
      reader.release();
    }
  }

  /**
   * Looks inside the model that reads digits, on `input` (784 pixels, 0–255, as a reading or a
   * test image gives them): every layer's output, the conv kernels, and the saliency of its
   * answer. The arrays are transferred.
   */
  async inspect(input: Uint8Array): Promise<InsideView> {
    const reader = await this.reader();
    try {
      const view = { ...(await inspectModel(reader.model, toPixels(input))), model: reader.info };
      return Comlink.transfer(view, insideBuffers(view));
    } finally {
      reader.release();
    }
  }

  /** Where `input`'s pixels push the score of `digit` (the "why not 3?" map). */
  async saliency(input: Uint8Array, digit: number): Promise<Saliency> {
    const reader = await this.reader();
    try {
      const map = await saliencyOf(reader.model, toPixels(input), digit);
      return Comlink.transfer(map, [map.values.buffer]);
    } finally {
      reader.release();
    }
  }

  /** Lends the model that reads digits: the one in use, or the starter model. */
  async reader(): Promise<Reader> {
    await this.backendReady;
    const lease = this.models.slot.lease();
    if (lease) {
      const current = describeCurrentModel(lease.current);
      return {
        model: lease.current.model,
        info: { kind: current.origin, name: current.name, testAccuracy: current.testAccuracy },
        architecture: lease.current.name,
        release: lease.release,
      };
    }
    const starter = await loadStarterModel(this.starterUrl);
    return { ...starter, architecture: 'conv', release: () => {} };
  }
}
