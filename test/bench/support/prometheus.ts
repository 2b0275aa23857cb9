/**
 * The sum of every series of `name` in a Prometheus text exposition (e.g. `relay_sinch_call_duration_seconds_sum`
 * over all its labels), or 0 when there is none.
 */
export function sumOfSeries(exposition: string, name: string): number {
  let total = 0;
  const pattern = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$`, 'gm');
  for (const match of exposition.matchAll(pattern)) {
    const value = Number(match[1]);
    if (Number.isFinite(value)) total += value;
  }
  return total;
}
