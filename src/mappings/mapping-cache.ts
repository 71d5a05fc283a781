import { LRUCache } from 'lru-cache';
import type { Logger } from '../config/logger';
import type { Sql } from '../db/sql';
import type { EventBus } from '../events/bus';
import { ReloadingCache } from '../events/reloading-cache';
import type { Deobfuscator } from '../signatures/grouping';
import { deobfuscatorOf, type MappingBundle } from './deobfuscator';
import { MappingKind } from './mapping-file.entity';
import { MappingTopics } from './mapping.events';
import { MAPPING_FILES_OF_VERSION, VERSIONS_WITH_MAPPINGS } from './mapping.sql';
import { ProguardMapping } from './proguard';
import { SourceMap, SourceMapSet } from './source-maps';

interface Loaded {
  deobfuscator: Deobfuscator;
  bytes: number;
}

const keyOf = (applicationName: string, applicationVersion: string) => `${applicationName}\u0000${applicationVersion}`;

/**
 * What ingest needs of the mapping files, without asking the database per report:
 * - the set of application versions that have any (one statement, reloaded when any process
 *   announces a change on the bus, and at least every 30 s should an event be missed), so a report
 *   of a version without mapping files costs a lookup in memory and nothing else;
 * - each such version's files, parsed on its first report and kept in an LRU bounded by the memory
 *   they take (FAULTBASE_MAPPING_CACHE_MB); a version that falls out is read and parsed again.
 */
export class MappingCache {
  private readonly versions: ReloadingCache<ReadonlySet<string>>;
  private readonly parsed: LRUCache<string, Loaded>;
  private readonly loading = new Map<string, Promise<Loaded>>();
  /** Bumped by every change, so a load that began before it is not kept after it. */
  private generation = 0;

  constructor(
    private readonly sql: Sql,
    events: EventBus,
    private readonly logger: Logger,
    maxBytes: number,
  ) {
    const loadVersions = async () =>
      new Set((await sql.query<{ application_name: string; application_version: string }>(VERSIONS_WITH_MAPPINGS, [])).map((r) => keyOf(r.application_name, r.application_version)));
    this.versions = new ReloadingCache(loadVersions, events, MappingTopics.MAPPINGS_CHANGED, logger);
    this.parsed = new LRUCache<string, Loaded>({ maxSize: maxBytes, sizeCalculation: (l) => Math.max(1, l.bytes) });
    void (async () => {
      for await (const changed of events.subscribe(MappingTopics.MAPPINGS_CHANGED)) this.forget(changed.applicationName, changed.applicationVersion);
    })().catch((err: unknown) => logger.error({ err }, 'mapping cache invalidation events stopped'));
  }

  /**
   * For each report, the deobfuscator of its application version, or null when it has no mapping
   * files. Versions without any cost no database round trip (the set is in memory).
   */
  async deobfuscators(versions: readonly { name: string; version: string }[]): Promise<(Deobfuscator | null)[]> {
    const known = await this.versions.current();
    if (known.size === 0) return versions.map(() => null);
    return Promise.all(versions.map((v) => (known.has(keyOf(v.name, v.version)) ? this.load(v.name, v.version).then((l) => l.deobfuscator) : null)));
  }

  /** The version's deobfuscator as its files are now (re-grouping asks after an upload); null without files. */
  async deobfuscatorOf(applicationName: string, applicationVersion: string): Promise<Deobfuscator | null> {
    this.forget(applicationName, applicationVersion);
    const [deobfuscator] = await this.deobfuscators([{ name: applicationName, version: applicationVersion }]);
    return deobfuscator ?? null;
  }

  /** This process's copy of a version's files is stale (the others hear it on the bus). */
  forget(applicationName: string, applicationVersion: string): void {
    this.generation++;
    const key = keyOf(applicationName, applicationVersion);
    this.parsed.delete(key);
    this.loading.delete(key);
    this.versions.invalidate();
  }

  private load(applicationName: string, applicationVersion: string): Promise<Loaded> {
    const key = keyOf(applicationName, applicationVersion);
    const cached = this.parsed.get(key);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(key);
    if (!pending) {
      const generation = this.generation;
      pending = this.parse(applicationName, applicationVersion).finally(() => {
        if (this.loading.get(key) === pending) this.loading.delete(key);
      });
      this.loading.set(key, pending);
      void pending.then(
        (loaded) => {
          if (generation !== this.generation) return;
          this.parsed.set(key, loaded);
          if (!this.parsed.has(key)) this.logger.warn({ applicationName, applicationVersion, bytes: loaded.bytes }, 'mapping files larger than FAULTBASE_MAPPING_CACHE_MB: parsed for every request');
        },
        () => undefined,
      );
    }
    return pending;
  }

  private async parse(applicationName: string, applicationVersion: string): Promise<Loaded> {
    const started = Date.now();
    const rows = await this.sql.query<{ kind: MappingKind; name: string; content: string }>(MAPPING_FILES_OF_VERSION, [applicationName, applicationVersion]);
    const bundle: MappingBundle = { proguard: null, sourceMaps: null };
    const maps: { name: string; map: SourceMap }[] = [];
    let bytes = 0;
    for (const row of rows) {
      // Checked at upload; a file that still fails (a parser changed since) is skipped, not fatal to ingest.
      try {
        if (row.kind === MappingKind.PROGUARD) {
          bundle.proguard = ProguardMapping.parse(row.content);
          // Strings of names, maps and arrays: about three times the text (measured by heap snapshots, roughly).
          bytes += row.content.length * 3;
        } else {
          const map = await SourceMap.parse(row.content);
          maps.push({ name: row.name, map });
          bytes += map.bytes;
        }
      } catch (err) {
        this.logger.error({ err, applicationName, applicationVersion, kind: row.kind, name: row.name }, 'stored mapping file does not parse; skipped');
      }
    }
    if (maps.length) bundle.sourceMaps = new SourceMapSet(maps);
    this.logger.info({ applicationName, applicationVersion, files: rows.length, bytes, ms: Date.now() - started }, 'mapping files parsed');
    return { deobfuscator: deobfuscatorOf(bundle), bytes };
  }
}
