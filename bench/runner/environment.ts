import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceProfile } from '../faults/fleet';
import { createTechnician, enrolFleet } from '../lib/enrol';
import { GraphQLClient } from '../lib/graphql';
import { BenchDatabases } from '../lib/postgres';
import { startServer, type ServerOptions } from '../lib/server';
import type { EnrolledTemplate } from '../scenarios/types';

/**
 * Templates: a database migrated by the server and enrolled through the API once per bench run;
 * every round then starts from a copy. Copies are cheap (CREATE DATABASE … TEMPLATE; a folder copy
 * for PGlite) where enrolling again through GraphQL would cost seconds per round.
 */

async function enrolInto(opts: ServerOptions, fleet: readonly DeviceProfile[], tag: string): Promise<EnrolledTemplate> {
  const server = await startServer(opts);
  const client = new GraphQLClient(server.url, 8);
  try {
    const devices = await enrolFleet(client, opts.adminToken, fleet);
    const technicianToken = await createTechnician(client, opts.adminToken, tag);
    return { fleet, devices, technicianToken };
  } finally {
    client.close();
    await server.stop();
  }
}

export class PostgresTemplate {
  private constructor(
    readonly dbs: BenchDatabases,
    readonly template: string,
    readonly enrolled: EnrolledTemplate,
  ) {}

  static async create(serverUrl: string, prefix: string, fleet: readonly DeviceProfile[], adminToken: string, poolSize: number) {
    const dbs = new BenchDatabases(serverUrl, prefix);
    const tpl = await dbs.create('tpl');
    const enrolled = await enrolInto({ databaseUrl: tpl.url, adminToken, poolSize }, fleet, prefix);
    return new PostgresTemplate(dbs, tpl.name, enrolled);
  }

  /** A fresh copy for one round; `drop` when done. */
  async copy(suffix: string): Promise<{ url: string; drop: () => Promise<void> }> {
    const db = await this.dbs.create(suffix, this.template);
    return { url: db.url, drop: () => this.dbs.drop(db.name) };
  }
}

export class EmbeddedTemplate {
  private constructor(
    readonly root: string,
    private readonly dir: string,
    readonly enrolled: EnrolledTemplate,
  ) {}

  static async create(fleet: readonly DeviceProfile[], adminToken: string, poolSize: number, tag: string) {
    const root = mkdtempSync(join(tmpdir(), 'faultbase-bench-'));
    const dir = join(root, 'template');
    try {
      const enrolled = await enrolInto({ dataDir: dir, adminToken, poolSize }, fleet, tag);
      return new EmbeddedTemplate(root, dir, enrolled);
    } catch (err) {
      rmSync(root, { recursive: true, force: true });
      throw err;
    }
  }

  /** A fresh copy of the data folder for one round. */
  copy(suffix: string): { dataDir: string; drop: () => Promise<void> } {
    const dataDir = join(this.root, suffix);
    cpSync(this.dir, dataDir, { recursive: true });
    return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
