import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process accounting from /proc (Linux): peak resident memory, and CPU time, so a figure can say
 * what was busy (the server's event loop, PostgreSQL, or the load generator itself: on 2 cores they
 * all compete, and a load generator that eats a core caps what it can measure).
 */

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux this runs on

/** VmHWM: the peak resident set size, in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** User + system CPU seconds of one process (its threads included). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // the process ended
  }
}

let postgresScope: string | null = null;

/**
 * Counts only the PostgreSQL backends of databases whose name starts with `prefix` (plus the
 * server's shared helpers: WAL writer, checkpointer, …). Other jobs' tests use the same PostgreSQL;
 * their backends are noise, and land in `other`.
 */
export function scopePostgresCpu(prefix: string): void {
  postgresScope = prefix;
}

/** A client backend's process title names its database and client address: `postgres: 15/main: user db 127.0.0.1(5432) idle`. */
const CLIENT_BACKEND = /\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]|::1\(\d+\)/;

/** CPU seconds per pid of PostgreSQL's processes (command `postgres`), within the scope if one is set. */
export function postgresCpuByPid(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      if (postgresScope !== null) {
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        const client = CLIENT_BACKEND.test(title) || title.includes('autovacuum worker');
        if (client && !title.includes(postgresScope)) continue;
      }
      out.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

/**
 * CPU used between two samples by processes of one name: per pid, so a backend that exits in
 * between does not make the sum go down (its time in the window is lost: a small undercount), and
 * one that starts counts from zero.
 */
function cpuBetween(start: Map<number, number>, end: Map<number, number>): number {
  let total = 0;
  for (const [pid, t] of end) total += Math.max(0, t - (start.get(pid) ?? 0));
  return total;
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  // cpu user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - f[3]! - f[4]!) / TICKS_PER_SECOND;
}

/**
 * Waits until the machine is quiet (other processes use less than `maxCores` over a second), for
 * at most `maxWaitMs`. On a shared 2-core machine another job's test run halves what a window can
 * measure; waiting for it to pass beats averaging it in. Returns the busy cores last seen.
 */
export async function waitForQuiet(maxCores: number, maxWaitMs: number): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  let busy = Infinity;
  do {
    const a = machineBusySeconds();
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    busy = (machineBusySeconds() - a) / ((performance.now() - t) / 1000);
  } while (busy > maxCores && performance.now() < deadline);
  return busy;
}

/** CPU use over a window, as "cores busy" (1.0 = one core fully). */
export class CpuMeter {
  private readonly pids: readonly number[];
  private readonly start: { servers: number[]; postgres: Map<number, number>; self: number; machine: number; at: number };

  /** One server process, several (each is also reported on its own: `servers`), or none (NaN). */
  constructor(server: number | readonly number[] | null) {
    this.pids = server === null ? [] : typeof server === 'number' ? [server] : server;
    this.start = this.sample();
  }

  /** `other` is the machine's busy time not accounted to the servers, PostgreSQL or the bench: noise. */
  stop(): { server: number; servers: number[]; postgres: number; bench: number; other: number } {
    const end = this.sample();
    const seconds = (end.at - this.start.at) / 1000;
    const per = (a: number, b: number) => (seconds > 0 ? (b - a) / seconds : NaN);
    const servers = this.pids.map((_, i) => per(this.start.servers[i]!, end.servers[i]!));
    const server = servers.reduce((a, b) => a + b, 0);
    const postgres = per(0, cpuBetween(this.start.postgres, end.postgres));
    const bench = per(this.start.self, end.self);
    return {
      server: this.pids.length ? server : NaN,
      servers,
      postgres,
      bench,
      other: Math.max(0, per(this.start.machine, end.machine) - server - postgres - bench),
    };
  }

  private sample() {
    const self = process.cpuUsage();
    return {
      servers: this.pids.map(cpuSeconds),
      postgres: postgresCpuByPid(),
      self: (self.user + self.system) / 1e6,
      machine: machineBusySeconds(),
      at: performance.now(),
    };
  }
}
