import { LRUCache } from 'lru-cache';
import { PROGUARD_PARSED_BYTES_PER_BYTE } from '../config/config';
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
  /**
   * Null when the version's files parse larger than the whole cache: kept out of the LRU (which
   * cannot hold it) as this small entry, so that the version is not mapped, rather than parsed again
   * for every report, until its files change. Uploads refuse a version that large
   * (FAULTBASE_MAPPING_VERSION_LIMIT), so only a source map far denser than usual gets here.
   */
  deobfuscator: Deobfuscator | null;
  bytes: number;
  /** The stamp of the files it was parsed from (mapping.sql.ts). */
  stamp: string;
  /** The version set's load that had completed when the parse began: the parse saw the files at least as they were then. */
  after: number;
}

/** The versions that have mapping files, each with its stamp; `load` numbers the loads in the order they completed. */
interface Versions {
  load: number;
  stamps: ReadonlyMap<string, string>;
}

const keyOf = (applicationName: string, applicationVersion: string) => `${applicationName}\u0000${applicationVersion}`;

/**
 * What ingest needs of the mapping files, without asking the database per report:
 * - the set of application versions that have any, each with a stamp of its files (one statement,
 *   reloaded when any process announces a change on the bus, and at least every 30 s should an
 *   event be missed), so a report of a version without mapping files costs a lookup in memory and
 *   nothing else;
 * - each such version's files, parsed on its first report and kept in an LRU bounded by the memory
 *   they take (FAULTBASE_MAPPING_CACHE_MB); a version that falls out is read and parsed again.
 *   Parsed files are used while their stamp is the set's, so a process that missed an event (Redis
 *   reconnecting) parses the new files after its next reload of the set, not never.
 * Changes are tracked per version: a change to one version never discards another's parse.
 */
export class MappingCache {
  private readonly versions: ReloadingCache<Versions>;
  private readonly parsed: LRUCache<string, Loaded>;
  private readonly oversized = new Map<string, Loaded>();
  private readonly loading = new Map<string, { stamp: string; after: number; promise: Promise<Loaded> }>();
  private versionLoads = 0;
  /**
   * Parses run one at a time: each holds a whole version's text and what it parses into, and
   * first reports of several large versions at once (after a restart) must not hold them all.
   */
  private parsing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: Sql,
    events: EventBus,
    private readonly logger: Logger,
    private readonly maxBytes: number,
  ) {
    const loadVersions = async (): Promise<Versions> => {
      const rows = await sql.query<{ application_name: string; application_version: string; stamp: string }>(VERSIONS_WITH_MAPPINGS, []);
      // Numbered when the rows are in: a parse that begins after this has completed reads files at least this new.
      return { load: ++this.versionLoads, stamps: new Map(rows.map((r) => [keyOf(r.application_name, r.application_version), r.stamp])) };
    };
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
    if (known.stamps.size === 0) return versions.map(() => null);
    return Promise.all(
      versions.map((v) => {
        const stamp = known.stamps.get(keyOf(v.name, v.version));
        return stamp === undefined ? null : this.load(v.name, v.version, stamp, known.load).then((l) => l.deobfuscator);
      }),
    );
  }

  /** The version's deobfuscator as its files are now (re-grouping asks after an upload); null without files. */
  async deobfuscatorOf(applicationName: string, applicationVersion: string): Promise<Deobfuscator | null> {
    this.forget(applicationName, applicationVersion);
    const [deobfuscator] = await this.deobfuscators([{ name: applicationName, version: applicationVersion }]);
    return deobfuscator ?? null;
  }

  /** This process's copy of a version's files is stale (the others hear it on the bus). */
  forget(applicationName: string, applicationVersion: string): void {
    const key = keyOf(applicationName, applicationVersion);
    this.parsed.delete(key);
    this.oversized.delete(key);
    // A parse under way is not kept when it ends (load checks it is still the one registered).
    this.loading.delete(key);
    this.versions.invalidate();
  }

  /**
   * The version's parsed files for the set's `stamp`, as of the set's load `after`. A parse whose
   * stamp differs is still current when it began after that load (its files are newer than the
   * set's: the set catches up at its next reload); otherwise it is stale and parsed again.
   */
  private load(applicationName: string, applicationVersion: string, stamp: string, after: number): Promise<Loaded> {
    const key = keyOf(applicationName, applicationVersion);
    const cached = this.parsed.get(key) ?? this.oversized.get(key);
    if (cached && (cached.stamp === stamp || cached.after >= after)) return Promise.resolve(cached);
    const pending = this.loading.get(key);
    // A parse under way serves while the set still has the stamp it began under: the set reloads on
    // every other version's upload and every 30 s, and none of that makes this version's parse stale.
    if (pending && (pending.stamp === stamp || pending.after >= after)) return pending.promise;
    const turn = this.parsing.then(() => this.parse(applicationName, applicationVersion, after));
    this.parsing = turn.catch(() => undefined);
    const started = { stamp, after, promise: turn };
    this.loading.set(key, started);
    void turn.then(
      (loaded) => {
        // Forgotten meanwhile, or overtaken by a parse begun for a newer stamp of the version.
        if (this.loading.get(key) !== started) return;
        this.loading.delete(key);
        this.parsed.delete(key);
        this.oversized.delete(key);
        if (loaded.deobfuscator === null) this.oversized.set(key, loaded);
        else this.parsed.set(key, loaded);
      },
      () => {
        if (this.loading.get(key) === started) this.loading.delete(key);
      },
    );
    return turn;
  }

  private async parse(applicationName: string, applicationVersion: string, after: number): Promise<Loaded> {
    const started = Date.now();
    const rows = await this.sql.query<{ kind: MappingKind; name: string; content: string; stamp: string }>(MAPPING_FILES_OF_VERSION, [applicationName, applicationVersion]);
    const bundle: MappingBundle = { proguard: null, sourceMaps: null };
    const maps: { name: string; map: SourceMap }[] = [];
    let bytes = 0;
    for (const row of rows) {
      // Checked at upload; a file that still fails (a parser changed since) is skipped, not fatal to ingest.
      try {
        if (row.kind === MappingKind.PROGUARD) {
          bundle.proguard = ProguardMapping.parse(row.content);
          bytes += row.content.length * PROGUARD_PARSED_BYTES_PER_BYTE;
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
    const stamp = rows[0]?.stamp ?? '';
    this.logger.info({ applicationName, applicationVersion, files: rows.length, bytes, ms: Date.now() - started }, 'mapping files parsed');
    if (bytes > this.maxBytes) {
      this.logger.error(
        { applicationName, applicationVersion, bytes, maxBytes: this.maxBytes },
        'mapping files parse larger than FAULTBASE_MAPPING_CACHE_MB: the version is not mapped until its files change',
      );
      return { deobfuscator: null, bytes, stamp, after };
    }
    return { deobfuscator: deobfuscatorOf(bundle), bytes, stamp, after };
  }
}
