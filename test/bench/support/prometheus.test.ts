import { describe, expect, test } from 'vitest';
import { sumOfSeries } from './prometheus.js';

describe('sumOfSeries', () => {
  test('adds every labelled series of one metric and nothing else', () => {
    const text = [
      '# HELP x_seconds help',
      'x_seconds_sum{op="a"} 0.5',
      'x_seconds_sum{op="b"} 1.25',
      'x_seconds_count{op="a"} 3',
      'x_seconds_sum_other 9',
      'y_seconds_sum 7',
    ].join('\n');
    expect(sumOfSeries(text, 'x_seconds_sum')).toBe(1.75);
    expect(sumOfSeries(text, 'y_seconds_sum')).toBe(7);
    expect(sumOfSeries(text, 'z_sum')).toBe(0);
  });
});
