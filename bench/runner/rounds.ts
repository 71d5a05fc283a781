import { GraphQLClient } from '../lib/graphql';
import { startServer } from '../lib/server';
import type { Selected } from '../scenarios';
import { roundGenerator, warmUpServer } from '../scenarios/ops';
import { BACKEND_SUFFIX, type Backend, type Metric, type ServerScenario, type Settings, type StandaloneRound } from '../scenarios/types';
import type { EmbeddedTemplate, PostgresTemplate } from './environment';
import { format, type RoundValues } from './report';

export interface Templates {
  postgres: PostgresTemplate | null;
  embedded: EmbeddedTemplate | null;
}

export interface RoundRecorder {
  values: RoundValues;
  units: Map<string, string>;
}

/** Records a scenario's metrics under its name and prints the headline ones as they come. */
export function record(rec: RoundRecorder, name: string, metrics: readonly Metric[], log: (s: string) => void): void {
  for (const m of metrics) {
    rec.values.set(`${name}.${m.key}`, m.value);
    rec.units.set(`${name}.${m.key}`, m.unit);
  }
  const shown = metrics.filter((m) => m.unit.endsWith('/s') || m.key.endsWith('p99_ms') || m.unit === 'MB');
  log(`  ${name}: ${shown.map((m) => `${m.key} ${format(m.value, m.unit)}`).join(', ')}`);
}

/**
 * One round of the server scenarios on one backend: a fresh copy of the template, a server on it,
 * each selected scenario in turn, then the server's peak RSS, stop, and the copy is dropped.
 */
export async function serverRound(
  backend: Backend,
  round: number,
  scenarios: readonly ServerScenario[],
  templates: Templates,
  settings: Settings,
  adminToken: string,
  rec: RoundRecorder,
  log: (s: string) => void,
): Promise<void> {
  const suffix = BACKEND_SUFFIX[backend];
  const copy = backend === 'postgres' ? await templates.postgres!.copy(`r${round}`) : templates.embedded!.copy(`r${round}`);
  const enrolled = backend === 'postgres' ? templates.postgres!.enrolled : templates.embedded!.enrolled;
  const server = await startServer({
    ...('url' in copy ? { databaseUrl: copy.url } : { dataDir: copy.dataDir }),
    adminToken,
    poolSize: settings.poolSize,
    alertEvaluationMs: settings.alertEvaluationMs,
    cpuProfileDir: settings.cpuProfileDir || undefined,
  });
  const client = new GraphQLClient(server.url, 256);
  try {
    const generator = roundGenerator(settings, enrolled, `r${round}${suffix}`);
    await warmUpServer(client, generator, enrolled.devices, settings);
    for (const s of scenarios) {
      const metrics = await s.run({ backend, round, server, client, enrolled, generator, adminToken, settings });
      record(rec, `${s.id}-${suffix}`, metrics, log);
    }
    record(rec, `server-${suffix}`, [{ key: 'peak_rss_mb', value: (server.peakRssMiB() * 2 ** 20) / 1e6, unit: 'MB' }], log);
    for (const line of server.errorLogs()) log(`  ! server ${suffix} logged: ${line}`);
  } finally {
    client.close();
    await server.stop();
    await copy.drop();
  }
}

export async function standaloneRound(selected: Selected & { scenario: { kind: 'standalone' } }, ctx: StandaloneRound, rec: RoundRecorder, log: (s: string) => void) {
  const metrics = await selected.scenario.run(ctx);
  record(rec, selected.name, metrics, log);
}
