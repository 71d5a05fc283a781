import { closedLoop } from '../lib/load';
import { CpuMeter } from '../lib/proc';
import { cpuMetrics, emptyOp, loadMetrics, warnErrors } from './ops';
import type { Metric, ServerScenario } from './types';

/**
 * Ceiling (2), the framework's limit: `{ __typename }` on the same server at the headline
 * concurrency. With a device token it pays what every operation pays (HTTP, Express's JSON body
 * parser, Apollo's pipeline, one auth lookup in the database); without one it skips the lookup.
 * Ingest at X % of this is X % of what any operation could do on this server.
 */
export const graphqlCeilingScenario: ServerScenario = {
  kind: 'server',
  id: 'ceiling-graphql',
  title: 'empty GraphQL operation ({ __typename })',
  backends: ['embedded', 'postgres'],
  async run({ server, client, enrolled, settings }) {
    const c = Math.max(...settings.concurrencies);
    const metrics: Metric[] = [];
    const devices = enrolled.devices;
    let next = 0;
    for (const [label, token] of [['token', () => devices[next++ % devices.length]!.token], ['anonymous', () => null]] as const) {
      const cpu = new CpuMeter(server.pid);
      const r = await closedLoop({ concurrency: c, warmupMs: settings.warmupMs, durationMs: settings.durationMs }, () => emptyOp(client, token())());
      warnErrors(`{ __typename } ${label}`, r);
      metrics.push(...loadMetrics(`${label}.c${c}`, r, 'ops'), ...cpuMetrics(`${label}.c${c}`, cpu.stop(), r.itemsPerSecond));
    }
    return metrics;
  },
};
