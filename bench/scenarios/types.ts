import type { DeviceProfile } from '../faults/fleet';
import type { FaultGenerator } from '../faults/generator';
import type { EnrolledDevice } from '../lib/enrol';
import type { GraphQLClient } from '../lib/graphql';
import type { ReceiptSelection } from '../lib/operations';
import type { BenchDatabases } from '../lib/postgres';
import type { BenchServer } from '../lib/server';

export type Backend = 'embedded' | 'postgres';
export const BACKEND_SUFFIX: Readonly<Record<Backend, string>> = { embedded: 'embedded', postgres: 'pg' };

/** One measured number. Keys are dotted: `c64.reports_per_s`; the runner prefixes the scenario. */
export interface Metric {
  key: string;
  value: number;
  unit: string;
}

export interface Timing {
  warmupMs: number;
  durationMs: number;
}

export interface Settings extends Timing {
  seed: number;
  faults: number;
  poolSize: number;
  /** FAULTBASE_ALERT_EVALUATION_MS of the round servers (2000 by default: 30 times the server's default). */
  alertEvaluationMs: number;
  receipt: ReceiptSelection;
  /** Concurrencies of the single-report figures (the goal is stated at 64). */
  concurrencies: readonly number[];
  batchSize: number;
  batchConcurrency: number;
  /** Stored reports for the growth scenario's large database (0: growth measures the empty one only). */
  growthReports: number;
  /** Distinct faults in the large database's history (a superset of the bench's catalogue). */
  growthFaults: number;
  /** Write V8 CPU profiles of the servers into this folder ('' for none). */
  cpuProfileDir: string;
}

/** A fleet enrolled into a template database; every copy of the template has these devices. */
export interface EnrolledTemplate {
  fleet: readonly DeviceProfile[];
  devices: readonly EnrolledDevice[];
  technicianToken: string;
}

/** What a scenario that measures a running server gets, once per round and backend. */
export interface ServerRound {
  backend: Backend;
  round: number;
  server: BenchServer;
  client: GraphQLClient;
  enrolled: EnrolledTemplate;
  /** A fresh generator per round (its own clientReportId tag), over the enrolled fleet. */
  generator: FaultGenerator;
  adminToken: string;
  settings: Settings;
}

/** Scenarios that run against a server the runner started (embedded and PostgreSQL alike). */
export interface ServerScenario {
  kind: 'server';
  id: string;
  title: string;
  backends: readonly Backend[];
  run(round: ServerRound): Promise<Metric[]>;
}

/** Everything a standalone scenario may need; set-up happens once, before the first round. */
export interface StandaloneRound {
  round: number;
  settings: Settings;
  /** Present when a PostgreSQL scenario was selected. */
  postgres: {
    dbs: BenchDatabases;
    /** Migrated by the server and enrolled; copy it with dbs.create(…, template). */
    template: string;
    enrolled: EnrolledTemplate;
    adminToken: string;
  } | null;
  /** Present when a scenario on the embedded database was selected. */
  embedded: {
    /** A fresh copy of the enrolled template's data folder (one per server process: PGlite's folder is its own). */
    copy(suffix: string): { dataDir: string; drop: () => Promise<void> };
    enrolled: EnrolledTemplate;
    adminToken: string;
  } | null;
}

/** Scenarios that set up what they measure themselves (grouping in-process, SQL ceilings, growth, feed). */
export interface StandaloneScenario {
  kind: 'standalone';
  id: string;
  title: string;
  needsPostgres: boolean;
  /** Starts a server on a copy of the embedded template (so it runs after the in-process scenarios, with the servers). */
  needsEmbedded?: boolean;
  /** One-time preparation (e.g. seeding a large database), before round 1. */
  prepare?(ctx: StandaloneRound): Promise<void>;
  run(ctx: StandaloneRound): Promise<Metric[]>;
  cleanup?(ctx: StandaloneRound): Promise<void>;
}

export type Scenario = ServerScenario | StandaloneScenario;
