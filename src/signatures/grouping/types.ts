/**
 * Shapes of the grouping engine. Grouping is pure: one fault report in, a fingerprint plus the
 * explanation of how it was made out (components and frames, each saying whether it contributes
 * and, if not, why — the Sentry model).
 */

export interface FaultInput {
  errorCode: string;
  applicationName: string;
  exceptionType?: string | null;
  message?: string | null;
  stackTrace?: string | null;
}

export type StackFormat = 'java' | 'native' | 'javascript' | 'python' | 'unknown';

export interface StackFrame {
  /** Normalised function/method name, e.g. "com.example.game.Renderer.drawSprite" or "render_frame". */
  function: string;
  /** Package/class/module/library where known. */
  module: string | null;
  /** File name without line numbers. */
  file: string | null;
  /** As parsed; kept for display, never used in the fingerprint. */
  line: number | null;
  /** Application frame (true) vs runtime/library frame (false). */
  inApp: boolean;
  /** Whether this frame went into the fingerprint. */
  contributes: boolean;
  /** Why it does not contribute, e.g. "ignored: not an application frame". */
  hint: string | null;
  /** The original line, cut to the safe length. */
  raw: string;
  /**
   * Set when the frame was mapped back to the source by a mapping file (the other fields then
   * read the source's names and lines, and `raw` the line as the device sent it); absent otherwise.
   */
  mapping?: FrameMapping;
}

/** The kind of mapping file a frame was deobfuscated with. */
export type FrameMapping = 'PROGUARD' | 'SOURCE_MAP';

/**
 * Maps a parsed trace back to the source with an application version's mapping files (ProGuard
 * `mapping.txt`, JavaScript source maps), before frames are classified and selected, so that
 * builds whose obfuscated or minified names differ group together. Pure and synchronous: the
 * caller loads the mapping files first (src/mappings).
 */
export interface Deobfuscator {
  /** The stack with its frames (and exception type) mapped where a mapping knows them; frames it cannot map stay as parsed. */
  stack(stack: ParsedStack): ParsedStack;
  /** An exception type the device gave, mapped (an obfuscated class name); anything else unchanged. */
  exceptionType(type: string): string;
}

/** A frame as a parser produces it, before in-app classification and frame selection. */
export interface ParsedFrame extends Omit<StackFrame, 'contributes' | 'hint' | 'inApp'> {
  /**
   * Why this frame can never identify a fault (machine-generated or unsymbolicated), e.g.
   * "synthetic lambda frame"; null for an ordinary frame.
   */
  unusable: string | null;
}

export interface ParsedStack {
  format: StackFormat;
  /** The exception the frames belong to: for chained exceptions, the root cause (see docs/grouping.md). */
  exceptionType: string | null;
  message: string | null;
  /** Innermost (crashing) frame first, whatever order the format prints them in. */
  frames: ParsedFrame[];
  /** True when lines or frames were dropped by the safety limits. */
  truncated: boolean;
  /**
   * With a cause chain (Java `Caused by:`), the outermost exception, the one that wraps the root
   * cause: what the application said had failed, and where. Absent without a chain.
   */
  wrapper?: WrappingException;
}

/** The outermost exception of a cause chain, as parsed: its own frames, innermost first. */
export interface WrappingException {
  type: string | null;
  frames: ParsedFrame[];
}

/** `rule`: an operator's GROUP_TOGETHER rule decided the group (see custom-rules.ts). */
export type GroupingComponentId = 'errorCode' | 'exceptionType' | 'application' | 'frames' | 'message' | 'wrapper' | 'rule';

export interface GroupingComponent {
  id: GroupingComponentId;
  /** The normalised value used (frames: the identifying frame keys joined by newlines). */
  value: string | null;
  contributes: boolean;
  /** e.g. "ignored: frames identify the fault", "ignored: no message". */
  hint: string | null;
}

export interface GroupingResult {
  /** Hex sha256 of the contributing components' ids and values, joined unambiguously. */
  fingerprint: string;
  /** The grouping config id that produced the fingerprint. */
  configVersion: string;
  format: StackFormat;
  exceptionType: string | null;
  normalisedMessage: string | null;
  /** Short human title, at most 200 characters. */
  title: string;
  /** Parsed frames (capped), innermost first, each marked contributes/hint. */
  frames: StackFrame[];
  components: GroupingComponent[];
}

/** Formats that have frames, and so in-app tables. */
export type FrameFormat = Exclude<StackFormat, 'unknown'>;

/**
 * Which frames belong to the runtime or to libraries rather than to the application.
 * A frame is out of app when any entry matches; everything else is in app.
 */
export interface OutOfAppRules {
  /** Matched with startsWith against the normalised function name. */
  readonly functionPrefixes: readonly string[];
  /** Matched with startsWith against the module (class, library or Python module). */
  readonly modulePrefixes: readonly string[];
  /** Matched with startsWith against the file path, with `/` as separator (e.g. "node:"). */
  readonly pathPrefixes: readonly string[];
  /** Matched anywhere in the file path, with `/` as separator (e.g. "node_modules/"). */
  readonly pathFragments: readonly string[];
}

/** Limits applied before any regex runs, so the cost of parsing is bounded by construction. */
export interface ParseLimits {
  /** Longer lines are cut to this many characters. */
  readonly maxLineLength: number;
  /** Lines after this many are not read. */
  readonly maxLines: number;
  /** Frames after this many are dropped. */
  readonly maxFrames: number;
}

/**
 * How traces are read, as a config chose (so an older config keeps reading them its way):
 * - `detection`: `first-line` lets the first line any parser sniffs decide the format;
 *   `evidence` counts, over the whole trace, the lines each parser recognises as its frames and
 *   takes the format with most (a Java message continued by a line starting `at ` stays Java).
 * - `scriptNames`: `hex-hashes` drops hexadecimal bundle hashes from script file names;
 *   `build-parts` drops every part a build makes up (base-64 content hashes, numeric chunk ids).
 */
export interface ParseOptions {
  readonly detection: 'first-line' | 'evidence';
  readonly scriptNames: 'hex-hashes' | 'build-parts';
}

/**
 * A frozen, versioned set of grouping rules. A signature stores the id of the config that made
 * it; a change of rules is a new config with a new id, never an edit of an old one.
 *
 * Admin-defined rules applied at ingest (ignore frames matching a pattern, group every report of
 * an error code together, ...) are meant to arrive as a separate, per-tenant argument to
 * groupFault rather than as fields here: they change at runtime and belong to an operator, while
 * a config is code, shipped and frozen. Each pipeline stage (classify, select, components) is
 * a separate function so such rules can step in between; see docs/grouping.md.
 */
export interface GroupingConfig {
  /** e.g. "faultbase:2026-11-25". */
  readonly id: string;
  readonly description: string;
  /**
   * The config this one replaces, while the upgrade is in transition: ingest also computes that
   * config's fingerprint, so a fault the old config already made a signature for keeps landing
   * there (docs/grouping.md, "Config upgrades"). Null when no transition is running.
   */
  readonly upgradesFrom: string | null;
  readonly limits: ParseLimits;
  readonly parsing: ParseOptions;
  /**
   * `collapsed`: a run of frames repeated back to back (recursion) counts once, so the depth of a
   * recursion never splits a fault; a recursion that fills the trace (a stack overflow) is
   * identified by its cycle, not by where the stack ran out. `kept`: frames as printed.
   */
  readonly recursion: 'kept' | 'collapsed';
  /** How many in-app frames, counted from the crashing end, identify a fault. */
  readonly identifyingFrames: number;
  /**
   * When the parameterised message contributes: `without-frames` only when no frame does;
   * `always` beside the frames too, so that two faults that crash at the same place with the same
   * type stay apart by what they say.
   */
  readonly messageContributes: 'without-frames' | 'always';
  /**
   * Which callers of the crashing frame identify the fault with it: `any` (up to
   * identifyingFrames), or `same-unit`, only those in the crashing frame's class, module or file.
   */
  readonly callers: 'any' | 'same-unit';
  /**
   * What identifies a cause chain: `root`, the root cause alone (its type, frames and message);
   * `root-and-wrapper`, also the outermost exception's type and its crash site (its first usable
   * application frame), so that one helper failing inside two operations that each say what they
   * were doing stays two faults (docs/grouping.md, "Cause chains").
   */
  readonly causeChain: 'root' | 'root-and-wrapper';
  /** Messages are cut to this length before they are normalised. */
  readonly maxMessageLength: number;
  /** Error codes, application names and exception types are cut to this length. */
  readonly maxFieldLength: number;
  readonly maxTitleLength: number;
  /** Names of message normaliser rules (see normaliser.ts), applied in this order. */
  readonly messageRules: readonly string[];
  readonly outOfApp: Readonly<Record<FrameFormat, OutOfAppRules>>;
}
