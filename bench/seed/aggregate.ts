import { groupFault, type GroupingResult } from '../../src/signatures/grouping';
import { signatureIdFor } from '../../src/signatures/signature-id';
import type { FaultDef } from '../faults/catalogue';
import type { FaultGenerator, ReportInput } from '../faults/generator';

/**
 * The variants of the generator's faults, each grouped once, that the seed tool writes as reports.
 * Counts, (signature, device) pairs and breakdowns are not computed here: once the reports are in,
 * the signatures domain's own recount (breakdown.sql.ts) derives them, by the rules ingest counts by.
 */

/** One rendered variant of a fault, grouped once and reused (grouping 1M traces would dominate seeding). */
export interface Variant {
  input: ReportInput;
  grouping: GroupingResult;
  signatureId: string;
  framesJson: string;
  attributesJson: string;
}

/** Variants per (fault, application version): enough that traces and messages differ between reports. */
export const VARIANTS = 4;
export class SeedVariants {
  private readonly variants = new Map<number, Variant>();

  constructor(private readonly generator: FaultGenerator) {}

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
}
