import { NO_CUSTOM_RULES, type CustomRules } from './custom-rules';
import { groupFault } from './fingerprint';
import { CURRENT_GROUPING_CONFIG, getGroupingConfig } from './grouping-config';
import type { Deobfuscator, FaultInput, GroupingConfig, GroupingResult } from './types';

/** What ingest groups a report by: the current config's result and, during a transition, the previous configs' fingerprints. */
export interface IngestGrouping {
  result: GroupingResult;
  /**
   * The fingerprints the configs the current one replaced give the report, nearest config first,
   * each once and only where it differs from the current one: a signature one of them made is
   * where the report belongs if the current fingerprint has none (Sentry's secondary hash). Empty
   * outside a transition, and for a fingerprint already stored.
   */
  previousFingerprints: string[];
}

export function groupForIngest(
  input: FaultInput,
  rules: CustomRules = NO_CUSTOM_RULES,
  config: GroupingConfig = CURRENT_GROUPING_CONFIG,
  settled: (fingerprint: string) => boolean = () => false,
  /** The report's application version's mapping files, when it has any (src/mappings). */
  deobfuscator: Deobfuscator | null = null,
): IngestGrouping {
  const result = groupFault(input, config, rules, deobfuscator);
  // A fingerprint already stored resolves by itself (its signature, or the redirect the transition
  // learnt for it), so the previous configs have nothing to add: skip their grouping passes.
  if (settled(result.fingerprint)) return { result, previousFingerprints: [] };
  // Every config back along the chain, not only the nearest: a deployment may upgrade over several
  // at once (from 2026-11-25 straight to 2026-12-03), and a config that changes only some reports
  // (cause chains, 2026-12-03) must not hide the signatures an older one made for the others. The
  // lookup takes the first that leads somewhere (previousTargets in signatures/previous-fingerprint.sql.ts).
  const previousFingerprints: string[] = [];
  for (let previous = predecessorOf(config); previous !== undefined; previous = predecessorOf(previous)) {
    const fingerprint = groupFault(input, previous, rules, deobfuscator).fingerprint;
    if (fingerprint !== result.fingerprint && !previousFingerprints.includes(fingerprint)) previousFingerprints.push(fingerprint);
  }
  return { result, previousFingerprints };
}

function predecessorOf(config: GroupingConfig): GroupingConfig | undefined {
  return config.upgradesFrom === null ? undefined : getGroupingConfig(config.upgradesFrom);
}
