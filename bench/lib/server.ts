import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { peakRssMiB } from './proc';

/** The built server; `npm run bench` builds first, so this is the code in the working tree. */
export const SERVER_MAIN = resolve(__dirname, '../../src/main.js');

/**
 * The Node options `npm start` runs the server with (package.json `config.serverNodeArgs`), so the
 * bench measures the server as users run it. dist/bench/lib → the project root is three up.
 */
export const SERVER_NODE_ARGS: string[] = (
  JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { config?: { serverNodeArgs?: string } }
).config?.serverNodeArgs?.split(/\s+/).filter(Boolean) ?? [];

export interface ServerOptions {
  /** PostgreSQL; absent: embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  adminToken: string;
  poolSize: number;
  /** Redis for events between several server processes (multi-process scenarios). */
  redisUrl?: string;
  /** Write a V8 CPU profile (node --cpu-prof) into this folder when the server exits. */
  cpuProfileDir?: string;
  /** FAULTBASE_ALERT_EVALUATION_MS; 2000 when absent. */
  alertEvaluationMs?: number;
}

export interface BenchServer {
  url: string;
  pid: number;
  /** Peak RSS so far (VmHWM), MiB. */
  peakRssMiB(): number;
  /** The first error-level log lines (pino level ≥ 50) the server wrote: failures behind a 500. */
  errorLogs(): string[];
  /** The outbox's "handled" log lines so far (what each reaction cost: statements, rows read, ms), parsed. */
  outboxWork(): Record<string, unknown>[];
  /** SIGTERM, then wait for the orderly shutdown (which also writes a CPU profile). */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 90_000;

/** Servers started and not yet stopped, so Ctrl-C can stop them all (see stopAllServers). */
const running = new Set<BenchServer>();

export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}
const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts `node [SERVER_NODE_ARGS] dist/src/main.js` as its own process, like `npm start` does, on 127.0.0.1 and a free
 * port, and waits for its `listening` log line. Its CPU and memory are then its own, so /proc
 * tells them apart from the load generator's.
 */
export function startServer(opts: ServerOptions): Promise<BenchServer> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: build first (npm run build)`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    HOST: '127.0.0.1',
    // info is the lowest level that still logs `listening`; the server logs nothing per request.
    LOG_LEVEL: 'info',
    FAULTBASE_ADMIN_TOKEN: opts.adminToken,
    FAULTBASE_DB_POOL_SIZE: String(opts.poolSize),
    // Alert rules without an event (SPIKE, RESOLUTION_FAILURE_RATE) are evaluated every 2 s, 30
    // times the default, so that a measuring window of a few seconds contains evaluations.
    FAULTBASE_ALERT_EVALUATION_MS: String(opts.alertEvaluationMs ?? 2000),
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : { FAULTBASE_DATA_DIR: opts.dataDir }),
    ...(opts.redisUrl && { REDIS_URL: opts.redisUrl }),
  };
  const profile = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  const nodeArgs = [...SERVER_NODE_ARGS, ...profile];
  const child = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return waitForListening(child);
}

function waitForListening(child: ChildProcess): Promise<BenchServer> {
  let out = '';
  let partial = '';
  const errors: string[] = [];
  const outboxWork: Record<string, unknown>[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    // Only the tail matters for error messages; don't let a chatty server grow the bench's memory.
    out = (out + text).slice(-64 * 1024);
    const lines = (partial + text).split('\n');
    partial = lines.pop()!.slice(-64 * 1024);
    for (const line of lines) {
      if (errors.length < 5 && /"level":(50|60)\b/.test(line)) errors.push(line.slice(0, 2000));
      if (outboxWork.length < 1000 && line.startsWith('{') && line.includes('"outbox event handled"')) outboxWork.push(JSON.parse(line) as Record<string, unknown>);
    }
  };
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_TIMEOUT_MS / 1000} s:\n${out}`));
    }, START_TIMEOUT_MS);
    let started = false;
    child.stderr!.on('data', keep);
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (started) return;
      const port = listeningPort(out);
      if (port === null) return;
      started = true;
      clearTimeout(timer);
      const pid = child.pid!;
      const server: BenchServer = {
        url: `http://127.0.0.1:${port}/graphql`,
        pid,
        peakRssMiB: () => peakRssMiB(pid),
        errorLogs: () => [...errors],
        outboxWork: () => [...outboxWork],
        async stop() {
          if (child.exitCode !== null) {
            running.delete(server);
            return;
          }
          child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          const code = await exited;
          clearTimeout(kill);
          running.delete(server);
          if (code !== 0) process.stderr.write(`server ${pid} exited with ${code}:\n${out.slice(-4000)}\n`);
        },
      };
      running.add(server);
      resolveStart(server);
    });
    void exited.then((code) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}

function listeningPort(out: string): number | null {
  for (const line of out.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"listening"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'listening' && typeof entry.port === 'number') return entry.port;
    } catch {
      // a partial line: wait for the rest
    }
  }
  return null;
}
