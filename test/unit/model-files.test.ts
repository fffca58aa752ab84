import { describe, expect, it } from 'vitest';
import { errorCode, errorName, errorParams, type ErrorCode } from '../../src/shared/errors.ts';
import {
  checkModelFiles,
  checkModelFileSizes,
  modelFilesFor,
  MODEL_JSON_MAX_BYTES,
  WEIGHTS_MAX_BYTES,
  weightByteLength,
  type ModelParts,
} from '../../src/shared/model-files.ts';
import { MAX_MODEL_PARAMS } from '../../src/shared/model-topology.ts';
import type { ModelFiles } from '../../src/shared/protocol.ts';
import { cleanModelName, modelFileBaseName, savedModelKey } from '../../src/shared/saved-models.ts';

const text = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;

/** A tiny but well-formed layers model: dense 3 → 2, i.e. 6 + 2 float32 weights (32 bytes). */
const parts: ModelParts = {
  modelTopology: {
    class_name: 'Sequential',
    config: {
      name: 'tiny',
      layers: [
        {
          class_name: 'Dense',
          config: { name: 'd', units: 2, batch_input_shape: [null, 3] },
        },
      ],
    },
  },
  weightSpecs: [
    { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
    { name: 'd/bias', shape: [2], dtype: 'float32' },
  ],
  weightData: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer,
  generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
};

/** Runs `check` and returns the `ImportInvalid.*` code and parameters it throws. */
function rejection(check: () => unknown): { code?: ErrorCode; params: unknown } {
  try {
    check();
  } catch (error) {
    expect(errorName(error)).toBe('ImportInvalid');
    const code = errorCode(error);
    return { code, params: code && errorParams(error, code) };
  }
  throw new Error('expected an ImportInvalid error');
}

const withJson = (files: ModelFiles, json: unknown): ModelFiles => ({
  files: files.files.map((f) =>
    f.name.endsWith('.json') ? { ...f, bytes: text(JSON.stringify(json)) } : f,
  ),
});

const jsonOf = (files: ModelFiles) =>
  JSON.parse(new TextDecoder().decode(files.files[0].bytes)) as Record<string, unknown>;

describe('export files', () => {
  it('writes <name>.json naming one <name>.weights.bin, as TF.js downloads:// does', () => {
    const files = modelFilesFor('conv · 98.87% · Nov 26, 11:02', parts, { testAccuracy: 0.9887 });
    expect(files.files.map((f) => f.name)).toEqual([
      'conv-98.87-Nov-26-11-02.json',
      'conv-98.87-Nov-26-11-02.weights.bin',
    ]);
    const json = jsonOf(files);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toEqual([
      { paths: ['conv-98.87-Nov-26-11-02.weights.bin'], weights: parts.weightSpecs },
    ]);
    expect(json.userDefinedMetadata).toEqual({
      mnistStudio: { name: 'conv · 98.87% · Nov 26, 11:02', testAccuracy: 0.9887 },
    });
    expect(new Float32Array(files.files[1].bytes)).toEqual(new Float32Array(parts.weightData));
  });

  it('reads back what it wrote, name and results included', () => {
    const checked = checkModelFiles(
      modelFilesFor('mine', parts, { architecture: 'dense', epochs: 2, backend: 'wasm' }),
    );
    expect(checked.baseName).toBe('mine');
    expect(checked.modelTopology).toEqual(parts.modelTopology);
    expect(checked.weightSpecs).toEqual(parts.weightSpecs);
    expect(new Float32Array(checked.weightData)).toEqual(new Float32Array(parts.weightData));
    expect(checked.about).toEqual({
      name: 'mine',
      architecture: 'dense',
      epochs: 2,
      backend: 'wasm',
    });
  });

  it('says who made it: the app, or the Node CLI', () => {
    expect(checkModelFiles(modelFilesFor('app', parts, {})).origin).toBe('mnist-studio');
    const node = checkModelFiles(modelFilesFor('cli', parts, { testAccuracy: 0.99 }, 'node'));
    expect(node.origin).toBe('node');
    expect(node.about).toEqual({ name: 'cli', testAccuracy: 0.99 });
  });

  it('ignores malformed metadata instead of trusting it', () => {
    const files = modelFilesFor('x', parts, {});
    const json = jsonOf(files);
    json.userDefinedMetadata = {
      mnistStudio: { name: 42, testAccuracy: 7, backend: 'gpu', architecture: 'resnet' },
    };
    expect(checkModelFiles(withJson(files, json)).about).toEqual({});
  });
});

describe('import checks', () => {
  const good = () => modelFilesFor('tiny', parts, {});

  it('rejects broken JSON, naming the file', () => {
    const files = good();
    files.files[0].bytes = text('{"format": "layers-model", "modelTopology": {');
    expect(rejection(() => checkModelFiles(files))).toEqual({
      code: 'ImportInvalid.notJson',
      params: { file: 'tiny.json' },
    });
  });

  it('rejects JSON that is not a model', () => {
    const file = { file: 'tiny.json' };
    expect(rejection(() => checkModelFiles(withJson(good(), { hello: 'world' })))).toEqual({
      code: 'ImportInvalid.noTopology',
      params: file,
    });
    expect(rejection(() => checkModelFiles(withJson(good(), [1, 2, 3])))).toEqual({
      code: 'ImportInvalid.notObject',
      params: file,
    });
    const json = jsonOf(good());
    expect(
      rejection(() => checkModelFiles(withJson(good(), { ...json, format: 'graph-model' }))),
    ).toEqual({ code: 'ImportInvalid.graphModel', params: file });
    expect(rejection(() => checkModelFiles(withJson(good(), { ...json, format: 'onnx' })))).toEqual(
      { code: 'ImportInvalid.format', params: { ...file, format: 'onnx' } },
    );
    expect(
      rejection(() =>
        checkModelFiles(withJson(good(), { ...json, modelTopology: { class_name: 'Dense' } })),
      ),
    ).toEqual({ code: 'ImportInvalid.notKeras', params: file });
    expect(
      rejection(() => checkModelFiles(withJson(good(), { ...json, weightsManifest: undefined }))),
    ).toEqual({ code: 'ImportInvalid.noManifest', params: file });
  });

  it('rejects a file that is not text, such as a PNG', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]);
    expect(
      rejection(() => checkModelFiles({ files: [{ name: 'digit.png', bytes: png.buffer }] })),
    ).toEqual({ code: 'ImportInvalid.noJson', params: { files: 'digit.png' } });
    expect(
      rejection(() => checkModelFiles({ files: [{ name: 'digit.json', bytes: png.buffer }] })),
    ).toEqual({ code: 'ImportInvalid.notText', params: { file: 'digit.json' } });
  });

  it('rejects a weights file of the wrong size, with both sizes', () => {
    const files = good();
    files.files[1].bytes = new ArrayBuffer(28);
    expect(rejection(() => checkModelFiles(files))).toEqual({
      code: 'ImportInvalid.weightsSize',
      params: { weights: 'tiny.weights.bin', bytes: 28, file: 'tiny.json', expected: 32 },
    });
  });

  it('rejects a missing weights file, and files that are not part of the model', () => {
    const files = good();
    expect(rejection(() => checkModelFiles({ files: [files.files[0]] }))).toEqual({
      code: 'ImportInvalid.missingFile',
      params: { file: 'tiny.json', needed: 'tiny.weights.bin' },
    });
    files.files.push({ name: 'notes.txt', bytes: text('hello') });
    expect(rejection(() => checkModelFiles(files))).toEqual({
      code: 'ImportInvalid.extraFile',
      params: { extra: 'notes.txt', file: 'tiny.json' },
    });
    expect(rejection(() => checkModelFiles({ files: [files.files[0], files.files[0]] }))).toEqual({
      code: 'ImportInvalid.twoJson',
      params: { first: 'tiny.json', second: 'tiny.json' },
    });
  });

  it('matches manifest paths by file name and counts quantised bytes', () => {
    const json = jsonOf(good());
    const manifest = [
      {
        paths: ['./shards/group1-shard1of2.bin', 'group1-shard2of2.bin'],
        weights: [
          {
            name: 'd/kernel',
            shape: [3, 2],
            dtype: 'float32',
            quantization: { dtype: 'uint8', min: -1, scale: 0.01 },
          },
          { name: 'd/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
        ],
      },
    ];
    const files: ModelFiles = {
      files: [
        { name: 'model.json', bytes: text(JSON.stringify({ ...json, weightsManifest: manifest })) },
        { name: 'group1-shard1of2.bin', bytes: new Uint8Array([1, 2, 3, 4, 5, 6]).buffer },
        { name: 'group1-shard2of2.bin', bytes: new Uint8Array([7, 8, 9, 10]).buffer },
      ],
    };
    const checked = checkModelFiles(files);
    expect(checked.baseName).toBe('model');
    expect([...new Uint8Array(checked.weightData)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(weightByteLength(checked.weightSpecs[0])).toBe(6);
    expect(weightByteLength(checked.weightSpecs[1])).toBe(4);
    expect(checked.size.params).toBe(8);
  });

  it('rejects weights of a dtype MNIST models do not use', () => {
    const json = jsonOf(good());
    const manifest = [
      { paths: ['tiny.weights.bin'], weights: [{ name: 'w', shape: [8], dtype: 'string' }] },
    ];
    expect(
      rejection(() => checkModelFiles(withJson(good(), { ...json, weightsManifest: manifest }))),
    ).toEqual({ code: 'ImportInvalid.weightDtype', params: { weight: 'w', dtype: 'string' } });
  });

  it('refuses oversize files before reading them', () => {
    expect(
      rejection(() =>
        checkModelFileSizes([
          { name: 'model.json', size: MODEL_JSON_MAX_BYTES + 1 },
          { name: 'w.bin', size: 10 },
        ]),
      ),
    ).toEqual({
      code: 'ImportInvalid.jsonTooLarge',
      params: { file: 'model.json', bytes: MODEL_JSON_MAX_BYTES + 1, max: MODEL_JSON_MAX_BYTES },
    });
    expect(
      rejection(() =>
        checkModelFileSizes([
          { name: 'model.json', size: 5_000 },
          { name: 'a.bin', size: WEIGHTS_MAX_BYTES },
          { name: 'b.bin', size: 1_000_000 },
        ]),
      ),
    ).toEqual({
      code: 'ImportInvalid.weightsTooLarge',
      params: { bytes: WEIGHTS_MAX_BYTES + 1_000_000, max: WEIGHTS_MAX_BYTES },
    });
    expect(rejection(() => checkModelFileSizes([]))).toEqual({
      code: 'ImportInvalid.noFiles',
      params: {},
    });
  });
});

describe('the topology bounds the import', () => {
  /** The tiny model's files with `weights` as its manifest (the weights file stays 32 bytes). */
  const withWeights = (weights: unknown[]) => {
    const files = modelFilesFor('tiny', parts, {});
    const json = jsonOf(files);
    return withJson(files, {
      ...json,
      weightsManifest: [{ paths: ['tiny.weights.bin'], weights }],
    });
  };
  const f32 = (name: string, shape: number[]) => ({ name, shape, dtype: 'float32' });

  it('refuses a 5 kB model.json declaring 100 M parameters, before its manifest is read', () => {
    const json = {
      format: 'layers-model',
      modelTopology: {
        class_name: 'Sequential',
        config: {
          name: 'huge',
          layers: [
            { class_name: 'Flatten', config: { name: 'f', batch_input_shape: [null, 28, 28, 1] } },
            { class_name: 'Dense', config: { name: 'd', units: 127_551 } },
            { class_name: 'Dense', config: { name: 'out', units: 10 } },
          ],
        },
      },
      // Small and wrong: nothing TF.js would read before building the model.
      weightsManifest: [{ paths: ['w.bin'], weights: [f32('d/bias', [1])] }],
    };
    const bytes = text(JSON.stringify(json));
    expect(bytes.byteLength).toBeLessThan(5_000);
    const files: ModelFiles = {
      files: [
        { name: 'model.json', bytes },
        { name: 'w.bin', bytes: new ArrayBuffer(4) },
      ],
    };
    const start = performance.now();
    const refused = rejection(() => checkModelFiles(files));
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(refused).toEqual({
      code: 'ImportInvalid.tooManyParams',
      params: { params: 100_127_535, max: MAX_MODEL_PARAMS },
    });
  });

  it('refuses a manifest with more or fewer weights than the layers make', () => {
    const files = withWeights([f32('d/kernel', [4, 2])]);
    files.files[1].bytes = new ArrayBuffer(32);
    expect(rejection(() => checkModelFiles(files))).toEqual({
      code: 'ImportInvalid.weightCount',
      params: { file: 'tiny.json', count: 1, expected: 2 },
    });
  });

  it('refuses a weight whose shape is not its layer’s, though the bytes add up', () => {
    expect(
      rejection(() => checkModelFiles(withWeights([f32('d/kernel', [2, 3]), f32('d/bias', [2])]))),
    ).toEqual({
      code: 'ImportInvalid.weightShape',
      params: { weight: 'd/kernel', shape: '[2, 3]', expected: '[3, 2]' },
    });
    // Matched by name, whatever the order: the bias listed first still has to be [2].
    expect(
      rejection(() => checkModelFiles(withWeights([f32('d/bias', [6]), f32('d/kernel', [2])]))),
    ).toEqual({
      code: 'ImportInvalid.weightShape',
      params: { weight: 'd/bias', shape: '[6]', expected: '[2]' },
    });
  });

  it('matches names as TF.js does, prefixed names by their end, and other names in order', () => {
    for (const weights of [
      [f32('d/bias', [2]), f32('d/kernel', [3, 2])],
      [f32('tiny/d/kernel', [3, 2]), f32('tiny/d/bias', [2])],
      [f32('d/cell/kernel', [3, 2]), f32('d/cell/bias', [2])],
      [f32('dense/0', [3, 2]), f32('dense/1', [2])],
    ]) {
      expect(checkModelFiles(withWeights(weights)).size.params).toBe(8);
    }
    expect(
      rejection(() => checkModelFiles(withWeights([f32('w/0', [2]), f32('w/1', [3, 2])]))),
    ).toEqual({
      code: 'ImportInvalid.weightShape',
      params: { weight: 'w/0', shape: '[2]', expected: '[3, 2]' },
    });
  });
});

describe('saved model names', () => {
  it('keys TF.js storage by id', () => {
    expect(savedModelKey(7)).toBe('indexeddb://mnist-studio-model-7');
  });

  it('tidies white space and refuses empty or long names', () => {
    expect(cleanModelName('  my   model \n')).toBe('my model');
    expect(catchError(() => cleanModelName('   '))).toMatchObject({
      name: 'InvalidName',
      code: 'InvalidName.empty',
    });
    expect(catchError(() => cleanModelName(' x'.repeat(81)))).toMatchObject({
      name: 'InvalidName',
      code: 'InvalidName.tooLong',
      params: { max: 80, length: 161 },
    });
    expect(cleanModelName('x'.repeat(80))).toHaveLength(80);
  });

  it('makes safe file names', () => {
    expect(modelFileBaseName('Café · 99%')).toBe('Cafe-99');
    expect(modelFileBaseName('../../etc/passwd')).toBe('etc-passwd');
    expect(modelFileBaseName('···')).toBe('model');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
