import { parseArgs } from 'node:util';

type FlagValue = number | string | boolean;
type Flags<T> = { [K in keyof T]: T[K] extends number ? number : T[K] extends boolean ? boolean : string };

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Flags typed by their defaults: `parseFlags({ runs: 5, only: '' })` accepts `--runs 3 --only x`
 * and gives numbers for numbers. camelCase keys are kebab-case flags (`devicesPerRun` is
 * `--devices-per-run`). Unknown flags and non-numbers stop the tool with the usage line, because a
 * mistyped flag silently ignored would make a benchmark measure something else than intended.
 */
export function parseFlags<T extends Record<string, FlagValue>>(defaults: T, usage: string, argv = process.argv.slice(2)): Flags<T> {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const [key, value] of Object.entries(defaults)) options[kebab(key)] = { type: typeof value === 'boolean' ? 'boolean' : 'string' };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    fail(`${(err as Error).message}\nusage: ${usage}`);
  }
  if (values.help) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  const out: Record<string, FlagValue> = {};
  for (const [key, def] of Object.entries(defaults)) {
    const raw = values[kebab(key)];
    if (raw === undefined) out[key] = def;
    else if (typeof def === 'number') {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) fail(`--${kebab(key)} must be a number, got "${String(raw)}"\nusage: ${usage}`);
      out[key] = n;
    } else out[key] = raw;
  }
  return out as Flags<T>;
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
