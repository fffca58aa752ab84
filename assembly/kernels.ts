/**
 * Hand-written WASM SIMD kernels for the memory-bound parts of a convnet's training step, in
 * AssemblyScript (compiled by scripts/simd-kernels.ts when the app is built).
 *
 * The module imports TF.js' own WASM memory, so every pointer below is a byte offset of a tensor
 * on TF.js' heap and nothing is copied. It has no data segment, no allocator and no globals that
 * touch memory: it only reads and writes where it is told. Layouts are row-major, channels last;
 * vector paths need the channel count to be a multiple of 4 (the caller checks).
 */

/**
 * Max-pool gradient for 2x2 windows with stride 2 and no padding, channels a multiple of 4:
 * x [B, H, W, C], dy [B, OH, OW, C] → dx [B, H, W, C]. Each window's gradient goes to its first
 * maximum (row by row), as TF.js' CPU backend does, computed with masks instead of branches.
 */
export function maxPool2x2Grad(
  x: usize,
  dy: usize,
  dx: usize,
  batch: i32,
  height: i32,
  width: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
): void {
  if (height != outHeight * 2 || width != outWidth * 2) {
    // Odd sizes: the last row or column belongs to no window and gets no gradient.
    memory.fill(dx, 0, <usize>batch * height * width * channels * 4);
  }
  const pixel = <usize>channels * 4;
  const row = <usize>width * pixel;
  let o = dy;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      let at = (<usize>b * height + oh * 2) * width * pixel;
      for (let ow = 0; ow < outWidth; ow++) {
        for (let c: usize = 0; c < pixel; c += 16) {
          const p00 = at + c;
          const p01 = p00 + pixel;
          const p10 = p00 + row;
          const p11 = p10 + pixel;
          const a = v128.load(x + p00);
          const b1 = v128.load(x + p01);
          const c1 = v128.load(x + p10);
          const d = v128.load(x + p11);
          const max = f32x4.max(f32x4.max(a, b1), f32x4.max(c1, d));
          const g = v128.load(o);
          const isA = f32x4.eq(a, max);
          let rest = v128.andnot(g, isA);
          const isB = f32x4.eq(b1, max);
          const gb = v128.and(rest, isB);
          rest = v128.andnot(rest, isB);
          const isC = f32x4.eq(c1, max);
          v128.store(dx + p00, v128.and(g, isA));
          v128.store(dx + p01, gb);
          v128.store(dx + p10, v128.and(rest, isC));
          v128.store(dx + p11, v128.andnot(rest, isC));
          o += 16;
        }
        at += pixel * 2;
      }
    }
  }
}

/**
 * Column sums of a [rows, columns] matrix (a bias gradient: [B·H·W, C] → [C]), columns a
 * multiple of 4. Rows are summed in blocks of 256 so a block's partial sums stay accurate.
 */
export function sumRows(x: usize, rows: i32, columns: i32, out: usize): void {
  const rowBytes = <usize>columns * 4;
  memory.fill(out, 0, rowBytes);
  for (let first = 0; first < rows; first += 256) {
    const block = x + <usize>first * rowBytes;
    const count = min(256, rows - first);
    for (let c: usize = 0; c < rowBytes; c += 16) {
      v128.store(out + c, f32x4.add(v128.load(out + c), columnSum(block + c, count, rowBytes)));
    }
  }
}

/** The sum of `count` vectors `rowBytes` apart from `p`, in order from 0. */
function columnSum(p: usize, count: i32, rowBytes: usize): v128 {
  let sum = f32x4.splat(0);
  for (let r = 0; r < count; r++) {
    sum = f32x4.add(sum, v128.load(p));
    p += rowBytes;
  }
  return sum;
}

/**
 * `sumRows` in two halves that threads can share: the column sums of each block of 256 rows go
 * to `partials` ([ceil(rows / 256), columns]); `sumImages` over them then gives bit for bit the
 * result of `sumRows`, which adds the same block sums in the same order.
 */
export function sumRowBlocks(x: usize, rows: i32, columns: i32, partials: usize): void {
  const rowBytes = <usize>columns * 4;
  let q = partials;
  for (let first = 0; first < rows; first += 256) {
    const block = x + <usize>first * rowBytes;
    const count = min(256, rows - first);
    for (let c: usize = 0; c < rowBytes; c += 16) {
      v128.store(q + c, columnSum(block + c, count, rowBytes));
    }
    q += rowBytes;
  }
}

/** out[r, c] = x[r, c] + v[c] for a [rows, columns] matrix (a bias), columns a multiple of 4. */
export function addToRows(x: usize, v: usize, rows: i32, columns: i32, out: usize): void {
  const rowBytes = <usize>columns * 4;
  const end = x + <usize>rows * rowBytes;
  let q = out;
  for (let p = x; p < end; p += rowBytes) {
    for (let c: usize = 0; c < rowBytes; c += 16) {
      v128.store(q + c, f32x4.add(v128.load(p + c), v128.load(v + c)));
    }
    q += rowBytes;
  }
}

/**
 * The transposed patch matrix of a convolution's input, for its filter gradient:
 * x [B, H, W, C] → patches [KH·KW·C, B·OH·OW], row (kh, kw, c), column (b, oh, ow), holding
 * x[b, oh·sh + kh − top, ow·sw + kw − left, c], or 0 outside the image. Its rows are `columns`
 * floats long: B·OH·OW, or a larger batch's when these images are a slice of that batch, in
 * which case `patches` points at the slice's first column.
 */
export function transposedPatches(
  x: usize,
  patches: usize,
  columns: i32,
  batch: i32,
  height: i32,
  width: i32,
  channels: i32,
  filterHeight: i32,
  filterWidth: i32,
  outHeight: i32,
  outWidth: i32,
  strideHeight: i32,
  strideWidth: i32,
  top: i32,
  left: i32,
): void {
  const channelRow = <usize>columns * 4;
  if (channels == 1 && strideWidth == 1) {
    singleChannelPatches(
      x,
      patches,
      channelRow,
      batch,
      height,
      width,
      filterHeight,
      filterWidth,
      outHeight,
      outWidth,
      strideHeight,
      top,
      left,
    );
    return;
  }
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      let column = patches + <usize>(kh * filterWidth + kw) * channels * channelRow;
      for (let b = 0; b < batch; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const h = oh * strideHeight + kh - top;
          const rowInside = h >= 0 && h < height;
          for (let ow = 0; ow < outWidth; ow++) {
            const w = ow * strideWidth + kw - left;
            let q = column;
            if (rowInside && w >= 0 && w < width) {
              let p = x + ((<usize>b * height + h) * width + w) * channels * 4;
              for (let c = 0; c < channels; c++) {
                store<f32>(q, load<f32>(p));
                p += 4;
                q += channelRow;
              }
            } else {
              for (let c = 0; c < channels; c++) {
                store<f32>(q, 0);
                q += channelRow;
              }
            }
            column += 4;
          }
        }
      }
    }
  }
}

/**
 * `transposedPatches` for one input channel and a horizontal stride of 1 (a first conv layer on
 * greyscale images): each output row of a patch row is a contiguous run of an input row, so it
 * is one `memory.copy` plus the zeros of any padding.
 */
function singleChannelPatches(
  x: usize,
  patches: usize,
  rowBytes: usize,
  batch: i32,
  height: i32,
  width: i32,
  filterHeight: i32,
  filterWidth: i32,
  outHeight: i32,
  outWidth: i32,
  strideHeight: i32,
  top: i32,
  left: i32,
): void {
  const runBytes = <usize>outWidth * 4;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      let q = patches + <usize>(kh * filterWidth + kw) * rowBytes;
      // Output columns whose input column w = ow + kw − left lies inside the image.
      const first = max(0, left - kw);
      const end = min(outWidth, width + left - kw);
      for (let b = 0; b < batch; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const h = oh * strideHeight + kh - top;
          if (h < 0 || h >= height || first >= end) {
            memory.fill(q, 0, runBytes);
          } else {
            if (first > 0) memory.fill(q, 0, <usize>first * 4);
            const source = x + ((<usize>b * height + h) * width + first + kw - left) * 4;
            memory.copy(q + <usize>first * 4, source, <usize>(end - first) * 4);
            if (end < outWidth) memory.fill(q + <usize>end * 4, 0, <usize>(outWidth - end) * 4);
          }
          q += runBytes;
        }
      }
    }
  }
}

/**
 * The filter gradient of a convolution over one input channel with stride 1 and no padding
 * (a first conv layer on greyscale images), channels out a multiple of 4:
 *   dw[kh, kw, 0, co] = Σ_{b, oh, ow} x[b, oh + kh, ow + kw] · dy[b, oh, ow, co]
 * x [B, H, W, 1], dy [B, OH, OW, CO] → dw [KH, KW, 1, CO]. Each image's sums collect in
 * `partial` ([KH·KW·CO] floats) before they are added to dw, which keeps them accurate.
 */
export function singleChannelFilterGrad(
  x: usize,
  dy: usize,
  dw: usize,
  partial: usize,
  batch: i32,
  height: i32,
  width: i32,
  filterHeight: i32,
  filterWidth: i32,
  outHeight: i32,
  outWidth: i32,
  outChannels: i32,
): void {
  const vectorBytes = <usize>outChannels * 4;
  const filterBytes = <usize>filterHeight * filterWidth * vectorBytes;
  memory.fill(dw, 0, filterBytes);
  let g = dy;
  for (let b = 0; b < batch; b++) {
    memory.fill(partial, 0, filterBytes);
    const image = x + <usize>b * height * width * 4;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        let acc = partial;
        for (let kh = 0; kh < filterHeight; kh++) {
          let p = image + (<usize>(oh + kh) * width + ow) * 4;
          for (let kw = 0; kw < filterWidth; kw++) {
            const xv = f32x4.splat(load<f32>(p));
            for (let c: usize = 0; c < vectorBytes; c += 16) {
              v128.store(acc + c, f32x4.add(v128.load(acc + c), f32x4.mul(xv, v128.load(g + c))));
            }
            acc += vectorBytes;
            p += 4;
          }
        }
        g += vectorBytes;
      }
    }
    for (let c: usize = 0; c < filterBytes; c += 16) {
      v128.store(dw + c, f32x4.add(v128.load(dw + c), v128.load(partial + c)));
    }
  }
}

/**
 * The filter gradient of each image of a convolution over one input channel, 3-wide filters,
 * stride 1, no padding, output channels a multiple of 8 (a first conv layer on greyscale images):
 *   partials[b, kh, kw, 0, co] = Σ_{oh, ow} x[b, oh + kh, ow + kw] · dy[b, oh, ow, co]
 * `sumImages` then adds them up in image order, which gives bit for bit the sums of
 * `singleChannelFilterGrad`; images can be shared out between threads. The sums stay in
 * registers: one filter row (3 taps) times 8 channels is 6 accumulators, and each input value is
 * loaded once per row and slides through the three taps.
 */
export function singleChannelFilterGrad3(
  x: usize,
  dy: usize,
  partials: usize,
  batch: i32,
  height: i32,
  width: i32,
  filterHeight: i32,
  outHeight: i32,
  outWidth: i32,
  outChannels: i32,
): void {
  const pixelBytes = <usize>outChannels * 4;
  const imageBytes = <usize>outHeight * outWidth * pixelBytes;
  const tapRow = 3 * pixelBytes;
  for (let b = 0; b < batch; b++) {
    const image = x + <usize>b * height * width * 4;
    const gradient = dy + <usize>b * imageBytes;
    const partial = partials + <usize>b * filterHeight * tapRow;
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let c: usize = 0; c < pixelBytes; c += 32) {
        let a0 = f32x4.splat(0);
        let a1 = f32x4.splat(0);
        let b0 = f32x4.splat(0);
        let b1 = f32x4.splat(0);
        let c0 = f32x4.splat(0);
        let c1 = f32x4.splat(0);
        let g = gradient + c;
        for (let oh = 0; oh < outHeight; oh++) {
          let p = image + <usize>(oh + kh) * width * 4;
          let x0 = f32x4.splat(load<f32>(p));
          let x1 = f32x4.splat(load<f32>(p, 4));
          for (let ow = 0; ow < outWidth; ow++) {
            const x2 = f32x4.splat(load<f32>(p, 8));
            const g0 = v128.load(g);
            const g1 = v128.load(g, 16);
            a0 = f32x4.add(a0, f32x4.mul(x0, g0));
            a1 = f32x4.add(a1, f32x4.mul(x0, g1));
            b0 = f32x4.add(b0, f32x4.mul(x1, g0));
            b1 = f32x4.add(b1, f32x4.mul(x1, g1));
            c0 = f32x4.add(c0, f32x4.mul(x2, g0));
            c1 = f32x4.add(c1, f32x4.mul(x2, g1));
            x0 = x1;
            x1 = x2;
            p += 4;
            g += pixelBytes;
          }
        }
        const row = partial + <usize>kh * tapRow + c;
        v128.store(row, a0);
        v128.store(row, a1, 16);
        v128.store(row + pixelBytes, b0);
        v128.store(row + pixelBytes, b1, 16);
        v128.store(row + 2 * pixelBytes, c0);
        v128.store(row + 2 * pixelBytes, c1, 16);
      }
    }
  }
}

/**
 * out = ((0 + parts[0]) + parts[1]) + … for `count` arrays of `floats` floats each (a multiple
 * of 4), in that order: per-image sums added up as one thread would have.
 */
export function sumImages(parts: usize, count: i32, floats: i32, out: usize): void {
  const bytes = <usize>floats * 4;
  memory.fill(out, 0, bytes);
  let p = parts;
  for (let b = 0; b < count; b++) {
    for (let i: usize = 0; i < bytes; i += 16) {
      v128.store(out + i, f32x4.add(v128.load(out + i), v128.load(p + i)));
    }
    p += bytes;
  }
}

/**
 * ReLU's gradient in one pass: dx = dy · step(x), with step(x) = 1 where x > 0, 0 where not,
 * NaN where x is NaN (TF.js' `Step`), so that the result is bit for bit TF.js' own
 * `mul(dy, step(x))` without the mask tensor in between.
 */
export function reluGrad(x: usize, dy: usize, dx: usize, count: i32): void {
  const one = f32x4.splat(1);
  const vectorEnd = <usize>(count & ~3) * 4;
  for (let i: usize = 0; i < vectorEnd; i += 16) {
    const v = v128.load(x + i);
    const step = v128.bitselect(v, v128.and(one, f32x4.gt(v, f32x4.splat(0))), f32x4.ne(v, v));
    v128.store(dx + i, f32x4.mul(v128.load(dy + i), step));
  }
  for (let i = vectorEnd; i < <usize>count * 4; i += 4) {
    const v = load<f32>(x + i);
    const step: f32 = v != v ? v : v > 0 ? 1 : 0;
    store<f32>(dx + i, load<f32>(dy + i) * step);
  }
}

/** dst[i] += src[i] for `count` floats (partial products summed into a result). */
export function accumulate(dst: usize, src: usize, count: i32): void {
  const vectorEnd = <usize>(count & ~3) * 4;
  for (let i: usize = 0; i < vectorEnd; i += 16) {
    v128.store(dst + i, f32x4.add(v128.load(dst + i), v128.load(src + i)));
  }
  for (let i = vectorEnd; i < <usize>count * 4; i += 4) {
    store<f32>(dst + i, load<f32>(dst + i) + load<f32>(src + i));
  }
}

/** Copies `bytes` bytes from `src` to `dst` (a slice of a tensor into a tensor of its own). */
export function copyBytes(dst: usize, src: usize, bytes: i32): void {
  memory.copy(dst, src, <usize>bytes);
}

/**
 * One RMSprop step (TF.js' `RMSPropOptimizer`, not centered) for `count` weights, with the same
 * float32 operations in the same order, so the result is bit for bit TF.js' own:
 *   ms' = ms·decay + g²·(1 − decay);  mom' = mom·momentum + g·lr / √(ms' + ε);  v' = v − mom'
 * The new values go to `msOut`, `momOut`, `vOut` (TF.js tensors are immutable).
 */
export function rmsPropStep(
  v: usize,
  g: usize,
  ms: usize,
  mom: usize,
  vOut: usize,
  msOut: usize,
  momOut: usize,
  count: i32,
  learningRate: f32,
  decay: f32,
  oneMinusDecay: f32,
  momentum: f32,
  epsilon: f32,
): void {
  const lr = f32x4.splat(learningRate);
  const d = f32x4.splat(decay);
  const d1 = f32x4.splat(oneMinusDecay);
  const m = f32x4.splat(momentum);
  const e = f32x4.splat(epsilon);
  const vectorEnd = <usize>(count & ~3) * 4;
  for (let i: usize = 0; i < vectorEnd; i += 16) {
    const gi = v128.load(g + i);
    const msi = f32x4.add(f32x4.mul(v128.load(ms + i), d), f32x4.mul(f32x4.mul(gi, gi), d1));
    const step = f32x4.div(f32x4.mul(gi, lr), f32x4.sqrt(f32x4.add(msi, e)));
    const momi = f32x4.add(f32x4.mul(v128.load(mom + i), m), step);
    v128.store(msOut + i, msi);
    v128.store(momOut + i, momi);
    v128.store(vOut + i, f32x4.sub(v128.load(v + i), momi));
  }
  for (let i = vectorEnd; i < <usize>count * 4; i += 4) {
    const gi = load<f32>(g + i);
    const msi = load<f32>(ms + i) * decay + gi * gi * oneMinusDecay;
    const momi = load<f32>(mom + i) * momentum + (gi * learningRate) / Mathf.sqrt(msi + epsilon);
    store<f32>(msOut + i, msi);
    store<f32>(momOut + i, momi);
    store<f32>(vOut + i, load<f32>(v + i) - momi);
  }
}

/**
 * The filter gradient of a stride-1, unpadded convolution straight from x and dy, without a patch
 * matrix, input channels a multiple of 4 and output channels a multiple of 8:
 *   partial[kh, kw, ci, co] = Σ_{b in block, oh, ow} x[b, oh + kh, ow + kw, ci] · dy[b, oh, ow, co]
 * for `images` images from x [·, H, W, CI] and dy [·, OH, OW, CO], one partial ([KH·KW·CI·CO]
 * floats, written one after another at `partials`) per block of `blockImages` images. The sums
 * of a tile of 4 input by 8 output channels stay in registers over one image's pixels, which sit
 * in cache; `sumImages` adds the blocks' partials up in order, so the result does not depend on
 * how blocks are shared between threads.
 */
export function filterGradBlocks(
  x: usize,
  dy: usize,
  partials: usize,
  images: i32,
  blockImages: i32,
  height: i32,
  width: i32,
  inChannels: i32,
  filterHeight: i32,
  filterWidth: i32,
  outHeight: i32,
  outWidth: i32,
  outChannels: i32,
): void {
  const ciBytes = <usize>inChannels * 4;
  const coBytes = <usize>outChannels * 4;
  const xImage = <usize>height * width * ciBytes;
  const dyImage = <usize>outHeight * outWidth * coBytes;
  const partialBytes = <usize>filterHeight * filterWidth * inChannels * coBytes;
  for (let b = 0; b < images; b++) {
    const partial = partials + <usize>(b / blockImages) * partialBytes;
    const first = b % blockImages == 0;
    const image = x + <usize>b * xImage;
    const gradient = dy + <usize>b * dyImage;
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let kw = 0; kw < filterWidth; kw++) {
        const tap = partial + <usize>(kh * filterWidth + kw) * inChannels * coBytes;
        const origin = image + (<usize>kh * width + kw) * ciBytes;
        for (let ci: usize = 0; ci < ciBytes; ci += 16) {
          for (let co: usize = 0; co < coBytes; co += 32) {
            const out = tap + (ci >> 2) * coBytes + co;
            let a0 = first ? f32x4.splat(0) : v128.load(out);
            let a1 = first ? f32x4.splat(0) : v128.load(out, 16);
            let b0 = first ? f32x4.splat(0) : v128.load(out + coBytes);
            let b1 = first ? f32x4.splat(0) : v128.load(out + coBytes, 16);
            let c0 = first ? f32x4.splat(0) : v128.load(out + 2 * coBytes);
            let c1 = first ? f32x4.splat(0) : v128.load(out + 2 * coBytes, 16);
            let d0 = first ? f32x4.splat(0) : v128.load(out + 3 * coBytes);
            let d1 = first ? f32x4.splat(0) : v128.load(out + 3 * coBytes, 16);
            let g = gradient + co;
            for (let oh = 0; oh < outHeight; oh++) {
              let p = origin + <usize>oh * width * ciBytes + ci;
              for (let ow = 0; ow < outWidth; ow++) {
                const xv = v128.load(p);
                const g0 = v128.load(g);
                const g1 = v128.load(g, 16);
                const x0 = v128.shuffle<f32>(xv, xv, 0, 0, 0, 0);
                a0 = f32x4.add(a0, f32x4.mul(x0, g0));
                a1 = f32x4.add(a1, f32x4.mul(x0, g1));
                const x1 = v128.shuffle<f32>(xv, xv, 1, 1, 1, 1);
                b0 = f32x4.add(b0, f32x4.mul(x1, g0));
                b1 = f32x4.add(b1, f32x4.mul(x1, g1));
                const x2 = v128.shuffle<f32>(xv, xv, 2, 2, 2, 2);
                c0 = f32x4.add(c0, f32x4.mul(x2, g0));
                c1 = f32x4.add(c1, f32x4.mul(x2, g1));
                const x3 = v128.shuffle<f32>(xv, xv, 3, 3, 3, 3);
                d0 = f32x4.add(d0, f32x4.mul(x3, g0));
                d1 = f32x4.add(d1, f32x4.mul(x3, g1));
                p += ciBytes;
                g += coBytes;
              }
            }
            v128.store(out, a0);
            v128.store(out, a1, 16);
            v128.store(out + coBytes, b0);
            v128.store(out + coBytes, b1, 16);
            v128.store(out + 2 * coBytes, c0);
            v128.store(out + 2 * coBytes, c1, 16);
            v128.store(out + 3 * coBytes, d0);
            v128.store(out + 3 * coBytes, d1, 16);
          }
        }
      }
    }
  }
}
