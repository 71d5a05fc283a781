import { abuseScenario } from './abuse';
import { sqlCeilingScenario } from './ceiling-sql';
import { graphqlCeilingScenario } from './ceiling-graphql';
import { fanOutScenario } from './fanout';
import { feedEmbeddedScenario, feedScenario } from './feed';
import { growthScenario } from './growth';
import { groupingScenario } from './grouping';
import { groupingQualityScenario } from './grouping-quality';
import { batchScenario, ingestAlertsScenario, ingestAlertsTypicalScenario, ingestScenario } from './ingest';
import { ingestTwoProcessesScenario } from './ingest-processes';
import { queriesScenario } from './queries';
import { stabilityScenario } from './stability';
import { BACKEND_SUFFIX, type Backend, type Scenario, type ServerScenario, type StandaloneScenario } from './types';

/**
 * Every scenario, in the order a round runs them. A new scenario is one object here: a server
 * scenario gets a running server per backend and round; a standalone one sets up what it needs.
 */
export const SCENARIOS: readonly Scenario[] = [
  groupingScenario,
  groupingQualityScenario,
  ingestScenario,
  ingestAlertsScenario,
  ingestAlertsTypicalScenario,
  batchScenario,
  ingestTwoProcessesScenario,
  graphqlCeilingScenario,
  queriesScenario,
  abuseScenario,
  sqlCeilingScenario,
  feedScenario,
  feedEmbeddedScenario,
  growthScenario,
  fanOutScenario,
  stabilityScenario,
];

/** A selectable unit: a standalone scenario, or a server scenario on one backend. */
export type Selected =
  | { name: string; scenario: StandaloneScenario }
  | { name: string; scenario: ServerScenario; backend: Backend };

export function expand(): Selected[] {
  return SCENARIOS.flatMap((s): Selected[] =>
    s.kind === 'server' ? s.backends.map((backend) => ({ name: `${s.id}-${BACKEND_SUFFIX[backend]}`, scenario: s, backend })) : [{ name: s.id, scenario: s }],
  );
}

/**
 * `--only ingest-pg,grouping`: a token selects a name exactly (then that one only), as a prefix
 * (`ingest`, `ceiling`) or as a backend suffix (`pg`, `embedded`), which may carry a process count
 * (`pg` selects `ingest-pg2`). Empty selects everything.
 */
export function select(only: string): Selected[] {
  const all = expand();
  const tokens = only.split(',').map((t) => t.trim()).filter(Boolean);
  if (tokens.length === 0) return all;
  const unknown = tokens.filter((t) => !all.some((s) => matches(s.name, t, all)));
  if (unknown.length) throw new Error(`--only: no scenario matches ${unknown.join(', ')}; scenarios: ${all.map((s) => s.name).join(', ')}`);
  return all.filter((s) => tokens.some((t) => matches(s.name, t, all)));
}

/** A token that is a scenario's whole name selects that one only: `feed` is not also `feed-embedded`. */
function matches(name: string, token: string, all: readonly Selected[]): boolean {
  if (all.some((s) => s.name === token)) return name === token;
  return name.startsWith(`${token}-`) || name.endsWith(`-${token}`) || isBackendWithCount(name, token);
}

/** `ingest-pg2` is a `pg` scenario on 2 processes. Backend suffixes are plain words: safe in a RegExp. */
function isBackendWithCount(name: string, token: string): boolean {
  return Object.values(BACKEND_SUFFIX).includes(token) && new RegExp(`-${token}\\d+$`).test(name);
}
