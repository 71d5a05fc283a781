/**
 * Checks the generator against the grouping engine: every fault's variants must group into one
 * fingerprint, and distinct faults into distinct ones; otherwise the bench's "distinct faults"
 * would not be the signatures the server makes. Run: node dist/bench/tools/check-catalogue.js
 */
import { groupFault } from '../../src/signatures/grouping';
import { fleetAndGenerator } from '../faults/generator';
import { parseFlags } from '../lib/args';

const flags = parseFlags({ faults: 300, variants: 20, seed: 1 }, 'node dist/bench/tools/check-catalogue.js [--faults N] [--variants N] [--seed N]');
const { generator } = fleetAndGenerator(flags.seed, 200, flags.faults, 'check');
const owner = new Map<string, number>();
let split = 0;
const formats = new Map<string, number>();
for (const fault of generator.catalogue) {
  formats.set(fault.format, (formats.get(fault.format) ?? 0) + 1);
  const prints = new Set<string>();
  for (let v = 0; v < flags.variants; v++) {
    const { input } = generator.occurrence(0, fault);
    const g = groupFault({
      errorCode: input.errorCode,
      applicationName: input.application.name,
      exceptionType: input.exceptionType ?? null,
      message: input.message ?? null,
      stackTrace: input.stackTrace ?? null,
    });
    prints.add(g.fingerprint);
  }
  if (prints.size > 1) {
    split++;
    const { input } = generator.occurrence(0, fault);
    process.stdout.write(`fault ${fault.index} (${fault.format}) splits into ${prints.size} fingerprints:\n${input.message ?? ''}\n${input.stackTrace ?? ''}\n\n`);
  }
  for (const p of prints) if (!owner.has(p)) owner.set(p, fault.index);
}
const merged = generator.catalogue.length - new Set([...owner.values()]).size;
process.stdout.write(
  `${generator.catalogue.length} faults (${[...formats].map(([f, n]) => `${f} ${n}`).join(', ')}): ` +
    `${owner.size} fingerprints, ${split} faults split, ${merged} merged into another\n`,
);
process.exitCode = split > 0 ? 1 : 0;
