import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

export interface ServerProcess {
  url: string;
  port: number;
  adminToken: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all, as in a crash. */
  kill(): Promise<void>;
}

const MAIN = resolve(__dirname, '../../dist/src/main.js');

/** Starts the built server (as `npm start` would, minus the build) and waits until it listens. */
export function startProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  // An empty FAULTBASE_ADMIN_TOKEN means "none": the server then generates and prints one.
  const adminToken = env.FAULTBASE_ADMIN_TOKEN ?? `test-admin-${randomBytes(16).toString('hex')}`;
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    FAULTBASE_ADMIN_TOKEN: adminToken,
    ...env,
  };
  const child = spawn(process.execPath, [MAIN], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const port = listeningPort(out);
      if (port === null) return;
      clearTimeout(timer);
      resolveStart({
        url: `http://127.0.0.1:${port}`,
        port,
        adminToken,
        child,
        output: () => out,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
        async kill() {
          if (child.exitCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
}

function listeningPort(out: string): number | null {
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === 'listening' && typeof entry.port === 'number') return entry.port;
    } catch {
      // a partial line: wait for the rest
    }
  }
  return null;
}
