import type { Services } from '../app/services';
import type { Logger } from '../config/logger';
import { SEVERITY_RANK, Severity } from '../reports/severity';
import { AlertConditionKind } from './alert.enums';
import type { AlertChannel, AlertRule } from './alert-rule.entity';
import { factsOf, fire, rulesOf } from './alert-firing.service';

/** Reports and devices of one signature within a SPIKE rule's window, and what its usual rate is. */
interface WindowCounts {
  id: string;
  reports: number;
  devices: number;
  /** Reports before the window, and the minutes they span (from the first report to the window). */
  before: number;
  before_minutes: number;
}

/**
 * (knex expands an array binding into a list: `IN (?)` takes the whole set.)
 * The signatures seen within the window (their last_seen_at, kept by ingest, finds them without
 * touching the rest) and their reports and devices in it, read on the (signature, received_at)
 * index: the cost follows the reports of the window, never the history. The usual rate comes from
 * the signature's counters: reports before the window over the time since its first report.
 */
const WINDOW_SQL = `
  SELECT s.id, w.reports, w.devices, s.report_count - w.all_reports AS before,
         greatest(extract(epoch FROM (now() - make_interval(mins => ?) - s.first_seen_at)) / 60, 0) AS before_minutes
    FROM fault_signature s
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE r.severity IN (?))::int AS reports,
             count(DISTINCT r.device_id) FILTER (WHERE r.severity IN (?))::int AS devices,
             count(*)::int AS all_reports
        FROM fault_report r
       WHERE r.signature_id = s.id AND r.received_at >= now() - make_interval(mins => ?)) w
   WHERE s.last_seen_at >= now() - make_interval(mins => ?) AND s.merged_into_id IS NULL AND s.status <> 'IGNORED'
     AND (?::text IS NULL OR s.application_name = ?)`;

/** Published resolutions with enough outcomes, their failed share, and a signature they answer. */
const FAILURE_SQL = `
  SELECT o.id, o.title, o.failed, o.outcomes,
         (SELECT rs.signature_id FROM resolution_signature rs WHERE rs.resolution_id = o.id ORDER BY rs.signature_id LIMIT 1) AS signature_id
    FROM (SELECT r.id, r.title,
                 count(*) FILTER (WHERE d.state = 'FAILED')::int AS failed,
                 count(*) FILTER (WHERE d.state IN ('INSTALLED', 'FAILED'))::int AS outcomes
            FROM resolution r JOIN resolution_delivery d ON d.resolution_id = r.id
           WHERE r.status = 'PUBLISHED'
           GROUP BY r.id, r.title) o
   WHERE o.outcomes >= ?`;

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
    const em = services.orm.em.fork();
    for (const { rule, channels } of await rulesOf(em, AlertConditionKind.SPIKE)) await this.spike(services, rule, channels);
    for (const { rule, channels } of await rulesOf(em, AlertConditionKind.RESOLUTION_FAILURE_RATE)) await this.failureRate(services, rule, channels);
  }

  private async spike(services: Services, rule: AlertRule, channels: AlertChannel[]): Promise<void> {
    const window = rule.windowMinutes!;
    const severities = atLeast(rule.minSeverity);
    const rows = await services.orm.em
      .getConnection()
      .execute<WindowCounts[]>(WINDOW_SQL, [window, severities, severities, window, window, rule.applicationName ?? null, rule.applicationName ?? null]);
    const period = Math.floor(Date.now() / (window * 60_000));
    for (const row of rows) {
      const why = spikeReason(rule, row);
      if (!why) continue;
      const facts = await factsOf(services, row.id);
      // The window's SQL already chose by application, status and severity.
      if (facts) await fire(services, rule, channels, facts, `spike:${period}`, `Spike: ${facts.title}: ${why}.`);
    }
  }

  private async failureRate(services: Services, rule: AlertRule, channels: AlertChannel[]): Promise<void> {
    const rows = await services.orm.em
      .getConnection()
      .execute<{ id: string; title: string; failed: number; outcomes: number; signature_id: string | null }[]>(FAILURE_SQL, [rule.minOutcomes ?? 10]);
    for (const row of rows) {
      const rate = row.failed / row.outcomes;
      if (rate <= rule.failureRate! || !row.signature_id) continue;
      const facts = await factsOf(services, row.signature_id);
      if (!facts) continue;
      const reason = `Resolution "${row.title}" fails: ${row.failed} of ${row.outcomes} installs failed (${Math.round(rate * 100)} %, above ${Math.round(rule.failureRate! * 100)} %).`;
      await fire(services, rule, channels, facts, `resolution:${row.id}`, reason);
    }
  }
}

/** Why a SPIKE rule holds for these counts, in words; null when it does not. */
export function spikeReason(rule: Pick<AlertRule, 'windowMinutes' | 'minReports' | 'minDevices' | 'baselineFactor'>, c: Omit<WindowCounts, 'id'>): string | null {
  const within = `within ${rule.windowMinutes} minutes`;
  if (rule.minReports != null && c.reports > rule.minReports) return `${c.reports} reports ${within} (more than ${rule.minReports})`;
  if (rule.minDevices != null && c.devices > rule.minDevices) return `${c.devices} devices ${within} (more than ${rule.minDevices})`;
  if (rule.baselineFactor != null && c.before > 0 && c.before_minutes >= rule.windowMinutes!) {
    const usual = (c.before / c.before_minutes) * rule.windowMinutes!;
    if (c.reports > rule.baselineFactor * usual && c.reports >= 3) {
      return `${c.reports} reports ${within}, ${(c.reports / usual).toFixed(1)} times its usual ${usual.toFixed(1)} (more than ${rule.baselineFactor} times)`;
    }
  }
  return null;
}
