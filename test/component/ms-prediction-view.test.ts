/**
 * <ms-prediction-view> in Chromium (issue 14): an unsure reading names both digits, an empty one
 * asks for more light, and image and camera readings show how the image was read, each view
 * with an accessible name and its pixels painted.
 */
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../src/shared/protocol.ts';
import '../../src/ui/elements/ms-prediction-view.ts';
import { mount } from './support/mount.ts';

/** A reading of `digit` (runner-up `alternative`), with stage views of 8 × 6 grey `level`. */
function reading(digit: number, alternative?: number): Prediction {
  const view = (level: number) => ({ data: new Uint8Array(48).fill(level), width: 8, height: 6 });
  return {
    digit,
    alternative,
    probabilities: Array.from({ length: 10 }, (_, d) =>
      d === digit ? 0.55 : d === alternative ? 0.4 : 0.05 / 8,
    ),
    input: new Uint8Array(784).fill(200),
    empty: false,
    stages: { original: view(10), flattened: view(250), ink: view(128) },
    model: { kind: 'starter', name: 'starter' },
    ms: 1,
    seq: 1,
  };
}

const answerOf = (el: HTMLElement) =>
  el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

describe('ms-prediction-view', () => {
  it('says "7 or 1?" when the top two are close, and only then', async () => {
    const view = await mount('ms-prediction-view', { prediction: reading(7, 1) });
    expect(answerOf(view)).toBe('Prediction: 7 or 1?');
    view.prediction = reading(7);
    await view.updateComplete;
    expect(answerOf(view)).toBe('Prediction: 7');
  });

  it('asks to move closer or add light when no digit is found', async () => {
    const view = await mount('ms-prediction-view', {
      prediction: { ...reading(0), digit: undefined, empty: true },
    });
    expect(answerOf(view)).toBe('No digit found: move closer or add light.');
  });

  it('shows how an image was read only when asked, each step named and painted', async () => {
    const view = await mount('ms-prediction-view', { prediction: reading(3) });
    expect(view.shadowRoot!.querySelector('.stages')).toBeNull();
    view.showStages = true;
    await view.updateComplete;
    const strip = view.shadowRoot!.querySelector('.stages')!;
    expect(strip.getAttribute('aria-label')).toBe('How this image was read');
    const canvases = [...strip.querySelectorAll('canvas')];
    expect(canvases.map((c) => c.getAttribute('aria-label'))).toEqual([
      'The image in grey, as it came',
      'The image with shadows and the paper’s colour taken away',
      'The ink found: the digit bright, other marks (lines, page edges) dim',
      'The 28 by 28 image the model received',
    ]);
    const levels = canvases.map((c) => c.getContext('2d')!.getImageData(0, 0, 1, 1).data[0]);
    expect(levels).toEqual([10, 250, 128, 200]);
  });
});
