/**
 * The starter model: the listing 4.1 convnet trained by `npm run train:starter` and shipped in
 * public/models/starter/, so the app reads digits before the person has trained anything.
 */
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import type { PredictionModel } from '../../shared/protocol.ts';

/** The starter model with what `starter.json` says of it. */
export interface StarterModel {
  model: LayersModel;
  info: PredictionModel;
}

let starter: Promise<StarterModel> | undefined;

/** Reads starter.json's test accuracy (the model works without it). */
async function starterAccuracy(url: URL): Promise<number | undefined> {
  try {
    const response = await fetch(url);
    const facts = response.ok ? ((await response.json()) as { testAccuracy?: unknown }) : {};
    return typeof facts.testAccuracy === 'number' ? facts.testAccuracy : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the starter model from `directory` (our own origin) once; a failure is retried. */
export function loadStarterModel(directory: URL): Promise<StarterModel> {
  const loading =
    starter ??
    (async (): Promise<StarterModel> => {
      const [model, testAccuracy] = await Promise.all([
        loadLayersModel(new URL('model.json', directory).href),
        starterAccuracy(new URL('starter.json', directory)),
      ]);
      return { model, info: { kind: 'starter', name: 'starter', testAccuracy } };
    })();
  starter = loading;
  loading.catch(() => {
    if (starter === loading) starter = undefined;
  });
  return loading;
}
