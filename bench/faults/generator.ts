import { buildCatalogue, faultsByPlatform, type FaultDef, type Severity } from './catalogue';
import { makeFleet, pickVersionIndex, type DeviceProfile, type PlatformId } from './fleet';
import { Rng } from './rng';
import { renderFault } from './traces';
import { Zipf } from './zipf';

/** A FaultReportInput as the GraphQL API takes it (plain JSON). */
export interface ReportInput {
  clientReportId: string;
  occurredAt: string;
  errorCode: string;
  severity: Severity;
  application: { name: string; version: string; type: string; vendor: string };
  runtime: { name: string; version: string };
  exceptionType?: string;
  message?: string;
  stackTrace?: string;
  attributes: Record<string, unknown>;
}

export interface GeneratedReport {
  /** Index into the fleet (the caller holds the device's token under the same index). */
  device: number;
  fault: FaultDef;
  versionIndex: number;
  input: ReportInput;
  /** A resend of a report this device already sent (same clientReportId, same body). */
  retry: boolean;
}

export interface GeneratorOptions {
  seed: number;
  /** Distinct faults in the catalogue ("a few hundred"). */
  faults: number;
  fleet: readonly DeviceProfile[];
  /** Share of reports that resend an already-sent clientReportId (a device retrying after a timeout). */
  retryRate?: number;
  /** Zipf exponent of fault popularity. */
  zipfExponent?: number;
  /** Makes clientReportIds unique across generators writing into one database. */
  tag: string;
}

export const DEFAULT_FAULTS = 300;
export const DEFAULT_RETRY_RATE = 0.05;
const RECENT_PER_DEVICE = 8;

/**
 * The realistic report stream shared by the bench, the simulator and the seed tool. A report picks
 * its fault by Zipf popularity, then a device of the fault's platform, then an application version
 * (newer ones more often), and renders a fresh variant of the fault's trace.
 */
export class FaultGenerator {
  readonly catalogue: readonly FaultDef[];
  private readonly zipf: Zipf;
  private readonly rng: Rng;
  private readonly retryRate: number;
  private readonly devicesOf = new Map<PlatformId, number[]>();
  private readonly faultsOf: Map<PlatformId, FaultDef[]>;
  /** Each device's last few reports, for retries (a device resends what it did not see answered). */
  private readonly recent: GeneratedReport[][];
  private seq = 0;

  constructor(private readonly opts: GeneratorOptions) {
    this.catalogue = buildCatalogue(opts.seed, opts.faults);
    this.zipf = new Zipf(this.catalogue.length, opts.zipfExponent ?? 1.1);
    this.rng = Rng.derive(opts.seed, 0x5e4d, hashTag(opts.tag));
    this.retryRate = opts.retryRate ?? DEFAULT_RETRY_RATE;
    this.faultsOf = faultsByPlatform(this.catalogue);
    opts.fleet.forEach((d, i) => this.devicesOf.set(d.platform, [...(this.devicesOf.get(d.platform) ?? []), i]));
    this.recent = opts.fleet.map(() => []);
  }

  /** The next report of the stream: a retry (5 % by default) or a new occurrence. */
  next(): GeneratedReport {
    if (this.rng.chance(this.retryRate)) {
      const previous = this.recent[this.rng.int(0, this.recent.length - 1)]!;
      if (previous.length) return { ...this.rng.pick(previous), retry: true };
    }
    const fault = this.drawFault();
    // A fault of a platform nobody in this (small) fleet runs falls back to any device.
    const candidates = this.devicesOf.get(fault.platform);
    const device = candidates ? this.rng.pick(candidates) : this.rng.int(0, this.opts.fleet.length - 1);
    return this.remember(this.occurrence(device, fault));
  }

  /**
   * A batch from one device (a device flushing its queue after being offline). Retries in a batch
   * resend reports from earlier requests, never from this one (one clientReportId twice in one
   * request is a client bug, not a retry), and each at most once.
   */
  batch(device: number, size: number): GeneratedReport[] {
    const previous = [...this.recent[device]!];
    const platform = this.opts.fleet[device]!.platform;
    const out: GeneratedReport[] = [];
    for (let i = 0; i < size; i++) {
      if (previous.length && this.rng.chance(this.retryRate)) {
        out.push({ ...previous.splice(this.rng.int(0, previous.length - 1), 1)[0]!, retry: true });
      } else {
        out.push(this.occurrence(device, this.drawFault(platform)));
      }
    }
    for (const r of out) if (!r.retry) this.remember(r);
    return out;
  }

  /** Zipf over the whole catalogue; with a platform, redrawn (bounded) until it fits the device. */
  drawFault(platform?: PlatformId): FaultDef {
    for (let i = 0; i < 32; i++) {
      const f = this.catalogue[this.zipf.sample(this.rng)]!;
      if (!platform || f.platform === platform) return f;
    }
    return this.rng.pick(this.faultsOf.get(platform!) ?? this.catalogue);
  }

  /** A fresh occurrence of `fault` on `device`. */
  occurrence(device: number, fault: FaultDef, versionIndex = pickVersionIndex(this.rng, fault.app)): GeneratedReport {
    const profile = this.opts.fleet[device]!;
    const rendered = renderFault(fault, versionIndex, this.rng);
    const input: ReportInput = {
      clientReportId: `${this.opts.tag}-${(this.seq++).toString(36)}`,
      // Devices report shortly after the fault, by their own (slightly off) clocks.
      occurredAt: new Date(Date.now() - this.rng.int(0, 300_000)).toISOString(),
      errorCode: fault.errorCode,
      severity: fault.severity,
      application: {
        name: fault.app.name,
        version: fault.app.versions[versionIndex]!,
        type: fault.app.type,
        vendor: fault.app.vendor,
      },
      runtime: profile.runtime,
      ...(rendered.exceptionType !== null && { exceptionType: rendered.exceptionType }),
      ...(rendered.message !== null && { message: rendered.message }),
      ...(rendered.stackTrace !== null && { stackTrace: rendered.stackTrace }),
      attributes: {
        freeMemoryKb: this.rng.int(200, 64_000),
        batteryPct: this.rng.int(3, 100),
        network: this.rng.pick(['wifi', '3g', 'lte', 'ethernet', 'none']),
        uptimeS: this.rng.int(5, 900_000),
        breadcrumbs: ['app:start', this.rng.pick(['menu:open', 'screen:game', 'sync:start', 'epg:open']), 'fault'],
      },
    };
    return { device, fault, versionIndex, input, retry: false };
  }

  private remember(r: GeneratedReport): GeneratedReport {
    const list = this.recent[r.device]!;
    list.push(r);
    // A small window: retries come soon after the original, as after a network timeout.
    if (list.length > RECENT_PER_DEVICE) list.shift();
    return r;
  }
}

/** A fleet and a generator over it, with one seed: the common set-up of every tool. */
export function fleetAndGenerator(seed: number, devices: number, faults: number, tag: string) {
  const fleet = makeFleet(Rng.derive(seed, 0xf1ee7, hashTag(tag)), devices, tag);
  return { fleet, generator: new FaultGenerator({ seed, faults, fleet, tag }) };
}

function hashTag(tag: string): number {
  let h = 2166136261;
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 16777619);
  return h >>> 0;
}
