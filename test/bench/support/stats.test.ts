import { describe, expect, test } from 'vitest';
import { median, quantile, summarize } from './stats.js';

describe('stats', () => {
  test('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('quantiles interpolate between closest ranks', () => {
    const values = Array.from({ length: 101 }, (_, index) => index);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
    expect(quantile([7], 0.99)).toBe(7);
  });

  test('summaries do not reorder the caller’s array', () => {
    const values = [5, 1, 4];
    const summary = summarize(values);
    expect(values).toEqual([5, 1, 4]);
    expect(summary).toMatchObject({ count: 3, min: 1, p50: 4, max: 5 });
    expect(summary.mean).toBeCloseTo(10 / 3);
  });

  test('empty samples and out-of-range quantiles are refused', () => {
    expect(() => median([])).toThrow();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});
