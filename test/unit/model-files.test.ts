import { describe, expect, it } from 'vitest';
import { errorName } from '../../src/shared/errors.ts';
import {
  checkModelFiles,
  checkModelFileSizes,
  modelFilesFor,
  MODEL_JSON_MAX_BYTES,
  WEIGHTS_MAX_BYTES,
  weightByteLength,
  type ModelParts,
} from '../../src/shared/model-files.ts';
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

/** Runs `check` and returns the `ImportInvalid` message it throws. */
function rejection(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    expect(errorName(error)).toBe('ImportInvalid');
    return (error as Error).message;
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

  it('rejects broken JSON, saying where', () => {
    const files = good();
    files.files[0].bytes = text('{"format": "layers-model", "modelTopology": {');
    expect(rejection(() => checkModelFiles(files))).toMatch(/^tiny\.json is not valid JSON: /);
  });

  it('rejects JSON that is not a model', () => {
    expect(rejection(() => checkModelFiles(withJson(good(), { hello: 'world' })))).toMatch(
      /tiny\.json has no modelTopology, so it is not a TensorFlow\.js layers model/,
    );
    expect(rejection(() => checkModelFiles(withJson(good(), [1, 2, 3])))).toMatch(
      /is JSON, but not a TensorFlow\.js model/,
    );
    const json = jsonOf(good());
    expect(
      rejection(() => checkModelFiles(withJson(good(), { ...json, format: 'graph-model' }))),
    ).toMatch(/is a TensorFlow\.js graph model; only layers models/);
    expect(
      rejection(() =>
        checkModelFiles(withJson(good(), { ...json, modelTopology: { class_name: 'Dense' } })),
      ),
    ).toMatch(/not a Keras Sequential or Functional model/);
    expect(
      rejection(() => checkModelFiles(withJson(good(), { ...json, weightsManifest: undefined }))),
    ).toMatch(/has no weightsManifest/);
  });

  it('rejects a file that is not text, such as a PNG', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]);
    expect(
      rejection(() => checkModelFiles({ files: [{ name: 'digit.png', bytes: png.buffer }] })),
    ).toMatch(/There is no model\.json among the chosen files \(digit\.png\)/);
    expect(
      rejection(() => checkModelFiles({ files: [{ name: 'digit.json', bytes: png.buffer }] })),
    ).toBe('digit.json is not a text file, so it cannot be a model.json.');
  });

  it('rejects a weights file of the wrong size, with both sizes', () => {
    const files = good();
    files.files[1].bytes = new ArrayBuffer(28);
    expect(rejection(() => checkModelFiles(files))).toBe(
      'The weights file tiny.weights.bin has 28 bytes, but tiny.json describes 32 bytes of ' +
        'weights: it does not belong to this model.json, or it is damaged.',
    );
  });

  it('rejects a missing weights file, and files that are not part of the model', () => {
    const files = good();
    expect(rejection(() => checkModelFiles({ files: [files.files[0]] }))).toMatch(
      /^tiny\.json needs the weights file tiny\.weights\.bin, which was not among the chosen files/,
    );
    files.files.push({ name: 'notes.txt', bytes: text('hello') });
    expect(rejection(() => checkModelFiles(files))).toBe(
      'notes.txt is not part of this model: tiny.json names only tiny.weights.bin.',
    );
    expect(rejection(() => checkModelFiles({ files: [files.files[0], files.files[0]] }))).toMatch(
      /Choose one model at a time/,
    );
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
  });

  it('rejects weights of a dtype MNIST models do not use', () => {
    const json = jsonOf(good());
    const manifest = [
      { paths: ['tiny.weights.bin'], weights: [{ name: 'w', shape: [8], dtype: 'string' }] },
    ];
    expect(
      rejection(() => checkModelFiles(withJson(good(), { ...json, weightsManifest: manifest }))),
    ).toMatch(/has dtype "string"; only float32, int32 and bool weights can be imported/);
  });

  it('refuses oversize files before reading them', () => {
    expect(
      rejection(() =>
        checkModelFileSizes([
          { name: 'model.json', size: MODEL_JSON_MAX_BYTES + 1 },
          { name: 'w.bin', size: 10 },
        ]),
      ),
    ).toBe('model.json is 5.1 MB; a model.json may have at most 5.0 MB.');
    expect(
      rejection(() =>
        checkModelFileSizes([
          { name: 'model.json', size: 5_000 },
          { name: 'a.bin', size: WEIGHTS_MAX_BYTES },
          { name: 'b.bin', size: 1_000_000 },
        ]),
      ),
    ).toBe(
      'The weights files hold 51.0 MB; MNIST Studio imports models of at most 50.0 MB of weights.',
    );
    expect(rejection(() => checkModelFileSizes([]))).toMatch(/^No files were chosen/);
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
