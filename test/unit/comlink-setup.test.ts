/**
 * Errors across the worker seam: what the worker throws reaches the page with its code and
 * parameters (Comlink's own handler keeps only name, message and stack), so the page can word
 * it in its own language.
 */
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpComlink } from '../../src/shared/comlink-setup.ts';
import { errorCode, errorName, errorParams, StudioError } from '../../src/shared/errors.ts';
import { describeError } from '../../src/ui/notices.ts';

const params = {
  file: 't10k-images-idx3-ubyte.gz',
  url: 'https://example.test/data/mnist/t10k-images-idx3-ubyte.gz',
  status: 503,
};

beforeAll(() => setUpComlink());

describe('the throw handler', () => {
  it('keeps code and params through serialize, a structured clone and deserialize', () => {
    const handler = Comlink.transferHandlers.get('throw')!;
    const [wire, transfers] = handler.serialize({
      value: new StudioError('DownloadFailed.http', params),
    });
    expect(transfers).toEqual([]);
    let received: unknown;
    try {
      handler.deserialize(structuredClone(wire));
    } catch (error) {
      received = error;
    }
    expect(received).toBeInstanceOf(Error);
    expect(received).toMatchObject({ name: 'DownloadFailed', code: 'DownloadFailed.http', params });
    expect(errorCode(received)).toBe('DownloadFailed.http');
    expect(errorParams(received, 'DownloadFailed.http')).toEqual(params);
  });

  it('throws a value that is not an Error as it was', () => {
    const handler = Comlink.transferHandlers.get('throw')!;
    const [wire] = handler.serialize({ value: 'just a string' });
    expect(() => handler.deserialize(structuredClone(wire))).toThrow('just a string');
  });
});

describe('a call through a MessageChannel', () => {
  const { port1, port2 } = new MessageChannel();
  const api = {
    fail(): void {
      throw new StudioError('Busy.job', { job: 'train' });
    },
    abort(): void {
      throw new StudioError('AbortError');
    },
    crash(): void {
      throw new RangeError('index 10 is out of range');
    },
  };
  Comlink.expose(api, port1);
  const remote = Comlink.wrap<typeof api>(port2);

  afterAll(() => {
    remote[Comlink.releaseProxy]();
    port1.close();
    port2.close();
  });

  it('rejects with the code and params the worker threw, worded by the page', async () => {
    const error = await remote.fail().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'Busy', code: 'Busy.job', params: { job: 'train' } });
    expect(describeError(error)).toBe(
      'Still busy with training. Wait for it to finish, then try again.',
    );
  });

  it('keeps a cancellation a cancellation, and an unknown error its message', async () => {
    const abort = await remote.abort().catch((e: unknown) => e);
    expect(errorName(abort)).toBe('AbortError');
    expect(describeError(abort)).toBeUndefined();
    const crash = await remote.crash().catch((e: unknown) => e);
    expect(crash).toMatchObject({ name: 'RangeError', message: 'index 10 is out of range' });
    expect(describeError(crash)).toBe('Something went wrong: index 10 is out of range');
  });
});
