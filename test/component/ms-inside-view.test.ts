/**
 * <ms-inside-view> in Chromium on a synthetic view of a small convnet whose outputs the test
 * computes itself (plain loops, not the functions the view uses): every layer is listed with its
 * shape; a position chosen by keyboard or click shows products whose sum plus bias after ReLU is
 * the map's value; a max-pooling position marks the largest value of its window; Escape closes
 * the dialog and gives the focus back to the opener.
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { InsideLayer, InsideView } from '../../src/shared/inside.ts';
import '../../src/ui/elements/ms-inside-view.ts';
import type { MsInsideView } from '../../src/ui/elements/ms-inside-view.ts';
import { focused, mount, until } from './support/mount.ts';

/** A repeatable pseudo-random sequence in [-1, 1). */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return (x / 2_147_483_648) * 2 - 1;
  };
}

const range = (values: Float32Array) => ({
  min: Math.min(...values),
  max: Math.max(...values),
});

/** A valid 3 × 3 conv2d with ReLU over `[h, w, cin]` values, computed directly. */
function conv(
  name: string,
  below: Float32Array,
  [h, w, cin]: number[],
  filters: number,
  seed: number,
): InsideLayer {
  const next = random(seed);
  const kernel = Float32Array.from({ length: 9 * cin * filters }, () => next() * 0.5);
  const bias = Float32Array.from({ length: filters }, () => next() * 0.2);
  const [oh, ow] = [h - 2, w - 2];
  const values = new Float32Array(oh * ow * filters);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++)
      for (let f = 0; f < filters; f++) {
        let sum = bias[f];
        for (let dy = 0; dy < 3; dy++)
          for (let dx = 0; dx < 3; dx++)
            for (let c = 0; c < cin; c++)
              sum +=
                below[((y + dy) * w + x + dx) * cin + c] *
                kernel[((dy * 3 + dx) * cin + c) * filters + f];
        values[(y * ow + x) * filters + f] = Math.max(0, sum);
      }
  return {
    name,
    kind: 'conv2d',
    className: 'Conv2D',
    shape: [oh, ow, filters],
    params: kernel.length + bias.length,
    values,
    ...range(values),
    activation: 'relu',
    kernel,
    kernelShape: [3, 3, cin, filters],
    bias,
    window: [3, 3],
    strides: [1, 1],
    padding: 'valid',
  };
}

/** 2 × 2 max pooling with stride 2, computed directly. */
function pool(name: string, below: Float32Array, [h, w, c]: number[]): InsideLayer {
  const [oh, ow] = [Math.floor(h / 2), Math.floor(w / 2)];
  const values = new Float32Array(oh * ow * c);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++)
      for (let k = 0; k < c; k++) {
        const at = (dy: number, dx: number) => below[((2 * y + dy) * w + 2 * x + dx) * c + k];
        values[(y * ow + x) * c + k] = Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1));
      }
  return {
    name,
    kind: 'maxPooling2d',
    className: 'MaxPooling2D',
    shape: [oh, ow, c],
    params: 0,
    values,
    ...range(values),
    window: [2, 2],
    strides: [2, 2],
    padding: 'valid',
  };
}

/** conv2d_1 [26,26,4] → max_pooling2d_1 [13,13,4] → conv2d_2 [11,11,3] → flatten [363] → dense [10]. */
function syntheticView(): InsideView {
  const input = Float32Array.from({ length: 784 }, (_, i) => {
    const [y, x] = [Math.floor(i / 28), i % 28];
    return x >= 12 && x <= 15 && y >= 4 && y <= 23 ? 1 : 0; // a 1
  });
  const c1 = conv('conv2d_1', input, [28, 28, 1], 4, 1);
  const p1 = pool('max_pooling2d_1', c1.values, c1.shape);
  const c2 = conv('conv2d_2', p1.values, p1.shape, 3, 2);
  const flat: InsideLayer = {
    ...c2,
    name: 'flatten_1',
    kind: 'flatten',
    className: 'Flatten',
    shape: [c2.values.length],
    params: 0,
  };
  for (const key of [
    'kernel',
    'kernelShape',
    'bias',
    'window',
    'strides',
    'padding',
    'activation',
  ] as const) {
    delete flat[key];
  }
  const probabilities = Array.from({ length: 10 }, (_, d) => (d === 1 ? 0.91 : 0.01));
  const out = Float32Array.from(probabilities);
  const dense: InsideLayer = {
    name: 'dense_1',
    kind: 'dense',
    className: 'Dense',
    shape: [10],
    params: 3640,
    values: out,
    ...range(out),
    activation: 'softmax',
  };
  const next = random(3);
  const saliency = Float32Array.from(input, (v) => v * (0.5 + next()) + next() * 0.05);
  return {
    input,
    layers: [c1, p1, c2, flat, dense],
    probabilities,
    digit: 1,
    saliency: { digit: 1, values: saliency, maxAbs: Math.max(...saliency.map(Math.abs)) },
    ms: 12,
  };
}

const root = (element: Element) => element.shadowRoot!;
const numbers = (host: Element, id: string) =>
  [...root(host).querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)].map((e) =>
    Number(e.dataset.value),
  );
const canvasOf = (view: MsInsideView, layer: string) => {
  for (const maps of root(view).querySelectorAll('ms-layer-maps')) {
    const canvas = root(maps).querySelector<HTMLCanvasElement>(`canvas[data-layer="${layer}"]`);
    if (canvas) return canvas;
  }
  throw new Error(`no canvas for ${layer}`);
};
const follow = (view: MsInsideView) => root(view).querySelector('ms-follow-number');
const press = (target: HTMLElement, key: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));

async function openView(): Promise<{ view: MsInsideView; opener: HTMLButtonElement }> {
  const opener = document.createElement('button');
  opener.textContent = 'Open';
  document.body.append(opener);
  opener.focus();
  const view = await mount('ms-inside-view', { view: syntheticView(), source: 'reading' });
  await view.show(opener);
  return { view, opener };
}

describe('ms-inside-view', () => {
  it('lists the input and every layer with its shape and parameter count, in an open modal', async () => {
    const { view, opener } = await openView();
    expect(root(view).querySelector('dialog')!.open).toBe(true);
    const layers = [...root(view).querySelectorAll<HTMLElement>('li.layer')];
    expect(layers.map((l) => l.dataset.layer)).toEqual([
      'input',
      'conv2d_1',
      'max_pooling2d_1',
      'conv2d_2',
      'flatten_1',
      'dense_1',
    ]);
    expect(layers.slice(1).map((l) => l.dataset.shape)).toEqual([
      '26,26,4',
      '13,13,4',
      '11,11,3',
      '363',
      '10',
    ]);
    expect(layers[1].textContent).toMatch(/Output 26 × 26 × 4 · 40 parameters/);
    // Each drawn layer names its range and strongest position.
    expect(canvasOf(view, 'conv2d_1').getAttribute('aria-label')).toMatch(
      /^conv2d_1: 4 maps, values from 0\.0000 to \d\.\d{4}; strongest .* in map \d, row \d+, column \d+$/,
    );
    opener.remove();
  });

  it('follows a conv2d number chosen by keyboard: the products, plus bias, after ReLU are the map value', async () => {
    const { view, opener } = await openView();
    const canvas = canvasOf(view, 'conv2d_1');
    canvas.focus();
    for (const key of [
      'ArrowDown',
      'ArrowDown',
      'ArrowDown',
      'ArrowDown',
      'ArrowDown',
      'ArrowRight',
      'PageDown',
    ]) {
      press(canvas, key);
      await view.updateComplete;
    }
    await until(() => !!follow(view), 'the followed number');
    const panel = follow(view)!;
    await panel.updateComplete;
    expect(root(panel).textContent).toMatch(/conv2d_1, map 2, row 6, column 2/);
    const products = numbers(panel, 'product');
    expect(products).toHaveLength(9);
    const [bias] = numbers(panel, 'bias');
    const [result] = numbers(panel, 'result');
    const [mapValue] = numbers(panel, 'map-value');
    const recomputed = Math.max(0, products.reduce((a, b) => a + b, 0) + bias);
    expect(recomputed).toBeCloseTo(mapValue, 5);
    expect(result).toBeCloseTo(mapValue, 5);
    // The patch it read is outlined on the input, and the live region says the value.
    const input = root(view).querySelector('li[data-layer="input"] ms-layer-maps')!;
    expect(root(input).querySelector('.mark.patch')).not.toBeNull();
    expect(root(view).querySelector('[role="status"]')!.textContent).toMatch(
      /conv2d_1, map 2, row 6, column 2 holds/,
    );
    opener.remove();
  });

  it('follows a multi-channel conv2d number and a max-pooling number chosen by click', async () => {
    const { view, opener } = await openView();
    const second = canvasOf(view, 'conv2d_2');
    const box = second.getBoundingClientRect();
    // Map 1 (of 3 in a row), row 5, column 5 of 11 (one-pixel gaps between the maps).
    second.dispatchEvent(
      new MouseEvent('click', {
        clientX: box.left + (box.width * 5.5) / 35,
        clientY: box.top + box.height * (5.5 / 11),
        bubbles: true,
      }),
    );
    await until(() => !!follow(view), 'the followed conv2d_2 number');
    let panel = follow(view)!;
    await panel.updateComplete;
    const sums = numbers(panel, 'channel-sum');
    expect(sums).toHaveLength(4);
    const [sum] = numbers(panel, 'sum');
    expect(sums.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 5);
    const [bias] = numbers(panel, 'bias');
    expect(Math.max(0, sum + bias)).toBeCloseTo(numbers(panel, 'map-value')[0], 5);

    const pooled = canvasOf(view, 'max_pooling2d_1');
    pooled.focus();
    press(pooled, 'ArrowRight');
    press(pooled, 'ArrowDown');
    await until(
      () => root(follow(view)!).querySelectorAll('[data-testid="pool-cell"]').length === 4,
      'the window',
    );
    panel = follow(view)!;
    await panel.updateComplete;
    const cells = [...root(panel).querySelectorAll<HTMLElement>('[data-testid="pool-cell"]')];
    const winner = cells.filter((c) => c.hasAttribute('data-winner'));
    expect(winner).toHaveLength(1);
    expect(Number(winner[0].dataset.value)).toBe(
      Math.max(...cells.map((c) => Number(c.dataset.value))),
    );
    expect(Number(winner[0].dataset.value)).toBeCloseTo(numbers(panel, 'map-value')[0], 6);
    opener.remove();
  });

  it('closes on Escape and gives the focus back to the control that opened it', async () => {
    const { view, opener } = await openView();
    const dialog = root(view).querySelector('dialog')!;
    await userEvent.keyboard('{Escape}');
    await until(() => !dialog.open, 'the dialog closed');
    expect(focused()).toBe(opener);
    opener.remove();
  });
});
