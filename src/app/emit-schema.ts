import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printSchema } from 'graphql';
import { createSchema } from './schema';

/**
 * Writes the SDL to schema/schema.graphql (checked in, so API changes show in review).
 * With --check it only compares, and fails when the file is stale.
 */
async function main() {
  const file = resolve(__dirname, '../../../schema/schema.graphql');
  const sdl = printSchema(await createSchema()) + '\n';
  if (process.argv.includes('--check')) {
    const current = readFileSync(file, 'utf8');
    if (current !== sdl) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema` and commit it.\n');
      process.exit(1);
    }
    return;
  }
  writeFileSync(file, sdl);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
