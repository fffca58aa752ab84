import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/shared/crc32.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('crc32', () => {
  it('gives the standard check value of "123456789"', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
  });

  it('matches known vectors and is unsigned', () => {
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toBe(0xffffffff);
  });

  it('fed chunk by chunk equals the CRC of the whole', () => {
    const bytes = new Uint8Array(10_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 3)) & 0xff;
    const whole = crc32(bytes);
    for (const chunk of [1, 3, 64, 4_097]) {
      let crc = 0;
      for (let at = 0; at < bytes.length; at += chunk)
        crc = crc32(bytes.subarray(at, at + chunk), crc);
      expect(crc).toBe(whole);
    }
  });

  it('changes when one bit flips', () => {
    const bytes = ascii('123456789');
    bytes[4] ^= 0x01;
    expect(crc32(bytes)).not.toBe(0xcbf43926);
  });
});
