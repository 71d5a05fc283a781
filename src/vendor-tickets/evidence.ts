import type { EntityManager } from '@mikro-orm/postgresql';
import { breakdownLoader } from '../signatures/signature.loaders';
import { BreakdownDimension } from '../signatures/signature.type';
import type { FaultSignature } from '../signatures/signature.entity';
import { pseudonym } from './pseudonym';
import { scrubJson, scrubText } from './redaction';

/**
 * What a vendor is given about a fault, frozen when it is escalated. Plain JSON (stored as such in
 * the ticket): its GraphQL types (vendor-ticket.type.ts) are classes of their own with no path to a
 * device, a report or any other operator data. Serial numbers and subscriber ids appear only as
 * pseudonyms keyed per vendor; free text and attributes are scrubbed (docs/redaction.md).
 */
export interface EvidenceBundle {
  collectedAt: string;
  title: string;
  errorCode: string;
  exceptionType: string | null;
  applicationName: string;
  frames: EvidenceFrame[];
  firstSeenAt: string;
  lastSeenAt: string;
  reportCount: number;
  deviceCount: number;
  byApplicationVersion: EvidenceCount[];
  byModel: EvidenceCount[];
  byFirmware: EvidenceCount[];
  samples: EvidenceSample[];
}

export interface EvidenceFrame {
  function: string;
  module: string | null;
  file: string | null;
  line: number | null;
}

export interface EvidenceCount {
  value: string;
  reportCount: number;
  deviceCount: number;
}

export interface EvidenceSample {
  occurredAt: string;
  receivedAt: string;
  errorCode: string;
  severity: string;
  application: { name: string; version: string; type: string | null; vendor: string | null };
  runtime: { name: string; version: string } | null;
  exceptionType: string | null;
  message: string | null;
  stackTrace: string | null;
  attributes: Record<string, unknown> | null;
  device: EvidenceDevice;
}

export interface EvidenceDevice {
  /** The serial number's pseudonym: the same device has the same one in every ticket of this vendor. */
  pseudonym: string;
  subscriberPseudonym: string | null;
  manufacturer: string;
  model: string;
  firmwareVersion: string | null;
}

/** A vendor's proposed resolution, as they attached it (the fields of a Resolution draft). */
export interface Proposal {
  kind: string;
  title: string;
  instructions: string;
  fixVersion: string | null;
  packageUrl: string | null;
  packageSha256: string | null;
  packageSizeBytes: number | null;
  proposedAt: string;
}

/** How many reports a bundle carries at most, by default and at the most. */
export const DEFAULT_SAMPLES = 5;
export const MAX_SAMPLES = 20;
/** Breakdown values a bundle lists per dimension (the most reported first). */
const BREAKDOWN_VALUES = 20;
/** Frames a bundle lists when none identified the fault (the crashing end first). */
const FALLBACK_FRAMES = 10;

/** A report and its device as read for a sample (personal fields included: they are replaced here). */
export interface SampleRow {
  occurred_at: Date;
  received_at: Date;
  error_code: string;
  severity: string;
  application_name: string;
  application_version: string;
  application_type: string | null;
  application_vendor: string | null;
  runtime_name: string | null;
  runtime_version: string | null;
  exception_type: string | null;
  message: string | null;
  stack_trace: string | null;
  attributes: Record<string, unknown> | null;
  serial_number: string;
  subscriber_id: string | null;
  manufacturer: string;
  model: string;
  firmware_version: string | null;
}

const SAMPLE_COLUMNS = `r.occurred_at, r.received_at, r.error_code, r.severity, r.application_name, r.application_version,
  r.application_type, r.application_vendor, r.runtime_name, r.runtime_version, r.exception_type, r.message, r.stack_trace,
  r.attributes, d.serial_number, d.subscriber_id, d.manufacturer, d.model, d.firmware_version`;

/**
 * The latest reports, one per device where the signature has several devices (the vendor learns
 * more from five devices than from one device five times): the newest 500 reports are looked at.
 */
const SAMPLES_SQL = `
  SELECT ${SAMPLE_COLUMNS}
    FROM (SELECT DISTINCT ON (device_id) id
            FROM (SELECT id, device_id, received_at FROM fault_report WHERE signature_id = ?
                   ORDER BY received_at DESC, id DESC LIMIT 500) recent
           ORDER BY device_id, received_at DESC, id DESC) one
    JOIN fault_report r ON r.id = one.id
    JOIN device d ON d.id = r.device_id
   ORDER BY r.received_at DESC, r.id DESC
   LIMIT ?`;

export const REPORT_SAMPLE_SQL = `SELECT ${SAMPLE_COLUMNS} FROM fault_report r JOIN device d ON d.id = r.device_id WHERE r.id = ?`;

/** Replaces one vendor's view of personal values: the pseudonyms of a device's serial number and subscriber. */
export class VendorLens {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly secret: string,
    readonly vendorId: string,
  ) {}

  device(row: Pick<SampleRow, 'serial_number' | 'subscriber_id'>): { pseudonym: string; subscriberPseudonym: string | null } {
    const device = pseudonym(this.secret, this.vendorId, 'device', row.serial_number);
    const subscriber = row.subscriber_id ? pseudonym(this.secret, this.vendorId, 'subscriber', row.subscriber_id) : null;
    this.known.set(row.serial_number, device);
    if (row.subscriber_id) this.known.set(row.subscriber_id, subscriber!);
    return { pseudonym: device, subscriberPseudonym: subscriber };
  }

  /**
   * Learns the devices named in free text a person wrote (a technician's message may quote a serial
   * number that no rule recognises, `R58M12ABCDE`): every token that could be one is looked up, so
   * that text() replaces it by its pseudonym. One statement, inside the caller's transaction if any.
   */
  async learnFrom(em: EntityManager, text: string): Promise<void> {
    const tokens = [...new Set(text.match(/[A-Za-z0-9+][A-Za-z0-9+_.:/-]{2,62}[A-Za-z0-9]/g) ?? [])].slice(0, 500);
    if (!tokens.length) return;
    const rows = await em
      .getConnection()
      .execute<Pick<SampleRow, 'serial_number' | 'subscriber_id'>[]>(
        `SELECT serial_number, subscriber_id FROM device WHERE serial_number IN (?) OR subscriber_id IN (?)`,
        [tokens, tokens],
        'all',
        em.getTransactionContext(),
      );
    for (const row of rows) this.device(row);
  }

  /** Free text as this vendor may read it: every device's known values replaced, then the rules (redaction.ts). */
  text(value: string | null): string | null {
    return value == null ? null : scrubText(value, [...this.known]);
  }

  /**
   * A version as this vendor may read it. Versions are not free text: `21.0.0.2` is a firmware, not
   * an IPv4 address, so a plain version (letters, digits, `._+-`, no run of 8 digits that could be a
   * phone number or an IMEI) is kept; anything else is scrubbed like text.
   */
  version(value: string | null): string | null {
    if (value == null) return null;
    return /^[0-9A-Za-z._+-]{1,64}$/.test(value) && !/\d{8}/.test(value) && !this.known.has(value) ? value : this.text(value);
  }

  /** Every string a device sent is scrubbed, the names of things too: a device can put anything anywhere. */
  private counts(list: EvidenceCount[], scrub: (v: string | null) => string | null): EvidenceCount[] {
    return list.map((c) => ({ ...c, value: scrub(c.value)! }));
  }

  breakdowns(b: Pick<EvidenceBundle, 'byApplicationVersion' | 'byModel' | 'byFirmware'>) {
    return {
      byApplicationVersion: this.counts(b.byApplicationVersion, (v) => this.version(v)),
      byModel: this.counts(b.byModel, (v) => this.text(v)),
      byFirmware: this.counts(b.byFirmware, (v) => this.version(v)),
    };
  }

  json(value: Record<string, unknown> | null): Record<string, unknown> | null {
    return value == null ? null : (scrubJson(value, [...this.known]) as Record<string, unknown>);
  }

  /**
   * A report as this vendor may see it. Every device's pseudonym is known before any text is
   * scrubbed, so one device's serial number in another's message is replaced too.
   */
  samples(rows: SampleRow[]): EvidenceSample[] {
    const devices = rows.map((row) => this.device(row));
    return rows.map((row, i) => ({
      occurredAt: new Date(row.occurred_at).toISOString(),
      receivedAt: new Date(row.received_at).toISOString(),
      errorCode: this.text(row.error_code)!,
      severity: row.severity,
      application: {
        name: this.text(row.application_name)!,
        version: this.version(row.application_version)!,
        type: this.text(row.application_type),
        vendor: this.text(row.application_vendor),
      },
      runtime: row.runtime_name ? { name: this.text(row.runtime_name)!, version: this.version(row.runtime_version ?? '')! } : null,
      exceptionType: this.text(row.exception_type),
      message: this.text(row.message),
      stackTrace: this.text(row.stack_trace),
      attributes: this.json(row.attributes),
      device: {
        ...devices[i]!,
        manufacturer: this.text(row.manufacturer)!,
        model: this.text(row.model)!,
        firmwareVersion: this.version(row.firmware_version),
      },
    }));
  }
}

/** The bundle for one signature and one vendor, as it would be sent now (preview) or is sent (escalation). */
/**
 * Runs outside any transaction: the breakdown loader reads on a connection of its own, which on the
 * embedded database (one connection) would wait forever for a transaction that holds it.
 */
export async function collectEvidence(em: EntityManager, signature: FaultSignature, lens: VendorLens, samples: number): Promise<EvidenceBundle> {
  const connection = em.getConnection();
  const context = em.getTransactionContext();
  const rows = await connection.execute<SampleRow[]>(SAMPLES_SQL, [signature.id, samples], 'all', context);
  const breakdowns = breakdownLoader(em);
  const dimension = (d: BreakdownDimension) =>
    breakdowns.load({ signatureId: signature.id, dimension: d }).then((list) => list.slice(0, BREAKDOWN_VALUES));
  const [byApplicationVersion, byModel, byFirmware] = await Promise.all([
    dimension(BreakdownDimension.APPLICATION_VERSION),
    dimension(BreakdownDimension.MODEL),
    dimension(BreakdownDimension.FIRMWARE),
  ]);
  const identifying = signature.frames.filter((f) => f.contributes);
  const frames = (identifying.length ? identifying : signature.frames.slice(0, FALLBACK_FRAMES)).map((f) => ({
    function: f.function,
    module: f.module,
    file: f.file,
    line: f.line,
  }));
  const sampled = lens.samples(rows);
  return {
    collectedAt: new Date().toISOString(),
    title: lens.text(signature.title)!,
    errorCode: lens.text(signature.errorCode)!,
    exceptionType: lens.text(signature.exceptionType ?? null),
    applicationName: lens.text(signature.applicationName)!,
    frames: frames.map((f) => ({ function: lens.text(f.function)!, module: lens.text(f.module), file: lens.text(f.file), line: f.line })),
    firstSeenAt: signature.firstSeenAt.toISOString(),
    lastSeenAt: signature.lastSeenAt.toISOString(),
    reportCount: signature.reportCount,
    deviceCount: signature.deviceCount,
    ...lens.breakdowns({ byApplicationVersion, byModel, byFirmware }),
    samples: sampled,
  };
}
