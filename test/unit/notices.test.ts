import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors.ts';
import { addNotice, describeError, removeNotice, type Notice } from '../../src/ui/notices.ts';
import { strings } from '../../src/ui/strings.ts';

describe('describeError', () => {
  it('ignores cancellations, matching on the name that crossed Comlink', () => {
    expect(describeError({ name: 'AbortError', message: 'stopped' })).toBeUndefined();
    expect(describeError(new StudioError('AbortError'))).toBeUndefined();
  });

  it('words codes with their parameters, plain objects from Comlink included (no instanceof)', () => {
    expect(describeError({ name: 'DataMissing', code: 'DataMissing', message: 'x' })).toMatch(
      /Download MNIST/,
    );
    expect(
      describeError({
        name: 'DownloadFailed',
        code: 'DownloadFailed.http',
        params: { file: 'manifest.json', url: 'https://x.test/manifest.json', status: 404 },
        message: 'DownloadFailed.http {…}',
      }),
    ).toBe(
      'Could not download manifest.json: the server answered 404 for https://x.test/manifest.json.',
    );
    expect(describeError(new StudioError('NoModel'))).toMatch(/Train one first/);
  });

  it('words ids among the parameters, never showing them raw', () => {
    expect(describeError(new StudioError('Busy.job', { job: 'measure' }))).toBe(
      'Still busy with the speed measurement. Wait for it to finish, then try again.',
    );
    expect(
      describeError(new StudioError('StorageFailed.quota', { action: 'saveModelWeights' })),
    ).toMatch(/^Could not save the model’s weights: the browser has no storage space left/);
    expect(
      describeError(new StudioError('BackendUnavailable.startFailed', { backend: 'webgpu' })),
    ).toBe('The WebGPU backend failed to start. Choose another one.');
  });

  it('keeps the browser’s own words out of the sentence', () => {
    const error = new StudioError('DownloadFailed.brokeOff', {
      file: 'train-images-idx3-ubyte.gz',
      detail: 'TypeError: terminated',
    });
    expect(describeError(error)).toBe(
      'The download of train-images-idx3-ubyte.gz broke off. Check the connection and try again.',
    );
    // …which stay in the message, for logs.
    expect(error.message).toContain('TypeError: terminated');
  });

  it('formats numbers for the locale and says what to do with damaged stored data', () => {
    expect(
      describeError(
        new StudioError('DataCorrupt.checksum', {
          file: 't10k-images-idx3-ubyte',
          expected: 0x91373bdf,
          actual: 0x1234,
        }),
      ),
    ).toBe(
      't10k-images-idx3-ubyte failed its checksum: its CRC-32 is 0x00001234, not 0x91373bdf. ' +
        'Delete the data and download it again.',
    );
    expect(
      describeError(
        new StudioError('DataCorrupt.truncated', {
          file: 'f',
          expected: 47_040_016,
          actual: 1_000,
        }),
      ),
    ).toMatch(/^f is cut short: it has 1,000 bytes instead of 47,040,016\./);
  });

  it('passes unknown errors’ messages through', () => {
    expect(describeError(new TypeError('boom'))).toBe('Something went wrong: boom');
    expect(describeError('plain string')).toBe('Something went wrong: plain string');
    // An error named like ours but without a known code is not one of ours.
    expect(describeError({ name: 'Busy', message: 'Cannot train' })).toBe(
      'Something went wrong: Cannot train',
    );
  });
});

describe('the data card’s download errors', () => {
  it('say why, then that nothing was stored', () => {
    expect(
      strings.downloadError(
        new StudioError('DataCorrupt.decompress', { file: 'a.gz', detail: 'unexpected end' }),
      ),
    ).toBe('a.gz could not be unpacked; it was probably cut short. Nothing was stored.');
    expect(strings.downloadError(new Error('boom'))).toBe(
      'Something went wrong: boom Nothing was stored.',
    );
  });
});

describe('notice queue', () => {
  const n = (id: number, text = `n${id}`): Notice => ({ id, kind: 'error', text: () => text });

  it('keeps the newest few and drops duplicates of a message already shown', () => {
    let list: Notice[] = [];
    for (let id = 1; id <= 6; id++) list = addNotice(list, n(id), 4);
    expect(list.map((x) => x.id)).toEqual([3, 4, 5, 6]);
    list = addNotice(list, n(7, 'n4'), 4);
    expect(list.map((x) => x.id)).toEqual([3, 5, 6, 7]);
  });

  it('removes by id', () => {
    const [one, two] = [n(1), n(2)];
    expect(removeNotice([one, two], 1)).toEqual([two]);
  });
});
