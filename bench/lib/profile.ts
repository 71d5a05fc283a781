import { readFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (node --cpu-prof) this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  fn: string;
  where: string;
  ms: number;
  share: number;
}

/**
 * Self time per function (time the function itself was on the CPU, not its callees), summed over
 * every call site: the "top self-time functions" evidence for where a server spends its time.
 * Paths are shortened to the package or the project-relative file.
 */
export interface ProfileOptions {
  /** Ignore the first seconds (module loading, migrations, JIT warm-up). */
  skipSeconds?: number;
  /**
   * Leave out samples in socket writes (writev, writeBuffer). On loopback, a write wakes the
   * receiving process (PostgreSQL, the client) and the kernel often runs it before returning: the
   * V8 profiler, which samples by wall clock, then charges that wait to the write. Those samples
   * overstate the server's own CPU; without them the shares are of the server's JavaScript work.
   */
  jsOnly?: boolean;
}

const SOCKET_WRITES = new Set(['writev', 'writeBuffer']);

export function selfTimes(path: string, opts: ProfileOptions = {}): { total: number; idle: number; top: SelfTime[]; byPackage: SelfTime[] } {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const byFn = new Map<string, SelfTime>();
  const byPkg = new Map<string, SelfTime>();
  let total = 0;
  let idle = 0;
  let elapsed = 0;
  const skipUs = (opts.skipSeconds ?? 0) * 1e6;
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    elapsed += us;
    if (elapsed < skipUs) return;
    const n = nodes.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (opts.jsOnly && SOCKET_WRITES.has(functionName)) return;
    total += us;
    if (functionName === '(idle)') idle += us;
    const where = shorten(url);
    const fkey = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    const f = byFn.get(fkey) ?? { fn: functionName || '(anonymous)', where: `${where}:${lineNumber + 1}`, ms: 0, share: 0 };
    f.ms += us / 1000;
    byFn.set(fkey, f);
    const pkg = packageOf(url, functionName);
    const g = byPkg.get(pkg) ?? { fn: pkg, where: '', ms: 0, share: 0 };
    g.ms += us / 1000;
    byPkg.set(pkg, g);
  });
  const busy = (total - idle) / 1000;
  const rank = (m: Map<string, SelfTime>) =>
    [...m.values()].filter((x) => x.fn !== '(idle)').map((x) => ({ ...x, share: x.ms / busy })).sort((a, b) => b.ms - a.ms);
  return { total: total / 1000, idle: idle / 1000, top: rank(byFn), byPackage: rank(byPkg) };
}

function shorten(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** The npm package (or project folder, or V8/Node category) a sample belongs to. */
function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native/V8 builtins)';
  if (url.startsWith('node:')) return 'node: core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1).split('/').slice(0, 3).join('/');
  return url;
}
