/**
 * The build's pthread pool (scripts/vite-plugin-wasm-threads.ts, issue 18): TF.js' threaded glue
 * makes only as many pthread Workers as the threads it will use, read from the core count
 * `startWasmBackend` sets while it starts; its pthreads' own copy (`?raw`) is left alone.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import { sizePthreadPool } from '../../scripts/vite-plugin-wasm-threads.ts';

const glue = createRequire(import.meta.url).resolve(
  '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
);
const source = readFileSync(glue, 'utf8');

function transform(code: string, id: string): string | null {
  const plugin: Plugin = sizePthreadPool();
  const context = {
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const hook = plugin.transform as (
    this: typeof context,
    code: string,
    id: string,
  ) => { code: string } | null;
  return hook.call(context, code, id)?.code ?? null;
}

/** The pool size the transformed glue computes when `navigator.hardwareConcurrency` is `cores`. */
function poolFor(code: string, cores: number | undefined): number {
  const statement = /var pthreadPoolSize=[^;]*;/.exec(code)![0];
  return new Function('navigator', `${statement} return pthreadPoolSize;`)({
    hardwareConcurrency: cores,
  }) as number;
}

describe('the pthread pool of the threaded WASM build', () => {
  it('is TF.js’ thread count (half the cores it is shown), not eight', () => {
    expect(poolFor(source, 4)).toBe(8); // the package as shipped
    const sized = transform(source, glue)!;
    // startWasmBackend shows twice the threads it wants: 2 threads on a 2-core machine.
    expect(poolFor(sized, 4)).toBe(2);
    expect(poolFor(sized, 2)).toBe(1);
    expect(poolFor(sized, 16)).toBe(8);
    expect(poolFor(sized, 64)).toBe(8);
    expect(poolFor(sized, undefined)).toBe(1);
    // Nothing else in the glue changes.
    expect(sized.replace(/var pthreadPoolSize=[^;]*;/, '')).toBe(
      source.replace('var pthreadPoolSize=8;', ''),
    );
  });

  it('leaves the pthreads’ raw copy and other modules alone, and fails on a changed glue', () => {
    expect(transform(source, `${glue}?raw`)).toBeNull();
    expect(transform('var pthreadPoolSize=8;', '/x/other.js')).toBeNull();
    expect(() => transform('var pthreadPoolSize=16;', glue)).toThrow(/no longer sets/);
  });
});
