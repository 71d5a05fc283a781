import { createHash, hash } from 'node:crypto';
import { applyIgnoreRules, groupTogetherRuleFor, NO_CUSTOM_RULES, type CustomRules } from './custom-rules';
import { CURRENT_GROUPING_CONFIG } from './grouping-config';
import { classifierFor } from './in-app';
import { normaliseMessage } from './normaliser';
import { basename } from './parsers/common';
import { collapseRecursion } from './recursion';
import { parseStackTrace } from './stack-parser';
import { buildTitle } from './title';
import type { Deobfuscator, FaultInput, GroupingComponent, GroupingConfig, GroupingResult, ParsedFrame, ParsedStack, StackFormat, StackFrame, WrappingException } from './types';

/** What a report says once normalised: the inputs of the components. */
interface NormalisedFault {
  errorCode: string;
  application: string;
  exceptionType: string | null;
  message: string | null;
  stack: ParsedStack | null;
  frames: StackFrame[];
  /** A cause chain's outermost exception, as the config reads it; null without a chain or under `causeChain: 'root'`. */
  wrapper: Wrapper | null;
}

/** What the exception wrapping a root cause says: its type and where it was thrown. */
interface Wrapper {
  type: string | null;
  /** Its first usable application frame; null when it has none (thrown by the runtime or a library). */
  crashSite: StackFrame | null;
}

/**
 * Groups one fault report: parse → classify frames (in app or not) → select the identifying
 * frames → components → hash. Each stage is its own function so that admin-defined rules
 * (docs/grouping.md, "Custom rules") can later step in between without touching the others.
 */
export function groupFault(
  input: FaultInput,
  config: GroupingConfig = CURRENT_GROUPING_CONFIG,
  rules: CustomRules = NO_CUSTOM_RULES,
  deobfuscator: Deobfuscator | null = null,
): GroupingResult {
  const fault = normaliseFault(input, config, rules, deobfuscator);
  const components = applyGroupTogether(buildComponents(fault, config), fault, rules);
  const topFrame = fault.frames.find((frame) => frame.contributes) ?? null;
  return {
    fingerprint: hashComponents(components),
    configVersion: config.id,
    format: fault.stack?.format ?? 'unknown',
    exceptionType: fault.exceptionType,
    normalisedMessage: fault.message,
    title: buildTitle(fault.errorCode, fault.exceptionType, topFrame, fault.message, config.maxTitleLength),
    frames: fault.frames,
    components,
  };
}

/** A given exception type or message wins over the one parsed from the trace. */
function normaliseFault(input: FaultInput, config: GroupingConfig, rules: CustomRules, deobfuscator: Deobfuscator | null): NormalisedFault {
  const trace = nonBlank(input.stackTrace);
  const parsed = trace === null ? null : parseStackTrace(trace, config.limits, config.parsing);
  // Mapped back to the source before anything reads the frames: obfuscated names change with
  // every build, the source's do not (docs/grouping.md, "Deobfuscation").
  const stack = parsed !== null && deobfuscator !== null ? deobfuscator.stack(parsed) : parsed;
  const givenType = nonBlank(input.exceptionType);
  const rawMessage = nonBlank(input.message) ?? stack?.message ?? null;
  const application = cut(input.applicationName.trim(), config.maxFieldLength);
  const frames = classifyFrames(stack, config);
  if (config.recursion === 'collapsed') collapseRecursion(frames);
  applyIgnoreRules(frames, rules, application);
  const wrapper =
    config.causeChain === 'root-and-wrapper' && stack?.wrapper !== undefined ? readWrapper(stack.wrapper, stack.format, config, rules, application) : null;
  return {
    errorCode: cut(input.errorCode.trim(), config.maxFieldLength),
    application,
    exceptionType: normaliseExceptionType(
      (givenType !== null && deobfuscator !== null ? deobfuscator.exceptionType(givenType) : givenType) ?? stack?.exceptionType ?? null,
      config,
    ),
    message: rawMessage === null ? null : nonBlank(normaliseMessage(rawMessage, config.messageRules, config.maxMessageLength)),
    stack,
    frames: selectFrames(frames, config.identifyingFrames, config.callers),
    wrapper,
  };
}

/**
 * The wrapper's type and its crash site: where the application caught the root cause and said
 * what it was doing. Only an application frame counts (a wrapper the runtime or a framework throws,
 * `Unable to start activity`, names its type only), and only the crash site, not its callers: the
 * same rule as for the root cause. Operator rules that ignore frames apply here too.
 */
function readWrapper(wrapper: WrappingException, format: StackFormat, config: GroupingConfig, rules: CustomRules, application: string): Wrapper {
  const frames = classify(wrapper.frames, format, config);
  applyIgnoreRules(frames, rules, application);
  return {
    type: normaliseExceptionType(wrapper.type, config),
    crashSite: frames.find((frame) => frame.inApp && frame.hint === null) ?? null,
  };
}

/**
 * A GROUP_TOGETHER rule overrides the components: the rule alone contributes, and every other
 * component says which rule put it aside.
 */
function applyGroupTogether(components: GroupingComponent[], fault: NormalisedFault, rules: CustomRules): GroupingComponent[] {
  const rule = groupTogetherRuleFor(rules, fault.errorCode, fault.application);
  if (!rule) return components;
  const hint = `ignored: grouping rule ${rule.id} groups every ${rule.errorCode} report${rule.applicationName ? ` of ${rule.applicationName}` : ''} together`;
  return [
    { id: 'rule', value: rule.id, contributes: true, hint: null },
    ...components.map((c) => ({ ...c, contributes: false, hint: c.contributes ? hint : c.hint })),
  ];
}

/** The text, or null when it is missing or only whitespace (without copying a long trace). */
function nonBlank(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return text;
  return null;
}

function cut(text: string, maxLength: number): string {
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

/**
 * The type without a trailing message: `java.lang.NullPointerException: boom` →
 * `java.lang.NullPointerException`. Only `: ` ends the type, so `std::runtime_error` survives.
 */
export function normaliseExceptionType(type: string | null, config: GroupingConfig): string | null {
  if (type === null) return null;
  let text = type.trim();
  const colon = text.indexOf(': ');
  if (colon > 0) text = text.slice(0, colon);
  else if (text.endsWith(':')) text = text.slice(0, -1);
  text = cut(text.trim(), config.maxFieldLength);
  return text === '' ? null : text;
}

/** Marks each parsed frame in app or not; nothing contributes yet. */
export function classifyFrames(stack: ParsedStack | null, config: GroupingConfig): StackFrame[] {
  return stack === null ? [] : classify(stack.frames, stack.format, config);
}

function classify(parsed: readonly ParsedFrame[], format: StackFormat, config: GroupingConfig): StackFrame[] {
  if (format === 'unknown') return [];
  const classifier = classifierFor(config.outOfApp[format]);
  const frames: StackFrame[] = new Array(parsed.length);
  for (let i = 0; i < frames.length; i++) {
    const frame = parsed[i];
    frames[i] = {
      function: frame.function,
      module: frame.module,
      file: frame.file,
      line: frame.line,
      inApp: classifier.isInApp(frame),
      contributes: false,
      hint: frame.unusable === null ? null : `ignored: ${frame.unusable}`,
      raw: frame.raw,
    };
    // Only deobfuscated frames carry the marker, so every other frame keeps one shape (and its stored JSON).
    if (frame.mapping !== undefined) frames[i].mapping = frame.mapping;
  }
  return frames;
}

/**
 * Takes the first `count` usable in-app frames from the crashing end; without any in-app frame,
 * the first `count` usable frames of any kind. Every other frame gets a hint saying why not.
 * With `callers: 'same-unit'` only the crashing frame's own unit (its class, module or file)
 * identifies the fault: a caller from elsewhere is one more way to reach the same fault.
 */
export function selectFrames(frames: StackFrame[], count: number, callers: GroupingConfig['callers'] = 'any'): StackFrame[] {
  const preferInApp = frames.some((frame) => frame.inApp && frame.hint === null);
  let taken = 0;
  let unit: string | null | undefined;
  let left = false;
  for (const frame of frames) {
    if (frame.hint !== null) continue;
    if (preferInApp && !frame.inApp) frame.hint = 'ignored: not an application frame';
    else if (taken >= count) frame.hint = `ignored: beyond the ${count} identifying frames`;
    else if (callers === 'same-unit' && taken > 0 && (left || unitOf(frame) !== unit)) {
      left = true;
      frame.hint = 'ignored: a caller outside the crashing unit';
    } else {
      if (taken === 0) unit = unitOf(frame);
      frame.contributes = true;
      taken++;
    }
  }
  return frames;
}

/** The class (Java), module (Python), library or source file (native) or script (JavaScript) a frame is in. */
function unitOf(frame: StackFrame): string | null {
  return frame.module ?? frame.file;
}

/**
 * How a frame reads in the fingerprint: its function qualified by module or file name, never a
 * line number. Java names already hold their class (`com.example.Foo.bar`); others read
 * `libgame.so!render_frame`, `renderer.js!Renderer.draw`, `game.render!draw`.
 */
export function frameKey(frame: StackFrame): string {
  const { module, function: fn, file } = frame;
  if (module !== null) return fn.startsWith(module) && fn.charCodeAt(module.length) === 46 ? fn : `${module}!${fn}`;
  return file === null ? fn : `${basename(file)}!${fn}`;
}

function buildComponents(fault: NormalisedFault, config: GroupingConfig): GroupingComponent[] {
  const { exceptionType, message } = fault;
  const messageBesideFrames = config.messageContributes === 'always';
  const keys = fault.frames.filter((frame) => frame.contributes).map(frameKey);
  const framesContribute = keys.length > 0;
  return [
    { id: 'errorCode', value: fault.errorCode, contributes: true, hint: null },
    { id: 'application', value: fault.application, contributes: true, hint: null },
    {
      id: 'exceptionType',
      value: exceptionType,
      contributes: exceptionType !== null,
      hint: exceptionType === null ? 'ignored: no exception type' : null,
    },
    {
      id: 'frames',
      value: framesContribute ? keys.join('\n') : null,
      contributes: framesContribute,
      hint: framesHint(fault.stack, fault.frames, framesContribute),
    },
    {
      id: 'message',
      value: message,
      contributes: (messageBesideFrames || !framesContribute) && message !== null,
      hint: framesContribute && !messageBesideFrames ? 'ignored: frames identify the fault' : message === null ? 'ignored: no message' : null,
    },
    ...(fault.wrapper === null ? [] : [wrapperComponent(fault.wrapper)]),
  ];
}

/** `java.io.IOException` and, on the next line, its crash site's key. Only chains have it. */
function wrapperComponent({ type, crashSite }: Wrapper): GroupingComponent {
  const parts = crashSite === null ? [type] : [type, frameKey(crashSite)];
  const value = parts.filter((part) => part !== null).join('\n');
  return value === ''
    ? { id: 'wrapper', value: null, contributes: false, hint: 'ignored: the wrapping exception names no type and no application frame' }
    : { id: 'wrapper', value, contributes: true, hint: null };
}

function framesHint(stack: ParsedStack | null, frames: readonly StackFrame[], contributes: boolean): string | null {
  if (contributes) {
    return frames.some((frame) => frame.inApp && frame.contributes) ? null : 'no application frames: the top frames of any kind identify the fault';
  }
  if (stack === null) return 'ignored: no stack trace';
  if (stack.format === 'unknown') return 'ignored: stack trace in no known format';
  return frames.length === 0 ? 'ignored: no frames' : 'ignored: no usable frames';
}

/**
 * Each contributing component as `id`, value length and value, one per line: length-prefixed, so
 * unambiguous whatever the values contain. Changing this encoding changes every fingerprint, and
 * so needs a new grouping config.
 */
function hashComponents(components: readonly GroupingComponent[]): string {
  let encoded = '';
  for (const c of components) {
    if (!c.contributes) continue;
    const value = c.value ?? '';
    encoded += `${c.id}\n${value.length}\n${value}\n`;
  }
  return sha256(encoded);
}

// crypto.hash (Node 20.12+) skips the Hash object; the fallback keeps older Node 20 working.
const sha256: (text: string) => string =
  typeof hash === 'function'
    ? (text) => hash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex');
