/**
 * Saved models in Node: our 'models' store on fake-indexeddb, TF.js' side in a memory vault
 * (TF.js' `indexeddb://` handler exists only in browsers and workers; the browser tests cover
 * it). A convnet trained here is saved, loaded, exported and imported, and must predict the
 * same; broken and unfitting files must be refused with nothing written.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { errorCode, errorName, errorParams } from '../../src/shared/errors.ts';
import { modelFilesFor, type WeightSpec } from '../../src/shared/model-files.ts';
import type { ModelFiles } from '../../src/shared/protocol.ts';
import {
  describeCurrentModel,
  loadedModel,
  noteDeleted,
  noteMeasured,
  noteRenamed,
  savedDraft,
  type CurrentModel,
} from '../../src/worker/models/current-model.ts';
import { modelFromFiles } from '../../src/worker/models/import.ts';
import { buildModel, compileForTraining, disposeModel } from '../../src/worker/models/index.ts';
import { openStudioDb } from '../../src/worker/storage/db.ts';
import {
  deleteSavedModel,
  exportSavedModel,
  listSavedModels,
  loadSavedModel,
  recordTestAccuracy,
  renameSavedModel,
  storeModel,
} from '../../src/worker/storage/models.ts';
import { TrainingControl } from '../../src/worker/training/control.ts';
import { evaluateModel } from '../../src/worker/training/evaluate.ts';
import { trainModel } from '../../src/worker/training/train.ts';
import { loadMnist } from './support/mnist-files.ts';
import { memoryVault } from './support/memory-vault.ts';
import { useTfBackend } from './support/tf-wasm.ts';
import { bookConfig } from './support/train-configs.ts';

const vault = memoryVault();
/** The listing 4.1 convnet after one short epoch: good enough to have distinct predictions. */
let source: tfl.LayersModel;
let sourceProbs: Float32Array;

/** The model's scores for the first 200 test images, `[200, 10]` row-major. */
function scores(model: tfl.LayersModel): Float32Array {
  const images = loadMnist().testImages.subarray(0, 200 * 784);
  return tf.tidy(() => {
    const x = tf.tensor4d(
      Float32Array.from(images, (v) => v / 255),
      [200, 28, 28, 1],
    );
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}

/** Largest absolute difference between two score arrays. */
const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/** A model's artifacts as TF.js saves them (what `model.save` hands its handler). */
async function artifactsOf(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return saved!;
}

/** `model` as export files, as the app writes them. */
async function filesOf(model: tfl.LayersModel, name: string): Promise<ModelFiles> {
  const a = await artifactsOf(model);
  return modelFilesFor(
    name,
    {
      modelTopology: a.modelTopology as Record<string, unknown>,
      weightSpecs: a.weightSpecs as WeightSpec[],
      weightData: tf.io.CompositeArrayBuffer.join(a.weightData),
    },
    {},
  );
}

/** Runs `work` and returns the error it rejects with: kind, code, parameters and message. */
async function rejection(
  work: Promise<unknown>,
): Promise<{ name?: string; code?: string; params?: unknown; message: string }> {
  try {
    await work;
  } catch (error) {
    const code = errorCode(error);
    return {
      name: errorName(error),
      code,
      params: code && errorParams(error, code),
      message: (error as Error).message,
    };
  }
  throw new Error('expected a rejection');
}

/** Asserts that `work` leaves the saved list, TF.js storage and the tensor count as they were. */
async function writesNothing(work: () => Promise<unknown>): Promise<void> {
  const before = {
    list: await listSavedModels(vault),
    keys: vault.keys(),
    records: await (await openStudioDb()).count('models'),
    tensors: tf.memory().numTensors,
  };
  await work();
  expect(await listSavedModels(vault)).toEqual(before.list);
  expect(vault.keys()).toEqual(before.keys);
  expect(await (await openStudioDb()).count('models')).toBe(before.records);
  expect(tf.memory().numTensors).toBe(before.tensors);
}

beforeAll(async () => {
  await useTfBackend('wasm');
  source = buildModel('conv');
  compileForTraining(source);
  await trainModel(
    source,
    loadMnist(),
    bookConfig({ model: 'conv', epochs: 1, batchSize: 64, trainExamples: 2_000 }),
    { control: new TrainingControl(), onProgress: () => {} },
  );
  sourceProbs = scores(source);
});

describe('saving, listing, loading', () => {
  it('saves a trained model and loads one that predicts exactly the same', async () => {
    const current: CurrentModel = {
      name: 'conv',
      model: source,
      run: {
        model: 'conv',
        backend: 'wasm',
        epochs: 1,
        epochsCompleted: 1,
        batchSize: 64,
        trainExamples: 2_000,
        durationMs: 9_000,
        examplesPerSecond: 222,
        testAccuracy: 0.91,
        testLoss: 0.3,
        stopped: false,
        finishedAt: 1,
      },
    };
    const info = await storeModel(source, savedDraft(current, '  first   save '), vault);
    expect(info).toMatchObject({
      name: 'first save',
      architecture: 'conv',
      params: 56_714,
      source: 'trained',
      testAccuracy: 0.91,
      epochs: 1,
      backend: 'wasm',
      trainingMs: 9_000,
      storageKey: `indexeddb://mnist-studio-model-${info.id}`,
    });
    expect(vault.keys()).toEqual([info.storageKey]);

    const { info: back, model } = await loadSavedModel(info.id, vault);
    expect(back).toEqual(info);
    expect(maxDiff(scores(model), sourceProbs)).toBe(0);
    // A loaded model evaluates like the trained one: same accuracy on 1,000 test images.
    const [a, b] = await Promise.all([
      evaluateModel(model, loadMnist(), undefined, 1_000),
      evaluateModel(source, loadMnist(), undefined, 1_000),
    ]);
    expect(a.accuracy).toBe(b.accuracy);
    expect(a.confusion).toEqual(b.confusion);
    model.dispose();
  });

  it('lists newest first and renames only the record', async () => {
    const second = await storeModel(
      source,
      { name: 'second', architecture: 'conv', params: 56_714, source: 'trained' },
      vault,
    );
    const list = await listSavedModels(vault);
    expect(list.map((m) => m.name)).toEqual(['second', 'first save']);
    const renamed = await renameSavedModel(second.id, 'renamed');
    expect(renamed).toEqual({ ...second, name: 'renamed' });
    expect((await listSavedModels(vault))[0].name).toBe('renamed');
    expect(vault.keys()).toContain(second.storageKey);
    expect(await rejection(renameSavedModel(second.id, '  '))).toMatchObject({
      name: 'InvalidName',
      code: 'InvalidName.empty',
    });
  });

  it('deletes both the TF.js model and the record', async () => {
    const [newest] = await listSavedModels(vault);
    await deleteSavedModel(newest.id, vault);
    expect(vault.keys()).not.toContain(newest.storageKey);
    expect((await listSavedModels(vault)).map((m) => m.id)).not.toContain(newest.id);
    expect(await rejection(loadSavedModel(newest.id, vault))).toMatchObject({
      name: 'ModelNotFound',
      code: 'ModelNotFound.id',
      params: { id: newest.id },
    });
  });

  it('undoes a save whose weights cannot be written', async () => {
    const failing = memoryVault({ failSave: true });
    const before = await (await openStudioDb()).count('models');
    const error = await rejection(
      storeModel(
        source,
        { name: 'x', architecture: 'conv', params: 1, source: 'trained' },
        failing,
      ),
    );
    expect(error).toMatchObject({
      name: 'StorageFailed',
      code: 'StorageFailed.indexedDb',
      params: { action: 'saveModelWeights' },
    });
    expect(await (await openStudioDb()).count('models')).toBe(before);
    expect(failing.keys()).toEqual([]);
  });

  it('clears a record left by a save that never finished', async () => {
    const db = await openStudioDb();
    const id = await db.add('models', {
      name: 'half',
      architecture: 'conv',
      params: 1,
      source: 'trained',
      createdAt: Date.now() - 3_600_000,
      storageKey: '',
    } as never);
    const listed = await listSavedModels(vault);
    expect(listed.map((m) => m.id)).not.toContain(id);
    expect(await db.get('models', id)).toBeUndefined();
  });
});

describe('the current model', () => {
  it('stays in use when its saved record is deleted, and can be saved again', async () => {
    const info = await storeModel(
      source,
      { name: 'kept', architecture: 'conv', params: 56_714, source: 'trained', testAccuracy: 0.9 },
      vault,
    );
    const { model } = await loadSavedModel(info.id, vault);
    const current = loadedModel(info, model);
    expect(describeCurrentModel(current)).toEqual({
      origin: 'saved',
      architecture: 'conv',
      name: 'kept',
      savedId: info.id,
      testAccuracy: 0.9,
      createdAt: info.createdAt,
    });
    noteRenamed(current, { ...info, name: 'kept 2' });
    expect(describeCurrentModel(current).name).toBe('kept 2');
    await deleteSavedModel(info.id, vault);
    noteDeleted(current, info.id);
    expect(describeCurrentModel(current)).toMatchObject({ name: 'kept 2', savedId: undefined });
    expect(savedDraft(current, 'again')).toMatchObject({ name: 'again', testAccuracy: 0.9 });
    expect(maxDiff(scores(current.model), sourceProbs)).toBe(0);
    model.dispose();
  });
});

describe('an imported Keras 3 model', () => {
  it('is saved as from Keras 3, and keeps the test accuracy its first evaluation measures', async () => {
    const read = (name: string) => {
      const bytes = readFileSync(
        new URL(`../fixtures/keras/keras3-h5-conv/${name}`, import.meta.url),
      );
      return { name, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
    };
    const imported = await modelFromFiles({
      files: [read('model.json'), read('group1-shard1of1.bin')],
    });
    const info = await storeModel(imported.model, imported.draft, vault);
    disposeModel(imported.model);
    expect(info).toMatchObject({ source: 'imported', origin: 'keras3', architecture: 'conv' });
    expect(info.testAccuracy).toBeUndefined();

    const { model } = await loadSavedModel(info.id, vault);
    const current = loadedModel(info, model);
    const evaluation = await evaluateModel(model, loadMnist());
    expect(evaluation.count).toBe(10_000);
    // Keras measured 98.82% on the same 10,000 test images.
    expect(evaluation.accuracy).toBeCloseTo(0.9882, 4);
    const measured = await recordTestAccuracy(info.id, evaluation.accuracy);
    noteMeasured(current, measured);
    expect(measured).toEqual({ ...info, testAccuracy: evaluation.accuracy });
    expect((await listSavedModels(vault)).find((m) => m.id === info.id)?.testAccuracy).toBe(
      evaluation.accuracy,
    );
    expect(describeCurrentModel(current).testAccuracy).toBe(evaluation.accuracy);
    expect(savedDraft(current, 'copy')).toMatchObject({ origin: 'keras3', testAccuracy: 0.9882 });
    // A record that has its accuracy keeps it.
    expect((await recordTestAccuracy(info.id, 0.5)).testAccuracy).toBe(evaluation.accuracy);
    model.dispose();
    await deleteSavedModel(info.id, vault);
  });
});

describe('export and import', () => {
  it('round-trips a saved model through its files: same predictions, name, results', async () => {
    const info = await storeModel(
      source,
      {
        name: 'conv · 91.00%',
        architecture: 'conv',
        params: 56_714,
        source: 'trained',
        testAccuracy: 0.91,
        epochs: 1,
      },
      vault,
    );
    const files = await exportSavedModel(info.id, vault);
    expect(files.files.map((f) => f.name)).toEqual(['conv-91.00.json', 'conv-91.00.weights.bin']);
    expect(files.files[1].bytes.byteLength).toBe(56_714 * 4);

    const tensors = tf.memory().numTensors;
    const imported = await modelFromFiles(files);
    expect(imported.draft).toEqual({
      name: 'conv · 91.00%',
      architecture: 'conv',
      params: 56_714,
      source: 'imported',
      origin: 'mnist-studio',
      testAccuracy: 0.91,
      epochs: 1,
      backend: undefined,
      trainingMs: undefined,
    });
    expect(maxDiff(scores(imported.model), sourceProbs)).toBe(0);
    const stored = await storeModel(imported.model, imported.draft, vault);
    disposeModel(imported.model);
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await listSavedModels(vault))[0]).toEqual(stored);
  });

  it('imports a Keras convnet converted by tensorflowjs_converter: same predictions', async () => {
    // fixtures/keras-mnist-convnet/model.json is written by hand, mirroring exactly what
    // `tensorflowjs_converter --input_format keras` (TensorFlow.js Converter 4.x,
    // keras_h5_conversion.py write_artifacts) writes for a Keras 2.x h5 Sequential convnet:
    // format, generatedBy "keras v2.12.0", convertedBy, modelTopology {keras_version, backend,
    // model_config {class_name: Sequential, config {name, layers: InputLayer, Conv2D, …}},
    // training_config}, and one weights group group1-shard1of1.bin with Keras' weight names.
    // There is no Python or TensorFlow on this machine, so the weights are those of the convnet
    // trained above, in manifest order (Keras and TF.js lay out conv and dense kernels alike).
    const json = readFileSync(
      new URL('./fixtures/keras-mnist-convnet/model.json', import.meta.url),
    );
    const weights = source.getWeights().map((w) => w.dataSync() as Float32Array);
    const bin = new Float32Array(weights.reduce((n, w) => n + w.length, 0));
    weights.reduce((offset, w) => (bin.set(w, offset), offset + w.length), 0);
    const files: ModelFiles = {
      files: [
        {
          name: 'model.json',
          bytes: json.buffer.slice(json.byteOffset, json.byteOffset + json.length),
        },
        { name: 'group1-shard1of1.bin', bytes: bin.buffer },
      ],
    };
    const imported = await modelFromFiles(files);
    expect(imported.draft).toMatchObject({
      name: 'model',
      architecture: 'conv',
      params: 56_714,
      source: 'imported',
    });
    expect(imported.model.layers.map((l) => l.name)).toEqual([
      'conv2d_input',
      'conv2d',
      'max_pooling2d',
      'conv2d_1',
      'max_pooling2d_1',
      'flatten',
      'dense',
      'dense_1',
    ]);
    expect(maxDiff(scores(imported.model), sourceProbs)).toBeLessThan(1e-6);
    const stored = await storeModel(imported.model, imported.draft, vault);
    imported.model.dispose();
    // And it survives being stored by TF.js and loaded back.
    const { model } = await loadSavedModel(stored.id, vault);
    expect(maxDiff(scores(model), sourceProbs)).toBeLessThan(1e-6);
    model.dispose();
  });

  it('refuses a model that does not take 28 × 28 images, storing nothing', async () => {
    const flat = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })],
    });
    const files = await filesOf(flat, 'flat');
    flat.dispose();
    await writesNothing(async () => {
      const error = await rejection(modelFromFiles(files));
      expect(error).toMatchObject({
        code: 'ImportInvalid.inputShape',
        params: { shape: '[null, 784]', expected: '[null, 28, 28, 1]' },
      });
    });
  });

  it('refuses a model without ten outputs, storing nothing', async () => {
    const five = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28, 1] }),
        tfl.layers.dense({ units: 5, activation: 'softmax' }),
      ],
    });
    const files = await filesOf(five, 'five');
    five.dispose();
    await writesNothing(async () => {
      expect(await rejection(modelFromFiles(files))).toMatchObject({
        code: 'ImportInvalid.outputShape',
        params: { shape: '[null, 5]', expected: '[null, 10]' },
      });
    });
  });

  it('refuses weights whose byte count fits but whose shapes do not, storing nothing', async () => {
    const files = await filesOf(source, 'conv');
    const json = JSON.parse(new TextDecoder().decode(files.files[0].bytes));
    // Same number of floats, other shape: the kernel of dense_1 as [64, 800] instead of [800, 64].
    const spec = json.weightsManifest[0].weights.find(
      (w: WeightSpec) => w.name === 'dense_1/kernel',
    );
    spec.shape = [64, 800];
    files.files[0].bytes = new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer;
    await writesNothing(async () => {
      expect(await rejection(modelFromFiles(files))).toMatchObject({
        name: 'ImportInvalid',
        code: 'ImportInvalid.weightShape',
        params: { weight: 'dense_1/kernel', shape: '[64, 800]', expected: '[800, 64]' },
      });
    });
  });

  it('refuses broken, non-model, short, incomplete, oversize files, writing nothing', async () => {
    const good = await filesOf(source, 'conv');
    const [json, bin] = good.files;
    const cases: [ModelFiles, string, Record<string, unknown>][] = [
      [
        { files: [{ ...json, bytes: json.bytes.slice(0, 300) }, bin] },
        'ImportInvalid.notJson',
        { file: 'conv.json' },
      ],
      [
        {
          files: [
            {
              name: 'package.json',
              bytes: new TextEncoder().encode('{"name":"x"}').buffer as ArrayBuffer,
            },
          ],
        },
        'ImportInvalid.noTopology',
        { file: 'package.json' },
      ],
      [
        { files: [json, { ...bin, bytes: bin.bytes.slice(4) }] },
        'ImportInvalid.weightsSize',
        { weights: 'conv.weights.bin', bytes: 226_852, file: 'conv.json', expected: 226_856 },
      ],
      [
        { files: [json] },
        'ImportInvalid.missingFile',
        { file: 'conv.json', needed: 'conv.weights.bin' },
      ],
      [
        { files: [json, { name: 'conv.weights.bin', bytes: new ArrayBuffer(50_000_001) }] },
        'ImportInvalid.weightsTooLarge',
        { bytes: 50_000_001, max: 50_000_000 },
      ],
    ];
    for (const [files, code, params] of cases) {
      await writesNothing(async () => {
        expect(await rejection(modelFromFiles(files))).toMatchObject({
          name: 'ImportInvalid',
          code,
          params,
        });
      });
    }
  });
});
