import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors.ts';
import { addNotice, describeError, removeNotice, type Notice } from '../../src/ui/notices.ts';

describe('describeError', () => {
  it('ignores cancellations, matching on the name that crossed Comlink', () => {
    expect(describeError({ name: 'AbortError', message: 'stopped' })).toBeUndefined();
    expect(describeError(new StudioError('AbortError', 'stopped'))).toBeUndefined();
  });

  it('words known errors by name, plain objects included (no instanceof)', () => {
    expect(describeError({ name: 'DataMissing', message: 'x' })).toMatch(/Download MNIST/);
    expect(describeError({ name: 'DownloadFailed', message: 'HTTP 404' })).toBe(
      'The download failed: HTTP 404',
    );
    expect(describeError({ name: 'NoModel', message: '' })).toMatch(/Train one first/);
  });

  it('passes unknown errors’ messages through', () => {
    expect(describeError(new TypeError('boom'))).toBe('Something went wrong: boom');
    expect(describeError('plain string')).toBe('Something went wrong: plain string');
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
