import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';

/** The project root, from dist/bench/runner/. */
export const PROJECT_ROOT = resolve(__dirname, '../../..');

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string | null;
  pglite: string;
  platform: string;
}

export function machineInfo(postgres: string | null): MachineInfo {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    pglite: packageVersion('@electric-sql/pglite'),
    platform: `${process.platform} ${process.arch}`,
  };
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Which code was measured: the commit, and whether server code had uncommitted changes. */
export function gitState(): { commit: string; dirty: string[] } {
  const run = (args: string[]) => spawnSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    commit: run(['rev-parse', 'HEAD']) || 'unknown',
    dirty: run(['status', '--porcelain', '--', 'src', 'migrations']).split('\n').filter(Boolean),
  };
}
