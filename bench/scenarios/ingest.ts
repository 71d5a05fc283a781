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
const PRIME = `mutation($i: FaultReportInput!) { reportFault(input: $i) { status } }`;
const UPDATE_RULE = `mutation($id: ID!, $i: AlertRuleInput!) { updateAlertRule(id: $id, input: $i) { id } }`;
const TOLD = `{ webhookDeliveries(first: 0, filter: { eventType: "alert.fired" }) { totalCount } }`;

type RuleSet = 'storm' | 'typical';

/**
 * Twenty alert rules, five of each kind, on for everything the bench reports: NEW_SIGNATURE and
 * REGRESSION react to ingest's outbox events, SPIKE and RESOLUTION_FAILURE_RATE are evaluated by
 * the server's timer. Their e-mail channel has no SMTP server here, so each notification fails at
 * once, in the delivery log (and is retried): the work of an alert is done, the mail server's is
 * not measured.
 * - `storm`: SPIKE thresholds (50–250 reports or 10–50 devices within 5–9 minutes) that nearly
 *   every signature crosses at the bench's rates, so every period fires for all of them under five
 *   rules: the worst case, not a configuration anyone keeps.
 * - `typical`: what a team keeps: new faults at ERROR or FATAL, spikes of thousands of reports or
 *   hundreds of devices within 10 to 60 minutes, one against the signature's own baseline, so a
 *   period fires for the few heaviest signatures (at 500 reports/s and Zipf 1.1 over 300 faults, the
 *   top ten carry about half of the reports).
 */
function alertRules(set: RuleSet): Record<string, unknown>[] {
  const email = [{ kind: 'EMAIL', to: ['bench@example.com'] }];
  const spikes =
    set === 'storm'
      ? Array.from({ length: 5 }, (_, i) => ({ kind: 'SPIKE', windowMinutes: 5 + i, minReports: 50 * (i + 1), minDevices: 10 * (i + 1) }))
      : [
          { kind: 'SPIKE', windowMinutes: 10, minReports: 5000 },
          { kind: 'SPIKE', windowMinutes: 15, minReports: 10_000 },
          { kind: 'SPIKE', windowMinutes: 30, minDevices: 500 },
          { kind: 'SPIKE', windowMinutes: 60, minReports: 20_000, minDevices: 1000 },
          { kind: 'SPIKE', windowMinutes: 60, baselineFactor: 5 },
        ];
  const created =
    set === 'storm'
      ? Array.from({ length: 5 }, () => ({ kind: 'NEW_SIGNATURE' }))
      : ['ERROR', 'FATAL', 'FATAL', 'ERROR', 'FATAL'].map((minSeverity) => ({ kind: 'NEW_SIGNATURE', minSeverity }));
  const conditions = [
    ...created,
    ...Array.from({ length: 5 }, () => ({ kind: 'REGRESSION' })),
    ...spikes,
    ...Array.from({ length: 5 }, (_, i) => ({ kind: 'RESOLUTION_FAILURE_RATE', failureRate: 0.1 * (i + 1), minOutcomes: 5 })),
  ];
  return conditions.map((condition, i) => ({ name: `Bench rule ${i + 1}`, cooldownMinutes: set === 'storm' ? 10 : 60, condition, channels: email }));
}

/** Slices per arm and concurrency in `ingest-alerts`: pairs of (without rules, with rules). */
const ALERT_PAIRS = 4;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * What twenty alert rules (a RuleSet) cost ingest, measured on one server against itself: at each
 * concurrency, ALERT_PAIRS pairs of slices, one with the twenty rules disabled and one with them
 * enabled (the same rules throughout, as a user keeps them), in alternating order (off-on, on-off,
 * …), so that the database's growth and the machine's drift fall on both arms alike. The catalogue
 * is primed first (every fault reported once). `on_vs_off` is the median of the pairs' ratios; the
 * server's CPU per report likewise. The evaluator runs every 2 s in bench servers (30 times the
 * default), so each "on" slice holds at least one evaluation of every rule, and its first one in a
 * period fires for every signature over the thresholds.
 */
function ingestAlerts(id: string, set: RuleSet): ServerScenario {
  return {
    kind: 'server',
    id,
    title: `reportFault with 20 ${set} alert rules against none, ${ALERT_PAIRS} alternating pairs of slices on one server`,
    backends: ['embedded', 'postgres'],
    async run({ server, client, generator, enrolled, settings, adminToken }) {
      const op = reportFaultOp(client, generator, enrolled.devices, settings.receipt);
      // Every fault of the catalogue reported once first, so that both arms see the steady state:
      // otherwise the Zipf tail keeps opening signatures (about 1 report in 100 here, far more than a
      // fleet opens), and each new one fires the five NEW_SIGNATURE rules in the "on" arm only.
      for (const [i, fault] of generator.catalogue.entries()) {
        const g = generator.occurrence(i % enrolled.devices.length, fault);
        await client.must(PRIME, { i: g.input }, enrolled.devices[i % enrolled.devices.length]!.token);
      }
      const inputs = alertRules(set);
      const ids: string[] = [];
      for (const input of inputs) ids.push((await client.must<{ createAlertRule: { id: string } }>(CREATE_RULE, { i: { ...input, enabled: false } }, adminToken)).createAlertRule.id);
      const withRules = async <T>(on: boolean, body: () => Promise<T>): Promise<T> => {
        if (on) for (const [i, id] of ids.entries()) await client.must(UPDATE_RULE, { id, i: { ...inputs[i], enabled: true } }, adminToken);
        try {
          return await body();
        } finally {
          if (on) for (const [i, id] of ids.entries()) await client.must(UPDATE_RULE, { id, i: { ...inputs[i], enabled: false } }, adminToken);
        }
      };
      const metrics: Metric[] = [];
      for (const c of settings.concurrencies) {
        const arms = { off: [] as { rate: number; cpu: number }[], on: [] as { rate: number; cpu: number }[] };
        // Notifications (one delivery each: one channel per rule) queued while an "on" slice ran.
        const toldPerSlice: number[] = [];
        const told = async () => (await client.must<{ webhookDeliveries: { totalCount: number } }>(TOLD, {}, adminToken)).webhookDeliveries.totalCount;
        for (let pair = 0; pair < ALERT_PAIRS; pair++) {
          for (const arm of pair % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
            await withRules(arm === 'on', async () => {
              const toldBefore = arm === 'on' ? await told() : 0;
              const cpu = new CpuMeter(server.pid);
              const r = await closedLoop({ concurrency: c, warmupMs: settings.warmupMs, durationMs: settings.durationMs }, op);
              warnErrors(`reportFault c${c} rules ${arm}`, r);
              arms[arm].push({ rate: r.itemsPerSecond, cpu: (cpu.stop().server * 1000) / r.itemsPerSecond });
              if (arm === 'on') toldPerSlice.push((await told()) - toldBefore);
            });
          }
        }
        const ratios = (f: (x: { rate: number; cpu: number }) => number) => arms.on.map((on, i) => f(on) / f(arms.off[i]!));
        metrics.push(
          { key: `c${c}.off_reports_per_s`, value: median(arms.off.map((x) => x.rate)), unit: 'reports/s' },
          { key: `c${c}.on_reports_per_s`, value: median(arms.on.map((x) => x.rate)), unit: 'reports/s' },
          { key: `c${c}.on_vs_off`, value: median(ratios((x) => x.rate)), unit: 'ratio' },
          { key: `c${c}.cpu_per_report_on_vs_off`, value: median(ratios((x) => x.cpu)), unit: 'ratio' },
          { key: `c${c}.alerts_per_on_slice`, value: median(toldPerSlice), unit: 'notifications' },
        );
      }
      for (const id of ids) await client.must(DELETE_RULE, { id }, adminToken);
      return metrics;
    },
  };
}

export const ingestAlertsScenario = ingestAlerts('ingest-alerts', 'storm');
export const ingestAlertsTypicalScenario = ingestAlerts('ingest-alerts-typical', 'typical');
