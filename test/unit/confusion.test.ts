import { describe, expect, it } from 'vitest';
import { confusionRows, lowestDigit, rightCount } from '../../src/ui/confusion.ts';

/** A 10 × 10 matrix with `right` on the diagonal and the given mistakes. */
function matrix(right: number, mistakes: [truth: number, predicted: number, count: number][]) {
  const m = new Array<number>(100).fill(0);
  for (let d = 0; d < 10; d++) m[d * 10 + d] = right;
  for (const [t, p, c] of mistakes) m[t * 10 + p] = c;
  return m;
}

describe('confusionRows', () => {
  it('splits the flat matrix into rows of true digits', () => {
    const rows = confusionRows(matrix(98, [[5, 3, 2]]));
    expect(rows).toHaveLength(10);
    expect(rows[5]?.total).toBe(100);
    expect(rows[5]?.cells[3]).toMatchObject({ predicted: 3, count: 2, diagonal: false });
    expect(rows[5]?.cells[5]).toMatchObject({ count: 98, diagonal: true });
  });

  it('shades right answers by their share of the row and mistakes by the largest mistake', () => {
    const rows = confusionRows(
      matrix(96, [
        [4, 9, 4],
        [7, 2, 1],
      ]),
    );
    expect(rows[4]?.cells[4]?.shade).toBeCloseTo(96 / 100);
    expect(rows[4]?.cells[9]?.shade).toBe(1);
    expect(rows[7]?.cells[2]?.shade).toBeCloseTo(Math.sqrt(1 / 4));
    expect(rows[0]?.cells[1]?.shade).toBe(0);
  });

  it('shades nothing in an empty matrix', () => {
    const rows = confusionRows(new Array<number>(100).fill(0));
    expect(rows.flatMap((r) => r.cells).every((c) => c.shade === 0)).toBe(true);
  });
});

describe('counts and digits', () => {
  it('counts right answers on the diagonal', () => {
    expect(rightCount(matrix(980, [[1, 7, 20]]))).toBe(9800);
  });

  it('finds the digit with the lowest accuracy', () => {
    expect(lowestDigit([0.99, 0.99, 0.97, 0.99, 0.98, 0.96, 0.99, 0.98, 0.97, 0.98])).toBe(5);
    expect(lowestDigit([])).toBeUndefined();
  });
});
