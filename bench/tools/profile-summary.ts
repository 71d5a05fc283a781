/**
 * Prints the top self-time functions and packages of V8 CPU profiles (node --cpu-prof), e.g. the
 * ones `npm run bench -- --profile` writes:
 *   node dist/bench/tools/profile-summary.js FILE… [--top N] [--skip-seconds S] [--js-only]
 */
import { parseArgs } from 'node:util';
import { selfTimes } from '../lib/profile';

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' }, 'skip-seconds': { type: 'string', default: '0' }, 'js-only': { type: 'boolean', default: false } },
  allowPositionals: true,
});
const top = Number(values.top);
for (const file of positionals) {
  const s = selfTimes(file, { skipSeconds: Number(values['skip-seconds']), jsOnly: values['js-only'] });
  process.stdout.write(`\n${file}\n  ${(s.total / 1000).toFixed(1)} s sampled, ${(100 * (1 - s.idle / s.total)).toFixed(0)} % busy\n\n  by package (self time, % of busy):\n`);
  for (const p of s.byPackage.slice(0, 15)) process.stdout.write(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.fn}\n`);
  process.stdout.write('\n  by function:\n');
  for (const f of s.top.slice(0, top)) process.stdout.write(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.fn}  ${f.where}\n`);
}
