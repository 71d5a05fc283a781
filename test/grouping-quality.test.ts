import { typeAndTopFrame } from '../bench/quality/baselines';
import { scoreClustering } from '../bench/quality/clustering';
import { failureClasses } from '../bench/quality/failure-classes';

/**
 * The measures behind the bench's grouping-quality scenario (issue 15), on a case small enough to
 * count by hand. Truth A A A B B; predicted 1 1 2 2 3.
 */
const items = [
  { truth: 'A', predicted: '1' },
  { truth: 'A', predicted: '1' },
  { truth: 'A', predicted: '2' },
  { truth: 'B', predicted: '2' },
  { truth: 'B', predicted: '3' },
];

it('pairwise: 2 pairs put together, 1 of them right, 4 pairs belong together', () => {
  const s = scoreClustering(items);
  expect([s.pairwisePrecision, s.pairwiseRecall]).toEqual([0.5, 0.25]);
  expect(s.pairwiseF1).toBeCloseTo(1 / 3, 10);
  expect([s.items, s.trueGroups, s.clusters]).toEqual([5, 2, 3]);
});

it('B-cubed: the mean over items of the share of its cluster in its group and of its group in its cluster', () => {
  const s = scoreClustering(items);
  // precision per item 1, 1, 1/2, 1/2, 1; recall 2/3, 2/3, 1/3, 1/2, 1/2
  expect(s.bcubedPrecision).toBeCloseTo(0.8, 10);
  expect(s.bcubedRecall).toBeCloseTo(8 / 15, 10);
  expect(s.bcubedF1).toBeCloseTo(0.64, 10);
});

it('a subset (a failure class) averages over its items, clusters still counted over all', () => {
  const s = scoreClustering(items, [3, 4]);
  expect([s.bcubedPrecision, s.bcubedRecall]).toEqual([0.75, 0.5]);
  // Among the two B items no pair was put together: precision is vacuously 1, recall 0.
  expect([s.pairwisePrecision, s.pairwiseRecall]).toEqual([1, 0]);
});

it('the type + top frame baseline reads the first line and the first Java frame', () => {
  expect(typeAndTopFrame('java.lang.IllegalStateException: boom\n\tat com.acme.Foo.bar(Foo.java:12)\n\tat com.acme.Main.main(Main.java:3)')).toBe(
    'java.lang.IllegalStateException\ncom.acme.Foo.bar',
  );
});

const CLASSES: [name: string, trace: string, classes: string[]][] = [
  ['plain', 'java.lang.Error: x\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)', ['plain']],
  ['message continued on a second line', 'com.x.JsonMappingException: bad\n at [Source: "x"; line: 1, column: 2]\n\tat a.B.c(B.java:1)', ['multi-line-message']],
  ['one frame three times', 'java.lang.StackOverflowError\n\tat a.B.c(B.java:1)\n\tat a.B.c(B.java:1)\n\tat a.B.c(B.java:1)', ['recursion']],
  ['an overload calling its sibling is not a recursion', 'java.lang.Error\n\tat a.B.c(B.java:1)\n\tat a.B.c(B.java:5)', ['plain']],
  ['a cause chain', 'java.lang.RuntimeException: x\n\tat a.B.c(B.java:1)\nCaused by: java.io.IOException\n\tat a.B.d(B.java:2)\n\t... 1 more', ['cause-chain']],
];

it.each(CLASSES)('failure class: %s', (_name, trace, classes) => {
  expect(failureClasses(trace)).toEqual(classes);
});
