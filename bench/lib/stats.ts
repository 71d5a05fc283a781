/** Percentiles and run-to-run summaries. */

/** The p-th percentile (0..100) by nearest rank of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Latencies are collected in a Float64Array and sorted once (numeric sort, not string sort). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
  values: number[];
}

/** Median with the spread (min–max) over runs: the figure a noisy 2-core machine can stand behind. */
export function summarise(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  const s = [...finite].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, runs: s.length, values: [...values] };
}
