import type { Rng } from './rng';

/**
 * Zipf-distributed ranks: rank k (0-based) is drawn with probability proportional to 1/(k+1)^s.
 * Fault popularity in a fleet looks like this: a handful of faults make most reports, and a long
 * tail is seen a few times each. That shape matters for the database: the top signatures' rows
 * are hot (row-lock contention), the tail's are cold.
 */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly n: number,
    readonly s = 1.1,
  ) {
    if (n < 1) throw new Error('Zipf needs at least one rank');
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / Math.pow(k + 1, s);
      this.cdf[k] = sum;
    }
    for (let k = 0; k < n; k++) this.cdf[k] = this.cdf[k]! / sum;
  }

  /** A rank in [0, n), by binary search over the cumulative distribution. */
  sample(rng: Rng): number {
    const r = rng.next();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The probability of rank k (for reporting the expected share of the top faults). */
  probability(k: number): number {
    return this.cdf[k]! - (k > 0 ? this.cdf[k - 1]! : 0);
  }
}
