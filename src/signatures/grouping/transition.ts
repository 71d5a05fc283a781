import { NO_CUSTOM_RULES, type CustomRules } from './custom-rules';
import { groupFault } from './fingerprint';
import { CURRENT_GROUPING_CONFIG, getGroupingConfig } from './grouping-config';
import type { Deobfuscator, FaultInput, GroupingConfig, GroupingResult } from './types';

/** What ingest groups a report by: the current config's result and, during a transition, the previous config's fingerprint. */
export interface IngestGrouping {
  result: GroupingResult;
  /**
   * The fingerprint the config being replaced gives the report, when a transition is running and
   * it differs: a signature that config made is where the report belongs if the current
   * fingerprint has none (Sentry's secondary hash).
   */
  previousFingerprint: string | null;
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
  // learnt for it), so the previous config has nothing to add: skip its second grouping pass.
  if (settled(result.fingerprint)) return { result, previousFingerprint: null };
  // A config that gives the report the current fingerprint holds no signature the current one
  // misses, so walk on to the config it replaced: a config that changes only some reports (cause
  // chains, 2026-12-03) keeps the transition before it running for all the others. A report two
  // configs back changed twice is looked up by the nearer one only (docs/grouping.md, "Config upgrades").
  for (let previous = predecessorOf(config); previous !== undefined; previous = predecessorOf(previous)) {
    const fingerprint = groupFault(input, previous, rules, deobfuscator).fingerprint;
    if (fingerprint !== result.fingerprint) return { result, previousFingerprint: fingerprint };
  }
  return { result, previousFingerprint: null };
}

function predecessorOf(config: GroupingConfig): GroupingConfig | undefined {
  return config.upgradesFrom === null ? undefined : getGroupingConfig(config.upgradesFrom);
}
