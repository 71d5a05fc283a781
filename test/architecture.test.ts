import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve(__dirname, '../src');

/** The plumbing: generic parts that serve every domain and know none. */
const PLUMBING = ['config', 'db', 'errors', 'events', 'graphql', 'http', 'mail', 'webhooks'];
/** The composition root, the only place that knows every module. */
const ROOT = 'app';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The top folder of src a relative import of `file` lands in (null for packages and files outside src). */
function folderOf(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = relative(SRC, resolve(dirname(file), specifier));
  return target.startsWith('..') ? null : target.split(sep)[0]!;
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2]!);

it('plumbing imports no domain and not the composition root', () => {
  const domains = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory() && !PLUMBING.includes(name) && name !== ROOT);
  expect(domains).toEqual(expect.arrayContaining(['auth', 'devices', 'ingest', 'reports', 'signatures', 'vendors']));
  const offences = PLUMBING.flatMap((folder) =>
    filesUnder(join(SRC, folder)).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => {
          const target = folderOf(file, specifier);
          return target !== null && (domains.includes(target) || target === ROOT);
        })
        .map((specifier) => `${relative(SRC, file)} imports ${specifier}`),
    ),
  );
  expect(offences).toEqual([]);
});

it('every domain folder exports one module, and the composition root lists each', () => {
  const modules = readFileSync(join(SRC, ROOT, 'modules.ts'), 'utf8');
  const domains = readdirSync(SRC).filter(
    (name) => statSync(join(SRC, name)).isDirectory() && !PLUMBING.includes(name) && name !== ROOT,
  );
  for (const domain of domains) {
    const moduleFiles = readdirSync(join(SRC, domain)).filter((f) => f.endsWith('.module.ts'));
    expect([domain, moduleFiles]).toEqual([domain, [expect.stringMatching(new RegExp(`^${domain}\\.module\\.ts$`))]]);
    expect(modules).toContain(`from '../${domain}/${domain}.module'`);
  }
});

it('errors are made from refusal tables (<domain>.errors.ts), never built inline', () => {
  const inline = filesUnder(SRC)
    .filter((file) => !file.startsWith(join(SRC, 'errors')))
    .filter((file) => /new DomainError\(/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file));
  expect(inline).toEqual([]);
});

it('domains take from the composition root only its types (Context, Scope, Services) and defineModule', () => {
  const domains = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory() && !PLUMBING.includes(name) && name !== ROOT);
  const offences = domains.flatMap((domain) =>
    filesUnder(join(SRC, domain)).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^\s*(import|export)\b([^'"]*?)from\s+'([^']+)'/gm)]
        .filter(([, , , specifier]) => folderOf(file, specifier!) === ROOT)
        .filter(([, keyword, names, specifier]) => {
          const typeOnly = keyword === 'import' && /^\s*type\b/.test(names!);
          const defineModule = /^\s*\{\s*defineModule\s*\}\s*$/.test(names!) && specifier!.endsWith('/app/module');
          return !typeOnly && !defineModule;
        })
        .map(([statement]) => `${relative(SRC, file)}: ${statement!.trim()}`),
    ),
  );
  expect(offences).toEqual([]);
});

it('the README names every refusal reason a client may meet', () => {
  const readme = readFileSync(resolve(SRC, '../README.md'), 'utf8');
  const reasons = filesUnder(SRC)
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/refusals\(\{([^}]*)\}\)/g)].map((m) => m[1]!))
    .flatMap((table) => [...table.matchAll(/^\s*([A-Z][A-Z_]+):/gm)].map((m) => m[1]!));
  expect(reasons.length).toBeGreaterThan(40);
  expect(reasons.filter((reason) => !readme.includes(`\`${reason}\``))).toEqual([]);
});
