import { comparableFrames, groupFault, similarityOfKeys, type FaultInput, type GroupingResult } from '../../src/signatures/grouping';
import { fleetAndGenerator } from '../faults/generator';
import { fullTrace, typeAndTopFrame } from './baselines';
import { scoreClustering, type ClusterScores, type Labelled } from './clustering';
import type { LabelledTrace } from './corpus';
import { FAILURE_CLASSES, failureClasses, type FailureClass } from './failure-classes';

/** The corpus has no error codes; one for all, so that only the trace decides. */
const ERROR_CODE = 'UNCAUGHT_EXCEPTION';

export type Grouper = 'faultbase' | 'type-top-frame' | 'full-trace';
export const GROUPERS: readonly Grouper[] = ['faultbase', 'type-top-frame', 'full-trace'];

export function faultInput(trace: LabelledTrace): FaultInput {
  return { errorCode: ERROR_CODE, applicationName: trace.applicationName, stackTrace: trace.stackTrace };
}

/** The cluster each grouper puts a trace in; faultbase's is the fingerprint ingest would store. */
export function predict(grouper: Grouper, trace: LabelledTrace): string {
  if (grouper === 'faultbase') return groupFault(faultInput(trace)).fingerprint;
  const key = grouper === 'type-top-frame' ? typeAndTopFrame(trace.stackTrace) : fullTrace(trace.stackTrace);
  return `${trace.applicationName}\n${key}`;
}

export interface CorpusEvaluation {
  overall: Record<Grouper, ClusterScores>;
  byClass: { cls: FailureClass; scores: Record<Grouper, ClusterScores> }[];
  labelled: Record<Grouper, Labelled[]>;
}

export function evaluateCorpus(traces: readonly LabelledTrace[]): CorpusEvaluation {
  const labelled = Object.fromEntries(
    GROUPERS.map((g) => [g, traces.map((t) => ({ truth: t.group, predicted: predict(g, t) }))]),
  ) as Record<Grouper, Labelled[]>;
  const classes = traces.map((t) => failureClasses(t.stackTrace));
  const overall = Object.fromEntries(GROUPERS.map((g) => [g, scoreClustering(labelled[g])])) as Record<Grouper, ClusterScores>;
  const byClass = FAILURE_CLASSES.map((cls) => {
    const subset = classes.flatMap((list, i) => (list.includes(cls) ? [i] : []));
    return { cls, scores: Object.fromEntries(GROUPERS.map((g) => [g, scoreClustering(labelled[g], subset)])) as Record<Grouper, ClusterScores> };
  });
  return { overall, byClass, labelled };
}

/**
 * The bench's synthetic catalogue (the faults the tests' fixtures are modelled on): every fault
 * rendered `variants` times with fresh line numbers, addresses, ids and depths; a regression of
 * the engine on them shows as recall (a fault split) or precision (two faults joined) below 1.
 */
export function evaluateSynthetic(faults: number, variants: number, seed: number): ClusterScores {
  const { generator } = fleetAndGenerator(seed, 200, faults, 'grouping-quality');
  const labelled: Labelled[] = [];
  for (const fault of generator.catalogue) {
    for (let v = 0; v < variants; v++) {
      const { input } = generator.occurrence(0, fault);
      const g = groupFault({
        errorCode: input.errorCode,
        applicationName: input.application.name,
        exceptionType: input.exceptionType ?? null,
        message: input.message ?? null,
        stackTrace: input.stackTrace ?? null,
      });
      labelled.push({ truth: String(fault.index), predicted: g.fingerprint });
    }
  }
  return scoreClustering(labelled);
}

export interface SuggestionScores {
  /** Reports whose true group is split over several signatures: the queries. */
  splitReports: number;
  /** Share of them for which the first suggestion holds a sibling (a report of the same bug). */
  rrAt1: number;
  top5: number;
  /** Mean reciprocal rank of the first sibling among all suggestions. */
  mrr: number;
}

/**
 * FaultSignature.similar evaluated as the issue asks: for each report whose true group was split
 * over signatures, its signature's suggestions (the other signatures of its application, by
 * `similarity`, each represented by its first report as a signature's sample is) are ranked;
 * does a signature holding a sibling come first, or in the top 5?
 */
export function evaluateSuggestions(traces: readonly LabelledTrace[]): SuggestionScores {
  const grouped = traces.map((t) => ({ trace: t, result: groupFault(faultInput(t)) }));
  const signatures = new Map<string, { app: string; sample: GroupingResult; keys: string[]; groups: Set<string> }>();
  for (const { trace, result } of grouped) {
    let s = signatures.get(result.fingerprint);
    if (s === undefined) {
      s = { app: trace.applicationName, sample: result, keys: comparableFrames(result.frames), groups: new Set() };
      signatures.set(result.fingerprint, s);
    }
    s.groups.add(trace.group);
  }
  const spread = new Map<string, Set<string>>();
  for (const { trace, result } of grouped) spread.set(trace.group, (spread.get(trace.group) ?? new Set()).add(result.fingerprint));
  let queries = 0;
  let first = 0;
  let top5 = 0;
  let rr = 0;
  for (const { trace, result } of grouped) {
    if (spread.get(trace.group)!.size < 2) continue;
    queries++;
    const own = signatures.get(result.fingerprint)!;
    const ranked = [...signatures]
      .filter(([fp, s]) => fp !== result.fingerprint && s.app === own.app)
      .map(([, s]) => ({ s, score: similarityOfKeys(own.sample, own.keys, s.sample, s.keys).score }))
      .sort((x, y) => y.score - x.score);
    const rank = ranked.findIndex((r) => r.s.groups.has(trace.group));
    if (rank === 0) first++;
    if (rank >= 0 && rank < 5) top5++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  return { splitReports: queries, rrAt1: queries ? first / queries : 1, top5: queries ? top5 / queries : 1, mrr: queries ? rr / queries : 1 };
}
