import type { Services } from '../app/services';
import type { Logger } from '../config/logger';
import { bindNamed } from '../db/named-params';
import { PRUNE_COUNTERS, windowGrain } from '../signatures/counter.sql';
import { SEVERITY_RANK, Severity } from '../reports/severity';
import { AlertConditionKind } from './alert.enums';
import type { AlertChannel, AlertRule } from './alert-rule.entity';
import { factsOf, fire, FIRST_SEVERITY, QUIET, rulesOf } from './alert-firing.service';

/** Reports and devices of one signature within a SPIKE rule's window, and what its usual rate is. */
interface WindowCounts {
  id: string;
  reports: number;
  devices: number;
  /** Reports in the baseline period before the window, and the minutes it spans. */
  before: number;
  before_minutes: number;
}

const PRUNE_EVERY_MS = 3600_000;
const PRUNE_BATCH = 10_000;

/** A baseline spike needs at least this many reports in its window (a few over nothing is no spike). */
const MIN_SPIKE_REPORTS = 3;

/** The days before a window that a signature's usual rate is taken from. */
export const BASELINE_DAYS = 7;

/**
 * The signatures a SPIKE rule may fire for now, with their counts, read from counters, never from
 * the reports (signatures/counter.sql.ts):
 * - candidates: seen within the window (last_seen_at, kept by ingest and indexed), not merged, not
 *   quiet, of the rule's application and severity, and not yet fired for this rule and period (so a
 *   spike that lasts costs one row per round, not a firing transaction);
 * - reports: the window's counter rows (`:buckets` rows of `:span` minutes, the current one partial);
 * - devices, only for a rule with a device threshold and a signature with more reports than it:
 *   the signature's devices whose last report falls within the window (signature_device);
 * - before and before_minutes, only for a baseline rule: hour rows of the BASELINE_DAYS before the
 *   window, or since the signature's first hour if it is younger.
 */
export const WINDOW_SQL = `
  WITH candidates AS (
    SELECT s.id, s.first_seen_at FROM fault_signature s
     WHERE s.last_seen_at >= now() - make_interval(mins => :window::int) AND s.merged_into_id IS NULL AND NOT ${QUIET}
       AND (:app::text IS NULL OR s.application_name = :app)
       AND (:any_severity::boolean OR ${FIRST_SEVERITY} IN (:severities))
       AND NOT EXISTS (SELECT 1 FROM alert_firing f WHERE f.rule_id = :rule::uuid AND f.signature_id = s.id AND f.window_key = :key::text)
  ), bounds AS (
    SELECT date_trunc(:unit::text, now(), 'UTC') - make_interval(mins => :span::int * :buckets::int) AS window_after,
           date_trunc('hour', date_trunc(:unit::text, now(), 'UTC') - make_interval(mins => :span::int * (:buckets::int - 1)), 'UTC') AS baseline_end
  ), counted AS MATERIALIZED (
    -- Materialised: the outer query reads reports three times, and an inlined CTE would sum them each time.
    SELECT c.id, c.first_seen_at, b.baseline_end, b.window_after + make_interval(mins => :span::int) AS window_start,
           (SELECT coalesce(sum(k.reports), 0) FROM signature_counter k
             WHERE k.signature_id = c.id AND k.span_minutes = :span::int AND k.bucket > b.window_after)::int AS reports
      FROM candidates c CROSS JOIN bounds b
  )
  SELECT c.id, c.reports,
         -- A device counts when its last report is within the window's buckets, so there are no more
         -- such devices than reports: a signature with too few reports is not read further.
         CASE WHEN :with_devices::boolean AND c.reports > :min_devices::int THEN (SELECT count(*) FROM signature_device d
           WHERE d.signature_id = c.id AND d.last_seen_at >= c.window_start) ELSE 0 END::int AS devices,
         CASE WHEN :with_baseline::boolean AND c.reports >= ${MIN_SPIKE_REPORTS} THEN (SELECT coalesce(sum(k.reports), 0) FROM signature_counter k
           WHERE k.signature_id = c.id AND k.span_minutes = 60
             AND k.bucket >= c.baseline_end - make_interval(days => :baseline_days::int) AND k.bucket < c.baseline_end) ELSE 0 END::int AS before,
         greatest(extract(epoch FROM c.baseline_end - greatest(c.baseline_end - make_interval(days => :baseline_days::int),
                                                               date_trunc('hour', c.first_seen_at, 'UTC'))) / 60, 0)::float8 AS before_minutes
    FROM counted c`;

/**
 * Published resolutions not yet told of by the rule, with enough outcomes, their failed share, and a
 * signature they answer. In resolution order: two resolutions of one signature fire in two rounds
 * (fire), and so every process puts the same one first, as one process alone would; processes that
 * disagreed would race for the first round under two window keys (the cool-down's lock decides).
 */
const FAILURE_SQL = `
  SELECT o.id, o.title, o.failed, o.outcomes,
         (SELECT rs.signature_id FROM resolution_signature rs WHERE rs.resolution_id = o.id ORDER BY rs.signature_id LIMIT 1) AS signature_id
    FROM (SELECT r.id, r.title,
                 count(*) FILTER (WHERE d.state = 'FAILED')::int AS failed,
                 count(*) FILTER (WHERE d.state IN ('INSTALLED', 'FAILED'))::int AS outcomes
            FROM resolution r JOIN resolution_delivery d ON d.resolution_id = r.id
           WHERE r.status = 'PUBLISHED'
             AND NOT EXISTS (SELECT 1 FROM alert_firing f WHERE f.rule_id = :rule AND f.window_key = 'resolution:' || r.id)
           GROUP BY r.id, r.title) o
   WHERE o.outcomes >= :min_outcomes
   ORDER BY o.id`;

const atLeast = (min: Severity | null | undefined) =>
  Object.values(Severity).filter((s) => !min || SEVERITY_RANK[s] >= SEVERITY_RANK[min]);

/**
 * Evaluates the rules that no single event announces (SPIKE, RESOLUTION_FAILURE_RATE) every
 * `intervalMs`, in every process: which of them tells is decided by the firing's unique key in the
 * database (rule, signature, window), so two processes evaluating at once still tell once. A SPIKE
 * fires at most once per rule, signature and window-long period (windows are aligned to the epoch);
 * a failure rate once per rule and resolution.
 */
export class AlertEvaluator {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** When this process last pruned old counter rows (0: at its first evaluation). */
  private prunedAt = 0;

  constructor(
    private readonly services: () => Services,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.evaluate()
        .catch((err) => this.logger.warn({ err }, 'alert evaluation failed; trying again at the next interval'))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  async evaluate(): Promise<void> {
    const services = this.services();
    if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      // Every process prunes; deleting what another one just deleted is harmless.
      this.prunedAt = Date.now();
      while ((await services.sql.query(PRUNE_COUNTERS, [PRUNE_BATCH])).length >= PRUNE_BATCH);
    }
    const em = services.orm.em.fork();
    for (const { rule, channels } of await rulesOf(em, AlertConditionKind.SPIKE)) await this.spike(services, rule, channels);
    for (const { rule, channels } of await rulesOf(em, AlertConditionKind.RESOLUTION_FAILURE_RATE)) await this.failureRate(services, rule, channels);
  }

  private async spike(services: Services, rule: AlertRule, channels: AlertChannel[]): Promise<void> {
    const window = rule.windowMinutes!;
    const { span, buckets } = windowGrain(window);
    const key = `spike:${Math.floor(Date.now() / (window * 60_000))}`;
    const rows = await services.orm.em.getConnection().execute<WindowCounts[]>(
      ...bindNamed(WINDOW_SQL, {
        window,
        span,
        buckets,
        unit: span === 1 ? 'minute' : 'hour',
        app: rule.applicationName ?? null,
        any_severity: !rule.minSeverity,
        severities: atLeast(rule.minSeverity),
        rule: rule.id,
        key,
        with_devices: rule.minDevices != null,
        min_devices: rule.minDevices ?? 0,
        with_baseline: rule.baselineFactor != null,
        baseline_days: BASELINE_DAYS,
      }),
    );
    const spiking = rows.flatMap((row) => {
      const why = spikeReason(rule, row);
      return why ? [{ id: row.id, why }] : [];
    });
    // The window's SQL already chose by application, severity and quiet.
    const facts = await factsOf(services, spiking.map((r) => r.id));
    await fire(
      services,
      spiking.flatMap(({ id, why }) => {
        const signature = facts.get(id);
        return signature ? [{ rule, channels, signature, windowKey: key, reason: `Spike: ${signature.title}: ${why}.` }] : [];
      }),
    );
  }

  private async failureRate(services: Services, rule: AlertRule, channels: AlertChannel[]): Promise<void> {
    const rows = await services.orm.em
      .getConnection()
      .execute<{ id: string; title: string; failed: number; outcomes: number; signature_id: string | null }[]>(
        ...bindNamed(FAILURE_SQL, { rule: rule.id, min_outcomes: rule.minOutcomes ?? 10 }),
      );
    const failing = rows.filter((row) => row.signature_id && row.failed / row.outcomes > rule.failureRate!);
    const facts = await factsOf(services, failing.map((row) => row.signature_id!));
    await fire(
      services,
      failing.flatMap((row) => {
        const signature = facts.get(row.signature_id!);
        if (!signature || signature.quiet) return [];
        const rate = row.failed / row.outcomes;
        const reason = `Resolution "${row.title}" fails: ${row.failed} of ${row.outcomes} installs failed (${Math.round(rate * 100)} %, above ${Math.round(rule.failureRate! * 100)} %).`;
        return [{ rule, channels, signature, windowKey: `resolution:${row.id}`, reason }];
      }),
    );
  }
}

/** Why a SPIKE rule holds for these counts, in words; null when it does not. */
export function spikeReason(rule: Pick<AlertRule, 'windowMinutes' | 'minReports' | 'minDevices' | 'baselineFactor'>, c: Omit<WindowCounts, 'id'>): string | null {
  const within = `within ${rule.windowMinutes} minutes`;
  if (rule.minReports != null && c.reports > rule.minReports) return `${c.reports} reports ${within} (more than ${rule.minReports})`;
  if (rule.minDevices != null && c.devices > rule.minDevices) return `${c.devices} devices ${within} (more than ${rule.minDevices})`;
  if (rule.baselineFactor != null && c.before > 0 && c.before_minutes >= rule.windowMinutes!) {
    const usual = (c.before / c.before_minutes) * rule.windowMinutes!;
    if (c.reports > rule.baselineFactor * usual && c.reports >= MIN_SPIKE_REPORTS) {
      return `${c.reports} reports ${within}, ${(c.reports / usual).toFixed(1)} times its usual ${usual.toFixed(1)} (more than ${rule.baselineFactor} times)`;
    }
  }
  return null;
}
