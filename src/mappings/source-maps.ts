import { SourceMapConsumer } from 'source-map';

/** Where a generated position comes from. */
export interface OriginalPosition {
  source: string;
  line: number;
  /** The original identifier at that position, when the map names one. */
  name: string | null;
}

/**
 * One source map, decoded once by the `source-map` package and kept as typed arrays sorted by
 * generated position: a few bytes per mapping, freed by the garbage collector when the cache lets
 * it go. (The package's consumers hold their mappings in WebAssembly memory that only an explicit
 * `destroy()` frees, which a bounded cache shared by concurrent requests cannot call safely.)
 */
export class SourceMap {
  private constructor(
    private readonly generatedLine: Int32Array,
    private readonly generatedColumn: Int32Array,
    /** Index into `sources`, -1 for a mapping to no source. */
    private readonly source: Int32Array,
    private readonly originalLine: Int32Array,
    /** Index into `names`, -1 when the mapping names nothing. */
    private readonly name: Int32Array,
    private readonly sources: readonly string[],
    private readonly names: readonly string[],
    /** The map's own `file`, when it names one. */
    readonly file: string | null,
  ) {}

  /** About what it holds in memory, for the cache's bound. */
  get bytes(): number {
    return this.generatedLine.length * 20 + [...this.sources, ...this.names].reduce((n, s) => n + 2 * s.length + 16, 0);
  }

  get mappingCount(): number {
    return this.generatedLine.length;
  }

  /** Decodes a source map (also an index map with sections); throws when it is not one. */
  static async parse(text: string): Promise<SourceMap> {
    const raw = JSON.parse(text) as { file?: unknown };
    const consumer = await new SourceMapConsumer(raw as never);
    try {
      const sourceIndex = new Map<string, number>();
      const nameIndex = new Map<string, number>();
      const intern = (index: Map<string, number>, value: string) => {
        let i = index.get(value);
        if (i === undefined) index.set(value, (i = index.size));
        return i;
      };
      // Typed columns grown by doubling: a map of millions of mappings never becomes millions of JS numbers.
      let columns: Int32Array[] = Array.from({ length: 5 }, () => new Int32Array(1024));
      let count = 0;
      consumer.eachMapping(
        (m) => {
          if (count === columns[0]!.length) columns = columns.map((c) => grow(c));
          columns[0]![count] = m.generatedLine;
          columns[1]![count] = m.generatedColumn;
          columns[2]![count] = m.source ? intern(sourceIndex, m.source) : -1;
          columns[3]![count] = m.originalLine ?? 0;
          columns[4]![count] = m.name ? intern(nameIndex, m.name) : -1;
          count++;
        },
        null,
        SourceMapConsumer.GENERATED_ORDER,
      );
      columns = columns.map((c) => c.slice(0, count));
      return new SourceMap(
        columns[0]!,
        columns[1]!,
        columns[2]!,
        columns[3]!,
        columns[4]!,
        [...sourceIndex.keys()],
        [...nameIndex.keys()],
        typeof raw.file === 'string' && raw.file !== '' ? raw.file : null,
      );
    } finally {
      consumer.destroy();
    }
  }

  /**
   * The original position of a generated one (line 1-based, column 0-based, as the package counts):
   * the last mapping at or before it on its line, as browsers' and Sentry's symbolicators read it.
   */
  originalPositionFor(line: number, column: number): OriginalPosition | null {
    let lo = 0;
    let hi = this.generatedLine.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const l = this.generatedLine[mid]!;
      if (l < line || (l === line && this.generatedColumn[mid]! <= column)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0 || this.generatedLine[found] !== line || this.source[found] === -1) return null;
    const name = this.name[found]!;
    return { source: this.sources[this.source[found]!]!, line: this.originalLine[found]!, name: name === -1 ? null : this.names[name]! };
  }
}

/**
 * The source maps of one application version, found by the minified file a frame names, as
 * Sentry's release artifacts are: by the full URL, else by its path (a map uploaded as
 * `~/static/js/main.js` or `/static/js/main.js` serves any host), else by the file name.
 */
export class SourceMapSet {
  private readonly byKey = new Map<string, SourceMap>();

  constructor(maps: readonly { name: string; map: SourceMap }[]) {
    // The most precise key wins; names sorted, so that two uploads that share a file name resolve one way.
    const sorted = [...maps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const keyOf of [(n: string) => n, pathOf, fileNameOf]) {
      for (const { name, map } of sorted) {
        const key = keyOf(name);
        if (key && !this.byKey.has(key)) this.byKey.set(key, map);
      }
    }
  }

  /** The map of a frame's script (a URL, a path or a file name), if one was uploaded. */
  find(script: string): SourceMap | null {
    return this.byKey.get(script) ?? this.byKey.get(pathOf(script) ?? '') ?? this.byKey.get(fileNameOf(script) ?? '') ?? null;
  }
}

/** `https://cdn.acme.com/static/app.js?v=2#x` → `/static/app.js`; `~/static/app.js` → `/static/app.js`. */
export function pathOf(script: string): string | null {
  let s = script;
  const cut = s.search(/[?#]/);
  if (cut >= 0) s = s.slice(0, cut);
  if (s.startsWith('~/')) return s.slice(1);
  const scheme = s.indexOf('://');
  if (scheme > 0) {
    const slash = s.indexOf('/', scheme + 3);
    return slash > 0 ? s.slice(slash) : null;
  }
  return s.startsWith('/') ? s : null;
}

/** The last path segment, without a query or fragment. */
export function fileNameOf(script: string): string | null {
  const cut = script.search(/[?#]/);
  const s = cut >= 0 ? script.slice(0, cut) : script;
  const name = s.slice(s.lastIndexOf('/') + 1);
  return name === '' ? null : name;
}

function grow(column: Int32Array): Int32Array {
  const bigger = new Int32Array(column.length * 2);
  bigger.set(column);
  return bigger;
}
