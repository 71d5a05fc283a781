import type { Deobfuscator, ParsedFrame, ParsedStack } from '../signatures/grouping';
import { isDigits, normaliseJavaSymbol, normaliseJsFunction } from '../signatures/grouping';
import type { ProguardMapping } from './proguard';
import type { SourceMapSet } from './source-maps';

/** An application version's mapping files, parsed: what the cache keeps. */
export interface MappingBundle {
  proguard: ProguardMapping | null;
  sourceMaps: SourceMapSet | null;
}

/** Inlined frames can make a trace longer; it stays within the parser's frame limit. */
const MAX_FRAMES = 256;

/**
 * The grouping engine's view of a bundle: Java traces through the ProGuard mapping, JavaScript
 * traces through the source maps. Frames read their obfuscated names from `raw` (the parsers have
 * normalised `function` already, and `a$1` must be looked up as printed), keep `raw` as sent, and
 * are marked with the kind of mapping that changed them.
 */
export function deobfuscatorOf(bundle: MappingBundle): Deobfuscator {
  return {
    stack(stack) {
      if (stack.format === 'java' && bundle.proguard) return retraceJava(stack, bundle.proguard);
      if (stack.format === 'javascript' && bundle.sourceMaps) return symbolicateScript(stack, bundle.sourceMaps);
      return stack;
    },
    exceptionType(type) {
      return bundle.proguard ? bundle.proguard.className(type) : type;
    },
  };
}

function retraceJava(stack: ParsedStack, mapping: ProguardMapping): ParsedStack {
  const type = stack.exceptionType === null ? null : mapping.className(stack.exceptionType);
  const retraced: ParsedStack = { ...stack, exceptionType: type, frames: retraceFrames(stack.frames, mapping) };
  // A cause chain's wrapper identifies it too (grouping config 2026-12-03): mapped the same way.
  const wrapper = stack.wrapper;
  if (wrapper !== undefined) {
    retraced.wrapper = { type: wrapper.type === null ? null : mapping.className(wrapper.type), frames: retraceFrames(wrapper.frames, mapping) };
  }
  return retraced;
}

function retraceFrames(parsed: readonly ParsedFrame[], mapping: ProguardMapping): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  for (const frame of parsed) {
    const symbol = javaSymbolOf(frame.raw);
    const dot = symbol === null ? -1 : symbol.lastIndexOf('.');
    const retraced = dot > 0 ? mapping.retrace(symbol!.slice(0, dot), symbol!.slice(dot + 1), frame.line) : null;
    if (retraced === null) {
      frames.push(frame);
      continue;
    }
    for (const r of retraced) {
      // The source's names, normalised as the Java parser normalises any name (anonymous classes, lambdas).
      const normalised = normaliseJavaSymbol(`${r.className}.${r.methodName}`);
      const className = normaliseJavaSymbol(r.className).name;
      frames.push({
        function: normalised.name,
        module: className,
        file: r.sourceFile,
        line: r.line,
        raw: frame.raw,
        unusable: normalised.unusable,
        mapping: 'PROGUARD',
      });
    }
  }
  return frames.length > MAX_FRAMES ? frames.slice(0, MAX_FRAMES) : frames;
}

/** `at a.b.c(Unknown Source)`, `at app//a.b.c(SourceFile:3)`, `- a/b/c(), bci=5` → `a.b.c`. */
function javaSymbolOf(raw: string): string | null {
  const line = raw.trim();
  const open = line.indexOf('(');
  if (open < 3) return null;
  if (line.startsWith('- ')) return line.slice(2, open).trim().replaceAll('/', '.');
  if (!line.startsWith('at ')) return null;
  const name = line.slice(3, open).trim();
  return name.slice(name.lastIndexOf('/') + 1);
}

interface ScriptPosition {
  name: string;
  script: string;
  line: number;
  column: number;
}

/**
 * Each frame's position mapped through its script's source map. A minified frame's function name
 * is the minified one; the original is the name the map gives at the *caller's* call site (the
 * frame below it in the trace), which names the function called, as Node's `--enable-source-maps`
 * does. The outermost frame has no caller, and keeps its minified name.
 */
function symbolicateScript(stack: ParsedStack, maps: SourceMapSet): ParsedStack {
  const positions = stack.frames.map((f) => scriptPositionOf(f.raw));
  const originals = positions.map((p) => (p === null ? null : (maps.find(p.script)?.originalPositionFor(p.line, Math.max(0, p.column - 1)) ?? null)));
  let changed = false;
  const frames = stack.frames.map((frame, i) => {
    const original = originals[i];
    if (!original) return frame;
    changed = true;
    const name = originals[i + 1]?.name ?? null;
    return {
      function: name ?? normaliseJsFunction(positions[i]!.name),
      module: null,
      file: original.source,
      line: original.line,
      raw: frame.raw,
      unusable: frame.unusable,
      mapping: 'SOURCE_MAP' as const,
    };
  });
  return changed ? { ...stack, frames } : stack;
}

/** V8 `at fn (url:line:col)`, `at url:line:col`, Gecko `fn@url:line:col`; null without a column. */
function scriptPositionOf(raw: string): ScriptPosition | null {
  const line = raw.trim();
  let name = '';
  let location: string;
  if (line.startsWith('at ')) {
    let body = line.slice(3);
    if (body.startsWith('async ')) body = body.slice(6);
    const open = body.endsWith(')') ? body.indexOf(' (') : -1;
    if (open > 0) {
      name = body.slice(0, open);
      location = body.slice(open + 2, -1);
    } else location = body;
  } else {
    const at = line.indexOf('@');
    if (at < 0) return null;
    name = line.slice(0, at);
    location = line.slice(at + 1);
  }
  // Read from the end with indexOf, no regex: the line is device input.
  const columnColon = location.lastIndexOf(':');
  const lineColon = columnColon > 0 ? location.lastIndexOf(':', columnColon - 1) : -1;
  if (lineColon <= 0) return null;
  const lineText = location.slice(lineColon + 1, columnColon);
  const columnText = location.slice(columnColon + 1);
  if (!isDigits(lineText) || !isDigits(columnText)) return null;
  return { name, script: location.slice(0, lineColon), line: Number(lineText), column: Number(columnText) };
}
