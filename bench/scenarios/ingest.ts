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
