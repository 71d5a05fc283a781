/**
 * ProGuard / R8 `mapping.txt`, the format `retrace` reads
 * (https://www.guardsquare.com/manual/tools/retrace, https://r8.googlesource.com/r8/+/refs/heads/main/doc/retrace.md):
 *
 *   # compiler: R8                                          comment (R8 metadata is `# {json}`)
 *   com.acme.shop.Cart -> a.b:                              class: original -> obfuscated
 *   # {"id":"sourceFile","fileName":"Cart.kt"}              the class's source file (R8)
 *       int count -> a                                      field (not needed for frames)
 *       void clear() -> b                                   method without line information
 *       12:15:void add(com.acme.shop.Item):30:33 -> c       obfuscated lines 12-15 are original 30-33
 *       16:16:int total():40 -> c                           one original line
 *       17:17:void com.acme.util.Log.w(java.lang.String):5:5 -> d   inlined from another class...
 *       17:17:void checkout():52 -> d                       ...into checkout, called from line 52
 *
 * Lines sharing an obfuscated range under one obfuscated name are an inline chain, innermost
 * first: one frame of the trace is several frames of the source. Several originals for one
 * obfuscated name (ProGuard gives overloads and unrelated methods the same short name) are told
 * apart by the frame's line where the ranges allow.
 */

/** One method line of a class. */
interface MemberMapping {
  /** Obfuscated line range, null when the line carries none. */
  readonly obfuscatedStart: number | null;
  readonly obfuscatedEnd: number | null;
  /** The class the original method is in: the mapped class, or another one it was inlined from. */
  readonly originalClass: string;
  readonly originalName: string;
  /** Original line range; null when the line gives none (the obfuscated lines are then the original ones). */
  readonly originalStart: number | null;
  readonly originalEnd: number | null;
}

interface ClassMapping {
  readonly original: string;
  sourceFile: string | null;
  /** By obfuscated method name, in file order. */
  readonly methods: Map<string, MemberMapping[]>;
}

/** A source position a frame maps back to. */
export interface RetracedFrame {
  className: string;
  /** One method name, or several ambiguous candidates joined by `|` in sorted order. */
  methodName: string;
  sourceFile: string | null;
  line: number | null;
}

export class ProguardMappingError extends Error {
  constructor(
    readonly lineNumber: number,
    message: string,
  ) {
    super(`line ${lineNumber}: ${message}`);
  }
}

// `a.b.C -> x.y:`; names may hold `$`, `-` (R8 synthetic names), digits.
const CLASS_LINE = /^(\S+) -> (\S+):$/;
// `[12:15:]type name(args)[:30[:33]] -> obf`; the return type and arguments are skipped.
const METHOD_LINE = /^(?:(\d+):(\d+):)?\S+ ([^\s(]+)\([^)]*\)(?::(\d+)(?::(\d+))?)? -> (\S+)$/;
// `type name -> obf`: a field.
const FIELD_LINE = /^\S+ [^\s(]+ -> \S+$/;
const SOURCE_FILE = /"id"\s*:\s*"sourceFile".*"fileName"\s*:\s*"([^"]+)"/;

export class ProguardMapping {
  private constructor(
    /** By obfuscated class name. */
    private readonly classes: Map<string, ClassMapping>,
    /** Source files by original class name, for methods inlined from another class. */
    private readonly sourceFiles: Map<string, string>,
  ) {}

  get classCount(): number {
    return this.classes.size;
  }

  /** Parses a whole file; throws ProguardMappingError naming the first line it cannot read. */
  static parse(text: string): ProguardMapping {
    const classes = new Map<string, ClassMapping>();
    const sourceFiles = new Map<string, string>();
    let current: ClassMapping | null = null;
    let lineNumber = 0;
    for (const rawLine of text.split('\n')) {
      lineNumber++;
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      const trimmed = line.trim();
      if (trimmed === '') continue;
      if (trimmed.startsWith('#')) {
        const file = current === null ? null : SOURCE_FILE.exec(trimmed);
        if (file && current) {
          current.sourceFile = file[1]!;
          sourceFiles.set(current.original, file[1]!);
        }
        continue;
      }
      if (line.charCodeAt(0) !== 32 && line.charCodeAt(0) !== 9) {
        const m = CLASS_LINE.exec(trimmed);
        if (!m) throw new ProguardMappingError(lineNumber, 'expected a class line `original.Name -> obfuscated:`');
        current = { original: m[1]!, sourceFile: null, methods: new Map() };
        classes.set(m[2]!, current);
        continue;
      }
      if (current === null) throw new ProguardMappingError(lineNumber, 'a member line before any class line');
      const m = METHOD_LINE.exec(trimmed);
      if (!m) {
        if (FIELD_LINE.test(trimmed)) continue;
        throw new ProguardMappingError(lineNumber, 'expected a field or method line `type name[(args)] -> obfuscated`');
      }
      const [, obfStart, obfEnd, name, origStart, origEnd, obfuscated] = m;
      const dot = name!.lastIndexOf('.');
      const member: MemberMapping = {
        obfuscatedStart: obfStart === undefined ? null : Number(obfStart),
        obfuscatedEnd: obfEnd === undefined ? null : Number(obfEnd),
        originalClass: dot > 0 ? name!.slice(0, dot) : current.original,
        originalName: dot > 0 ? name!.slice(dot + 1) : name!,
        originalStart: origStart === undefined ? null : Number(origStart),
        originalEnd: origEnd === undefined ? null : Number(origEnd),
      };
      const list = current.methods.get(obfuscated!);
      if (list) list.push(member);
      else current.methods.set(obfuscated!, [member]);
    }
    if (classes.size === 0) throw new ProguardMappingError(lineNumber, 'no class line: not a ProGuard mapping file');
    return new ProguardMapping(classes, sourceFiles);
  }

  /** The original name of an obfuscated class, or the name unchanged when the mapping does not rename it. */
  className(obfuscated: string): string {
    return this.classes.get(obfuscated)?.original ?? obfuscated;
  }

  /**
   * The source frames of one obfuscated frame, innermost first (several when methods were
   * inlined into it); null when the mapping does not know its class.
   */
  retrace(obfuscatedClass: string, obfuscatedMethod: string, line: number | null): RetracedFrame[] | null {
    const cls = this.classes.get(obfuscatedClass);
    if (!cls) return null;
    const members = cls.methods.get(obfuscatedMethod);
    // A method the mapping does not list kept its name (constructors, kept entry points).
    if (!members) return [{ className: cls.original, methodName: obfuscatedMethod, sourceFile: this.sourceFileOf(cls.original), line }];

    if (line !== null) {
      const chain = members.filter((m) => m.obfuscatedStart !== null && m.obfuscatedStart <= line && line <= m.obfuscatedEnd!);
      if (chain.length > 0 && sameRange(chain)) {
        return chain.map((m) => ({
          className: m.originalClass,
          methodName: m.originalName,
          sourceFile: this.sourceFileOf(m.originalClass),
          line: originalLine(m, line),
        }));
      }
    }
    // No line, or one the ranges do not place: the method is one of the chains' outer methods.
    const outer = outerMethods(members);
    const classes = new Set(outer.map((m) => m.originalClass));
    if (classes.size > 1) {
      // Candidates in several classes (inlined code): each qualified, in one stable order.
      const names = [...new Set(outer.map((m) => `${m.originalClass}.${m.originalName}`))].sort();
      return [{ className: cls.original, methodName: names.join('|'), sourceFile: this.sourceFileOf(cls.original), line: null }];
    }
    const [className] = classes;
    const names = [...new Set(outer.map((m) => m.originalName))].sort();
    return [{ className: className!, methodName: names.join('|'), sourceFile: this.sourceFileOf(className!), line: names.length === 1 ? singleLine(outer, line) : null }];
  }

  /** R8 names the file; ProGuard does not, and retrace then names it after the outer class. */
  private sourceFileOf(className: string): string | null {
    const known = this.sourceFiles.get(className);
    if (known) return known;
    const simple = className.slice(className.lastIndexOf('.') + 1);
    const outer = simple.split('$')[0];
    return outer ? `${outer}.java` : null;
  }
}

function sameRange(members: readonly MemberMapping[]): boolean {
  const [first] = members;
  return members.every((m) => m.obfuscatedStart === first!.obfuscatedStart && m.obfuscatedEnd === first!.obfuscatedEnd);
}

/** The last member of each inline chain (consecutive members with one range), and members without a range. */
function outerMethods(members: readonly MemberMapping[]): MemberMapping[] {
  const outer: MemberMapping[] = [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const next = members[i + 1];
    const chained = next !== undefined && m.obfuscatedStart !== null && next.obfuscatedStart === m.obfuscatedStart && next.obfuscatedEnd === m.obfuscatedEnd;
    if (!chained) outer.push(m);
  }
  return outer;
}

/** The original line of an obfuscated one inside a member's range. */
function originalLine(m: MemberMapping, line: number): number | null {
  if (m.originalStart === null) return line;
  // `:40` alone, or a range of another length (R8 collapsed lines): the one line it names.
  if (m.originalEnd === null || m.originalEnd - m.originalStart !== m.obfuscatedEnd! - m.obfuscatedStart!) return m.originalStart;
  return m.originalStart + (line - m.obfuscatedStart!);
}

/** Without a placing line, a line is known only when the method has a single original line. */
function singleLine(members: readonly MemberMapping[], line: number | null): number | null {
  if (members.length === 1 && members[0]!.obfuscatedStart === null) return line;
  const lines = new Set(members.map((m) => (m.originalEnd === null || m.originalEnd === m.originalStart ? m.originalStart : -1)));
  const [only] = lines;
  return lines.size === 1 && only !== null && only !== -1 && only !== undefined ? only : null;
}
