import { groupFault, type GroupingResult } from '../../src/signatures/grouping';
import { signatureIdFor } from '../../src/signatures/signature-id';
import type { FaultDef } from '../faults/catalogue';
import type { DeviceProfile } from '../faults/fleet';
import type { FaultGenerator, ReportInput } from '../faults/generator';

/**
 * What the server's ingest statement would have written for a stream of reports, computed in
 * memory: the per-signature, per-(signature, device) and per-breakdown counts. The seed tool
 * writes these rows directly, so they agree with the reports exactly as if each had been ingested.
 */

/** One rendered variant of a fault, grouped once and reused (grouping 1M traces would dominate seeding). */
export interface Variant {
  input: ReportInput;
  grouping: GroupingResult;
  signatureId: string;
  framesJson: string;
  attributesJson: string;
}

export interface SignatureAgg {
  variant: Variant;
  reports: number;
  devices: number;
  first: number;
  last: number;
}

export interface PairAgg {
  signatureId: string;
  device: number;
  reports: number;
  first: number;
  last: number;
  /** Reports per application version: the one breakdown dimension that varies within a pair. */
  versions: Map<string, number>;
}

export interface BreakdownRow {
  signatureId: string;
  dimension: string;
  value: string;
  device: number;
  reports: number;
}

/** Variants per (fault, application version): enough that traces and messages differ between reports. */
export const VARIANTS = 4;
/** Keys are numbers, not strings: 1M reports make 6M map look-ups, and string keys doubled the seed's time. */
const MAX_DEVICES = 1 << 20;

export class SeedAggregate {
  readonly signatures = new Map<string, SignatureAgg>();
  readonly pairs = new Map<number, PairAgg>();
  private readonly variants = new Map<number, Variant>();
  private readonly signatureIndex = new Map<string, number>();

  constructor(
    private readonly generator: FaultGenerator,
    private readonly fleet: readonly DeviceProfile[],
  ) {
    if (fleet.length > MAX_DEVICES) throw new Error(`at most ${MAX_DEVICES} devices`);
  }

  /** A (cached) variant of `fault` at `versionIndex`; `slot` picks one of a few renderings. */
  variant(fault: FaultDef, versionIndex: number, slot: number): Variant {
    const key = (fault.index * 16 + versionIndex) * VARIANTS + (slot % VARIANTS);
    let v = this.variants.get(key);
    if (!v) {
      const { input } = this.generator.occurrence(0, fault, versionIndex);
      const grouping = groupFault({
        errorCode: input.errorCode,
        applicationName: input.application.name,
        exceptionType: input.exceptionType ?? null,
        message: input.message ?? null,
        stackTrace: input.stackTrace ?? null,
      });
      v = {
        input,
        grouping,
        signatureId: signatureIdFor(grouping.fingerprint),
        framesJson: JSON.stringify(grouping.frames),
        attributesJson: JSON.stringify(input.attributes),
      };
      this.variants.set(key, v);
    }
    return v;
  }

  /** Every variant a stream can draw, so the signatures can be written before the reports. */
  allVariants(): Variant[] {
    for (const f of this.generator.catalogue) {
      for (let version = 0; version < f.app.versions.length; version++) {
        for (let slot = 0; slot < VARIANTS; slot++) this.variant(f, version, slot);
      }
    }
    return [...this.variants.values()];
  }

  /** Counts one stored report, as INGEST_REPORTS would. */
  add(v: Variant, device: number, seenAt: number): void {
    const sid = v.signatureId;
    let sig = this.signatures.get(sid);
    if (!sig) {
      sig = { variant: v, reports: 0, devices: 0, first: seenAt, last: seenAt };
      this.signatures.set(sid, sig);
      this.signatureIndex.set(sid, this.signatureIndex.size);
    }
    sig.reports++;
    if (seenAt < sig.first) sig.first = seenAt;
    if (seenAt > sig.last) sig.last = seenAt;

    const pairKey = this.signatureIndex.get(sid)! * MAX_DEVICES + device;
    let pair = this.pairs.get(pairKey);
    if (!pair) {
      pair = { signatureId: sid, device, reports: 0, first: seenAt, last: seenAt, versions: new Map() };
      this.pairs.set(pairKey, pair);
      sig.devices++;
    }
    pair.reports++;
    if (seenAt < pair.first) pair.first = seenAt;
    if (seenAt > pair.last) pair.last = seenAt;
    const version = v.input.application.version;
    pair.versions.set(version, (pair.versions.get(version) ?? 0) + 1);
  }

  /**
   * signature_breakdown rows. Model, firmware and runtime are the device's (ingest reads them from
   * the device row, and a report's runtime is its device's here), so those rows count the whole
   * pair; the application version is per report.
   */
  *breakdownRows(): Generator<BreakdownRow> {
    for (const p of this.pairs.values()) {
      const d = this.fleet[p.device]!;
      const base = { signatureId: p.signatureId, device: p.device };
      for (const [value, reports] of p.versions) yield { ...base, dimension: 'APPLICATION_VERSION', value, reports };
      yield { ...base, dimension: 'MODEL', value: d.model, reports: p.reports };
      yield { ...base, dimension: 'FIRMWARE', value: d.firmwareVersion, reports: p.reports };
      yield { ...base, dimension: 'RUNTIME', value: `${d.runtime.name} ${d.runtime.version}`, reports: p.reports };
    }
  }
}
