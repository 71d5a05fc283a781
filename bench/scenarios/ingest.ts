import { closedLoop } from '../lib/load';
import { CpuMeter } from '../lib/proc';
import { cpuMetrics, loadMetrics, reportFaultOp, reportFaultsOp, warnErrors } from './ops';
import type { Metric, ServerScenario } from './types';

/** `reportFault`, one report per request, at each configured concurrency (1, 16, 64). */
export const ingestScenario: ServerScenario = {
  kind: 'server',
  id: 'ingest',
  title: 'reportFault, one report per request',
  backends: ['embedded', 'postgres'],
  async run({ server, client, generator, enrolled, settings }) {
    const metrics: Metric[] = [];
    const op = reportFaultOp(client, generator, enrolled.devices, settings.receipt);
    for (const c of settings.concurrencies) {
      const cpu = new CpuMeter(server.pid);
      const r = await closedLoop({ concurrency: c, warmupMs: settings.warmupMs, durationMs: settings.durationMs }, op);
      metrics.push(...loadMetrics(`c${c}`, r, 'reports'), ...cpuMetrics(`c${c}`, cpu.stop(), r.itemsPerSecond));
      warnErrors(`reportFault c${c}`, r);
    }
    return metrics;
  },
};

/** `reportFaults` with batches of 100 from one device each, a few devices at a time. */
export const batchScenario: ServerScenario = {
  kind: 'server',
  id: 'batch',
  title: 'reportFaults, batches of 100',
  backends: ['embedded', 'postgres'],
  async run({ server, client, generator, enrolled, settings }) {
    const n = enrolled.devices.length;
    const op = reportFaultsOp(client, generator, enrolled.devices, settings.receipt, settings.batchSize, () => Math.floor(Math.random() * n));
    const cpu = new CpuMeter(server.pid);
    const r = await closedLoop({ concurrency: settings.batchConcurrency, warmupMs: settings.warmupMs, durationMs: settings.durationMs }, op);
    warnErrors('reportFaults', r);
    return [...loadMetrics('b100', r, 'reports'), ...cpuMetrics('b100', cpu.stop(), r.itemsPerSecond)];
  },
};

const CREATE_RULE = `mutation($i: AlertRuleInput!) { createAlertRule(input: $i) { id } }`;
const DELETE_RULE = `mutation($id: ID!) { deleteAlertRule(id: $id) }`;

/**
 * Twenty alert rules, five of each kind, on for everything the bench reports: NEW_SIGNATURE and
 * REGRESSION react to ingest's outbox events, SPIKE (thresholds low enough to fire) and
 * RESOLUTION_FAILURE_RATE are evaluated by the server's timer. Their e-mail channel has no SMTP
 * server here, so each notification fails at once, in the delivery log: the work of an alert is
 * done, the mail server's is not measured.
 */
function alertRules(): Record<string, unknown>[] {
  const email = [{ kind: 'EMAIL', to: ['bench@example.com'] }];
  const conditions = [
    ...Array.from({ length: 5 }, () => ({ kind: 'NEW_SIGNATURE' })),
    ...Array.from({ length: 5 }, () => ({ kind: 'REGRESSION' })),
    ...Array.from({ length: 5 }, (_, i) => ({ kind: 'SPIKE', windowMinutes: 5 + i, minReports: 50 * (i + 1), minDevices: 10 * (i + 1) })),
    ...Array.from({ length: 5 }, (_, i) => ({ kind: 'RESOLUTION_FAILURE_RATE', failureRate: 0.1 * (i + 1), minOutcomes: 5 })),
  ];
  return conditions.map((condition, i) => ({ name: `Bench rule ${i + 1}`, cooldownMinutes: 10, condition, channels: email }));
}

/** `reportFault` as in `ingest`, with twenty alert rules enabled (removed again afterwards). */
export const ingestAlertsScenario: ServerScenario = {
  kind: 'server',
  id: 'ingest-alerts',
  title: 'reportFault, one report per request, with 20 alert rules enabled',
  backends: ['embedded', 'postgres'],
  async run(round) {
    const ids: string[] = [];
    for (const input of alertRules()) {
      ids.push((await round.client.must<{ createAlertRule: { id: string } }>(CREATE_RULE, { i: input }, round.adminToken)).createAlertRule.id);
    }
    try {
      return await ingestScenario.run(round);
    } finally {
      for (const id of ids) await round.client.must(DELETE_RULE, { id }, round.adminToken);
    }
  },
};
