import { groupFault, type FaultInput } from '../../src/signatures/grouping';
import { fleetAndGenerator } from '../faults/generator';
import type { Metric, StandaloneScenario } from './types';

/** Distinct traces to cycle through: more than the catalogue, so no single trace stays hot in caches. */
const TRACES = 5_000;

/**
 * The grouping engine alone, in this process, on one core: parse, normalise, fingerprint. It is
 * the CPU work ingest does per report before any I/O, so it bounds ingest per core.
 */
export const groupingScenario: StandaloneScenario = {
  kind: 'standalone',
  id: 'grouping',
  title: 'grouping engine (groupFault), one core',
  needsPostgres: false,
  async run({ settings, round }) {
    const { generator } = fleetAndGenerator(settings.seed, 200, settings.faults, `grouping${round}`);
    const inputs: { format: string; input: FaultInput }[] = [];
    while (inputs.length < TRACES) {
      const g = generator.next();
      if (g.retry || !g.input.stackTrace) continue; // traces per second: reports that carry one
      inputs.push({
        format: g.fault.format,
        input: {
          errorCode: g.input.errorCode,
          applicationName: g.input.application.name,
          exceptionType: g.input.exceptionType ?? null,
          message: g.input.message ?? null,
          stackTrace: g.input.stackTrace,
        },
      });
    }
    // Warm-up: let V8 optimise the parsers before timing them.
    const warmEnd = performance.now() + settings.warmupMs;
    for (let i = 0; performance.now() < warmEnd; i++) groupFault(inputs[i % TRACES]!.input);

    const perFormat = new Map<string, { n: number; ms: number }>();
    const start = performance.now();
    const end = start + settings.durationMs;
    let n = 0;
    // Timing each call costs ~0.1 µs against tens of µs of work: cheap enough to also get per-format rates.
    for (let t = start; t < end; n++) {
      const { format, input } = inputs[n % TRACES]!;
      groupFault(input);
      const now = performance.now();
      const f = perFormat.get(format) ?? { n: 0, ms: 0 };
      f.n++;
      f.ms += now - t;
      perFormat.set(format, f);
      t = now;
    }
    const seconds = (performance.now() - start) / 1000;
    const metrics: Metric[] = [{ key: 'traces_per_s', value: n / seconds, unit: 'traces/s' }];
    for (const [format, f] of [...perFormat].sort()) {
      metrics.push({ key: `${format}.traces_per_s`, value: (f.n / f.ms) * 1000, unit: 'traces/s' });
    }
    return metrics;
  },
};
