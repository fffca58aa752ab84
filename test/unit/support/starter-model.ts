/** The committed starter model (public/models/starter/, made by `npm run train:starter`), for tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io } from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import type { StarterInfo } from '../../../scripts/train-starter.ts';

/** The starter model's folder. */
export const STARTER_DIR = fileURLToPath(
  new URL('../../../public/models/starter/', import.meta.url),
);

/** Reads starter.json. */
export function readStarterInfo(): StarterInfo {
  return JSON.parse(readFileSync(`${STARTER_DIR}starter.json`, 'utf8')) as StarterInfo;
}

/**
 * Loads the starter model (or one `npm run train:starter -- --out DIR` wrote to `dir`, ending in
 * a slash) from model.json and the weights files its manifest names.
 */
export async function loadStarterModel(dir = STARTER_DIR): Promise<LayersModel> {
  const modelJson = JSON.parse(readFileSync(`${dir}model.json`, 'utf8')) as io.ModelJSON;
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightData = io.CompositeArrayBuffer.join(
    modelJson.weightsManifest.flatMap((group) =>
      group.paths.map((path) => {
        const bytes = readFileSync(`${dir}${path}`);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      }),
    ),
  );
  return loadLayersModel(
    io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
  );
}
