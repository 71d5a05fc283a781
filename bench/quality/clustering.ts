/**
 * How close a grouping (item → predicted cluster) is to the truth (item → true group), in the two
 * standard measures of clustering quality:
 * - pairwise: over all pairs of items, precision = pairs put together that belong together ÷ pairs
 *   put together; recall = pairs put together that belong together ÷ pairs that belong together.
 *   Large groups weigh quadratically (a group of 26 has 325 pairs).
 * - B-cubed (Bagga & Baldwin 1998): per item, precision = share of its predicted cluster that is
 *   of its true group, recall = share of its true group that is in its predicted cluster; the
 *   figures are the means over items, so every report counts once.
 */
export interface ClusterScores {
  items: number;
  trueGroups: number;
  clusters: number;
  pairwisePrecision: number;
  pairwiseRecall: number;
  pairwiseF1: number;
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
}

export interface Labelled {
  truth: string;
  predicted: string;
}

/** Scores of `items`; `subset` (indices) restricts the per-item means to some items (per failure class). */
export function scoreClustering(items: readonly Labelled[], subset?: readonly number[]): ClusterScores {
  const inCluster = countBy(items, (i) => i.predicted);
  const inGroup = countBy(items, (i) => i.truth);
  const both = countBy(items, (i) => `${i.truth}\u0000${i.predicted}`);
  const chosen = subset ?? items.map((_item, index) => index);
  let bp = 0;
  let br = 0;
  for (const index of chosen) {
    const item = items[index]!;
    const overlap = both.get(`${item.truth}\u0000${item.predicted}`)!;
    bp += overlap / inCluster.get(item.predicted)!;
    br += overlap / inGroup.get(item.truth)!;
  }
  // Pairs among the chosen items only (with a subset: pairs of two items of that class).
  const chosenItems = chosen.map((index) => items[index]!);
  const pairsOf = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  const together = pairsOf(countBy(chosenItems, (i) => i.predicted));
  const belong = pairsOf(countBy(chosenItems, (i) => i.truth));
  const correct = pairsOf(countBy(chosenItems, (i) => `${i.truth}\u0000${i.predicted}`));
  const n = chosen.length;
  const pairwisePrecision = together === 0 ? 1 : correct / together;
  const pairwiseRecall = belong === 0 ? 1 : correct / belong;
  const bcubedPrecision = n === 0 ? 1 : bp / n;
  const bcubedRecall = n === 0 ? 1 : br / n;
  return {
    items: n,
    trueGroups: new Set(chosenItems.map((i) => i.truth)).size,
    clusters: new Set(chosenItems.map((i) => i.predicted)).size,
    pairwisePrecision,
    pairwiseRecall,
    pairwiseF1: f1(pairwisePrecision, pairwiseRecall),
    bcubedPrecision,
    bcubedRecall,
    bcubedF1: f1(bcubedPrecision, bcubedRecall),
  };
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
