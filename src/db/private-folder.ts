import fs from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Permission bits for the group and for others: none of them may be set inside a private folder. */
const GROUP_AND_OTHERS = 0o077;

/**
 * Makes `dir` (created if missing) a folder only this process's user can enter, read or write:
 * the folder 0700, everything already in it stripped of group and other bits, and everything the
 * process creates from now on made without them (umask 077).
 *
 * PGlite's file system layer (emscripten's NODEFS) applies the modes PostgreSQL's WebAssembly
 * build asks for with explicit chmod calls: 0666 for the files initdb writes (WAL segments,
 * pg_control, the catalog) and 0644 for relcache files, whatever the umask. `fs.chmodSync` is
 * wrapped so that, for paths inside `dir` only, those bits never come back. NODEFS reads the
 * property at each call, so the wrapper applies to PGlite without touching its code.
 */
export function makePrivateFolder(dir: string): void {
  process.umask(GROUP_AND_OTHERS);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir);
  guardChmod(resolve(dir));
}

/** Strips group and other bits from `path` and, for a folder, from everything below it. */
function tighten(path: string): void {
  const stat = fs.lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.mode & GROUP_AND_OTHERS) fs.chmodSync(path, stat.mode & 0o7700);
  if (stat.isDirectory()) for (const name of fs.readdirSync(path)) tighten(join(path, name));
}

const guarded = new Set<string>();

function guardChmod(dir: string): void {
  if (guarded.size === 0) {
    const chmodSync = fs.chmodSync;
    fs.chmodSync = (path: fs.PathLike, mode: fs.Mode) =>
      chmodSync(path, insideGuarded(path) ? toNumber(mode) & ~GROUP_AND_OTHERS : mode);
  }
  guarded.add(dir);
}

function insideGuarded(path: fs.PathLike): boolean {
  const full = resolve(String(path));
  for (const dir of guarded) if (full === dir || full.startsWith(dir + sep)) return true;
  return false;
}

const toNumber = (mode: fs.Mode): number => (typeof mode === 'number' ? mode : parseInt(mode, 8));
