/**
 * Where grouping goes wrong on the labelled real traces: each true group split over several
 * signatures, and each signature holding several true groups, with the components that made the
 * fingerprint. For developing grouping rules; the figures are the bench's `grouping-quality`.
 * Run: node dist/bench/tools/grouping-errors.js [--split] [--merged]
 */
import { groupFault } from '../../src/signatures/grouping';
import { parseFlags } from '../lib/args';
import { groupingDataDir, loadCorpora } from '../quality/corpus';
import { faultInput } from '../quality/evaluate';
import { PROJECT_ROOT } from '../runner/machine';

const CORPUS = 'defects4j-dev.jsonl';
const flags = parseFlags({ split: false, merged: false }, 'node dist/bench/tools/grouping-errors.js [--split] [--merged]');
const both = !flags.split && !flags.merged;
const traces = loadCorpora(groupingDataDir(PROJECT_ROOT), [CORPUS]).get(CORPUS)!;
const results = traces.map((t) => ({ trace: t, result: groupFault(faultInput(t)) }));

const describe = (r: (typeof results)[number]) => {
  const shown = r.result.components.filter((c) => c.contributes && c.id !== 'errorCode' && c.id !== 'application');
  return `    ${r.trace.id}\n${shown.map((c) => `      ${c.id}: ${(c.value ?? '').replaceAll('\n', ' | ')}`).join('\n')}`;
};
const by = <K>(key: (r: (typeof results)[number]) => K) => {
  const map = new Map<K, typeof results>();
  for (const r of results) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return map;
};

if (flags.split || both) {
  for (const [group, members] of by((r) => r.trace.group)) {
    const prints = by((r) => r.result.fingerprint);
    const mine = new Set(members.map((m) => m.result.fingerprint));
    if (mine.size < 2) continue;
    process.stdout.write(`SPLIT ${group}: ${members.length} traces in ${mine.size} signatures\n`);
    for (const fp of mine) process.stdout.write(`  signature ${fp.slice(0, 8)} (${prints.get(fp)!.length} traces in all)\n${describe(members.find((m) => m.result.fingerprint === fp)!)}\n`);
  }
}
if (flags.merged || both) {
  for (const [fp, members] of by((r) => r.result.fingerprint)) {
    const groups = new Set(members.map((m) => m.trace.group));
    if (groups.size < 2) continue;
    process.stdout.write(`MERGED ${fp.slice(0, 8)}: ${[...groups].join(', ')}\n${describe(members[0]!)}\n`);
  }
}
