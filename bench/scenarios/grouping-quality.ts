import { CURRENT_GROUPING_CONFIG, getGroupingConfig, groupFault, groupForIngest, type FaultInput } from '../../src/signatures/grouping';
import type { ClusterScores } from '../quality/clustering';
import { groupingDataDir, loadCorpora } from '../quality/corpus';
import { evaluateCorpus, evaluateSuggestions, evaluateSynthetic, faultInput, GROUPERS } from '../quality/evaluate';
import { PROJECT_ROOT } from '../runner/machine';
import type { Metric, StandaloneScenario } from './types';

const CORPUS = 'defects4j-dev.jsonl';
const SYNTHETIC_FAULTS = 300;
const SYNTHETIC_VARIANTS = 10;

/**
 * Issue 15: how well grouping matches the truth on real traces labelled with their bug
 * (../shared/data/grouping), beside two naive baselines, per failure class, and on the synthetic
 * catalogue; plus the engine's rate on those real (long) traces. Runs groupFault exactly as ingest
 * calls it, in this process: no database.
 */
export const groupingQualityScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'grouping-quality',
  title: 'grouping quality on labelled real traces (issue 15), with baselines',
  needsPostgres: false,
  async run({ settings, round }) {
    const corpus = loadCorpora(groupingDataDir(PROJECT_ROOT), [CORPUS]).get(CORPUS)!;
    const evaluation = evaluateCorpus(corpus);
    const metrics: Metric[] = [];
    for (const g of GROUPERS) metrics.push(...scoreMetrics(g, evaluation.overall[g]));
    for (const { cls, scores } of evaluation.byClass) {
      metrics.push({ key: `class.${cls}.traces`, value: scores.faultbase.items, unit: 'count' });
      for (const g of ['faultbase', 'type-top-frame'] as const) {
        metrics.push({ key: `class.${cls}.${g}.bcubed_precision`, value: scores[g].bcubedPrecision, unit: 'score' });
        metrics.push({ key: `class.${cls}.${g}.bcubed_recall`, value: scores[g].bcubedRecall, unit: 'score' });
      }
    }
    const suggestions = evaluateSuggestions(corpus);
    metrics.push(
      { key: 'similar.split_reports', value: suggestions.splitReports, unit: 'count' },
      { key: 'similar.rr_at_1', value: suggestions.rrAt1, unit: 'score' },
      { key: 'similar.top5', value: suggestions.top5, unit: 'score' },
      { key: 'similar.mrr', value: suggestions.mrr, unit: 'score' },
    );
    const synthetic = evaluateSynthetic(SYNTHETIC_FAULTS, SYNTHETIC_VARIANTS, settings.seed);
    metrics.push(
      { key: 'synthetic.pairwise_precision', value: synthetic.pairwisePrecision, unit: 'score' },
      { key: 'synthetic.pairwise_recall', value: synthetic.pairwiseRecall, unit: 'score' },
      { key: 'synthetic.signatures', value: synthetic.clusters, unit: 'count' },
      { key: 'synthetic.true_groups', value: synthetic.trueGroups, unit: 'count' },
    );
    const rates = corpusRates(corpus.map(faultInput), settings.warmupMs, settings.durationMs);
    metrics.push(
      { key: 'corpus.traces_per_s', value: rates.current, unit: 'traces/s' },
      { key: 'corpus.previous_config.traces_per_s', value: rates.previous, unit: 'traces/s' },
      { key: 'corpus.transition.traces_per_s', value: rates.transition, unit: 'traces/s' },
    );
    if (round === 1) process.stderr.write(summary(evaluation.overall, evaluation.byClass, synthetic));
    return metrics;
  },
};

function scoreMetrics(grouper: string, s: ClusterScores): Metric[] {
  const score = (key: string, value: number): Metric => ({ key: `${grouper}.${key}`, value, unit: 'score' });
  return [
    score('pairwise_precision', s.pairwisePrecision),
    score('pairwise_recall', s.pairwiseRecall),
    score('pairwise_f1', s.pairwiseF1),
    score('bcubed_precision', s.bcubedPrecision),
    score('bcubed_recall', s.bcubedRecall),
    score('bcubed_f1', s.bcubedF1),
    { key: `${grouper}.signatures`, value: s.clusters, unit: 'count' },
    { key: `${grouper}.true_groups`, value: s.trueGroups, unit: 'count' },
  ];
}

/**
 * groupFault on the real traces (about 40 frames each, the longest 1,024; longer than the
 * synthetic ones that the `grouping` scenario times): the current config, the one it replaces, and
 * what ingest does during the transition (groupForIngest: the current config, then every config it
 * replaces, back along upgradesFrom). Slices of each take turns so
 * that the machine's drift spreads over all three; the rate is traces per second of this
 * process's CPU time, which other jobs on a shared machine disturb less than wall time.
 */
function corpusRates(inputs: readonly FaultInput[], warmupMs: number, durationMs: number) {
  const replaced = getGroupingConfig(CURRENT_GROUPING_CONFIG.upgradesFrom ?? CURRENT_GROUPING_CONFIG.id)!;
  const runs = {
    current: (input: FaultInput) => groupFault(input),
    previous: (input: FaultInput) => groupFault(input, replaced),
    transition: (input: FaultInput) => groupForIngest(input),
  };
  const totals = { current: { n: 0, cpu: 0 }, previous: { n: 0, cpu: 0 }, transition: { n: 0, cpu: 0 } };
  const warmEnd = performance.now() + warmupMs;
  for (let i = 0; performance.now() < warmEnd; i++) for (const run of Object.values(runs)) run(inputs[i % inputs.length]!);
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    for (const [name, run] of Object.entries(runs) as [keyof typeof runs, (input: FaultInput) => unknown][]) {
      const t0 = process.cpuUsage();
      for (const input of inputs) run(input);
      const used = process.cpuUsage(t0);
      totals[name].n += inputs.length;
      totals[name].cpu += (used.user + used.system) / 1e6;
    }
  }
  return {
    current: totals.current.n / totals.current.cpu,
    previous: totals.previous.n / totals.previous.cpu,
    transition: totals.transition.n / totals.transition.cpu,
  };
}

function summary(overall: Record<string, ClusterScores>, byClass: ReturnType<typeof evaluateCorpus>['byClass'], synthetic: ClusterScores): string {
  const f = (x: number) => x.toFixed(3);
  const rows = GROUPERS.map((g) => {
    const s = overall[g]!;
    return `  ${g.padEnd(15)} pairwise P ${f(s.pairwisePrecision)} R ${f(s.pairwiseRecall)} F1 ${f(s.pairwiseF1)}   B-cubed P ${f(s.bcubedPrecision)} R ${f(s.bcubedRecall)} F1 ${f(s.bcubedF1)}   ${s.clusters} signatures / ${s.trueGroups} groups`;
  });
  const classes = byClass.map(({ cls, scores }) => {
    const s = scores.faultbase;
    const b = scores['type-top-frame'];
    return `  ${cls.padEnd(19)} ${String(s.items).padStart(3)} traces  faultbase B-cubed P ${f(s.bcubedPrecision)} R ${f(s.bcubedRecall)}   type+top P ${f(b.bcubedPrecision)} R ${f(b.bcubedRecall)}`;
  });
  return [
    '  grouping-quality on defects4j-dev.jsonl:',
    ...rows,
    '  per failure class:',
    ...classes,
    `  synthetic catalogue: pairwise P ${f(synthetic.pairwisePrecision)} R ${f(synthetic.pairwiseRecall)}, ${synthetic.clusters} signatures / ${synthetic.trueGroups} faults`,
    '',
  ].join('\n');
}
