import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm run bench` loads parts of the server (its SQL, its input classes) in a process of its own;
 * the suite never runs the bench, so this checks that its entry point still loads and lists its
 * scenarios (it once stopped at start-up when a scenario imported a decorated class first).
 */
it('the bench starts and lists its scenarios', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [resolve(__dirname, '../dist/bench/bin/bench.js'), '--list']);
  const names = stdout.split('\n').map((line) => line.split(/\s+/)[0]).filter(Boolean);
  expect(names).toEqual(expect.arrayContaining(['grouping', 'ingest-pg', 'ingest-embedded', 'batch-pg', 'ceiling-sql']));
});
