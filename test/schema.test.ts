import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

it('schema/schema.graphql matches the schema the server builds', () => {
  // Throws (with the script's message) when the checked-in SDL is stale: run `npm run schema`.
  execFileSync(process.execPath, [resolve(__dirname, '../dist/src/graphql/emit-schema.js'), '--check'], { stdio: 'pipe' });
});
