/**
 * What the per-request checks cost a device's report, in the bench process, one core: the work
 * they add to each `reportFault`, set against the server CPU a report costs (BENCHMARKS.md,
 * "Security limits"). Throughput on this shared 2-core machine drifts by more than the checks
 * cost, so they are timed alone, on the generator's reports:
 *   node dist/bench/tools/request-checks.js [--iterations 20000]
 */
import 'reflect-metadata';
import { validate } from 'class-validator';
import { parse } from 'graphql';
import type { ResolverData } from 'type-graphql';
import type { DevicePrincipal } from '../../src/auth/principal';
import { Role } from '../../src/auth/roles';
import { checkCost, checkDocumentSize } from '../../src/graphql/limits';
import { createSchema } from '../../src/app/schema';
import { checkIntrospection } from '../../src/graphql/schema-visibility';
import { validateArgument } from '../../src/graphql/validation';
import { ApplicationInput, FaultReportInput } from '../../src/ingest/report.input';
import { RuntimeInput } from '../../src/devices/runtime';
import { Severity } from '../../src/reports/severity';
import { fleetAndGenerator } from '../faults/generator';
import { parseFlags } from '../lib/args';
import { reportFault } from '../lib/operations';

const flags = parseFlags({ iterations: 20_000, seed: 1 }, 'node dist/bench/tools/request-checks.js [--iterations N]');

async function main() {
  const schema = await createSchema();
  const query = reportFault('signature');
  const document = parse(query);
  const { generator } = fleetAndGenerator(flags.seed, 200, 300, 'checks');
  const inputs = Array.from({ length: 1000 }, () => generator.next().input);
  const device: DevicePrincipal = { kind: 'device', role: Role.DEVICE, id: '00000000-0000-4000-8000-000000000000', policy: { enabled: true, minSeverity: Severity.WARNING, maxReportsPerHour: 120, collectStackTrace: true, collectAttributes: true } };
  const info = { parentType: schema.getMutationType()!, fieldName: 'reportFault' };

  /** type-graphql hands validation an instance of the input class, nested inputs included. */
  const instance = (raw: (typeof inputs)[number]) =>
    Object.assign(new FaultReportInput(), raw, {
      occurredAt: new Date(raw.occurredAt),
      severity: raw.severity ?? Severity.ERROR,
      application: Object.assign(new ApplicationInput(), raw.application),
      runtime: raw.runtime ? Object.assign(new RuntimeInput(), raw.runtime) : undefined,
    });

  const time = async (label: string, work: (i: number) => unknown) => {
    for (let i = 0; i < 2000; i++) await work(i); // warm-up
    const started = process.hrtime.bigint();
    for (let i = 0; i < flags.iterations; i++) await work(i);
    const us = Number(process.hrtime.bigint() - started) / 1000 / flags.iterations;
    process.stdout.write(`${label.padEnd(58)} ${us.toFixed(1).padStart(7)} µs\n`);
    return us;
  };

  const added = [
    await time('document size', () => checkDocumentSize(query)),
    await time('introspection check', () => checkIntrospection(document, null, device)),
    await time('cost estimate (kept per document; ~32 µs when computed)', (i) => checkCost(schema, document, null, { input: inputs[i % inputs.length] })),
  ];
  const before = await time('argument validation before (class-validator)', (i) => validate(instance(inputs[i % inputs.length]!), { forbidUnknownValues: false }));
  const after = await time('argument validation now (text screen + class-validator)', (i) =>
    validateArgument(instance(inputs[i % inputs.length]!), FaultReportInput, { args: { input: inputs[i % inputs.length] }, info } as unknown as ResolverData<object>),
  );
  const total = added.reduce((a, b) => a + b, 0) + Math.max(0, after - before);
  process.stdout.write(`${'added per report (checks + screen)'.padEnd(58)} ${total.toFixed(1).padStart(7)} µs\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
