import { MESSAGE_RULE_NAMES } from './normaliser';
import type { GroupingConfig, OutOfAppRules } from './types';

/**
 * Grouping configs are frozen and versioned: a signature records the id of the config that made
 * its fingerprint, so changing a rule means adding a config with a new id (and making it current),
 * never editing one that fingerprints were already computed with. Old configs stay registered so
 * a report can still be grouped the way its signature was (see docs/grouping.md).
 */

function outOfApp(rules: Partial<OutOfAppRules>): OutOfAppRules {
  return { functionPrefixes: [], modulePrefixes: [], pathPrefixes: [], pathFragments: [], ...rules };
}

const JAVA_RUNTIME: OutOfAppRules = outOfApp({
  functionPrefixes: [
    'java.', 'javax.', 'javax.microedition.', 'jdk.', 'sun.', 'com.sun.',
    'kotlin.', 'kotlinx.', 'scala.', 'groovy.',
    'android.', 'androidx.', 'dalvik.', 'com.android.', 'libcore.', 'org.apache.harmony.',
    'com.google.android.', 'com.google.protobuf.',
    // Java ME runtimes and handset vendors' platform code (MIDP implementations).
    'com.ibm.oti.', 'com.nokia.mj.', 'com.nokia.mid.', 'com.sonyericsson.', 'com.siemens.mp.', 'com.motorola.',
    // Generated bridges: the frame after them is the real code.
    'jdk.proxy', 'com.sun.proxy.',
  ],
});

const NATIVE_RUNTIME: OutOfAppRules = outOfApp({
  functionPrefixes: [
    '__libc_', '__GI_', '_start', 'start_thread', '__clone', 'clone3', '__pthread_', '__restore_rt',
    '__cxa_', '__gnu_cxx::', 'std::', '_Unwind_', '__cxxabiv1::', '__sanitizer::', '__asan_',
  ],
  modulePrefixes: [
    'libc.so', 'libc-', 'libm.so', 'libm-', 'libpthread', 'ld-linux', 'ld-', 'libstdc++', 'libc++',
    'libgcc_s', 'libdl', 'librt', 'linux-vdso', 'libasan', 'libubsan',
    // Android runtime libraries
    'libart', 'libdvm', 'libandroid_runtime', 'libbinder', 'libutils', 'libhwui', 'libbase', 'liblog', 'libEGL', 'libGLES',
  ],
  // glibc sources as its debug info names them
  pathPrefixes: ['../sysdeps/', './nptl/', 'nptl/', '../nptl/', './libio/', 'libio/', '../csu/', './csu/', '/usr/include/', '/build/glibc-'],
});

const JS_RUNTIME: OutOfAppRules = outOfApp({
  // `internal/` is how Node before 16 named its own modules; `<native>` is the parser's name for builtins.
  pathPrefixes: ['node:', 'internal/', '<native>', 'resource://', 'chrome://', 'chrome-extension://', 'moz-extension://'],
  pathFragments: ['node_modules/', 'webpack/bootstrap'],
});

const PYTHON_RUNTIME: OutOfAppRules = outOfApp({
  modulePrefixes: ['importlib.', '_pytest.', 'runpy'],
  pathPrefixes: ['<frozen '],
  pathFragments: ['site-packages/', 'dist-packages/', '/lib/python2', '/lib/python3', '/Lib/'],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const GROUPING_CONFIG_2026_11_25: GroupingConfig = deepFreeze({
  id: 'faultbase:2026-11-25',
  description: 'First grouping: top 3 in-app frames of the root cause, message only without frames.',
  upgradesFrom: null,
  limits: { maxLineLength: 1024, maxLines: 1024, maxFrames: 256 },
  parsing: { detection: 'first-line', scriptNames: 'hex-hashes' },
  recursion: 'kept',
  identifyingFrames: 3,
  messageContributes: 'without-frames',
  callers: 'any',
  causeChain: 'root',
  maxMessageLength: 1024,
  maxFieldLength: 256,
  maxTitleLength: 200,
  // The rules as they were on that day, in their order: rules added later are not in it.
  messageRules: ['str', 'url', 'email', 'uuid', 'date', 'textDate', 'time', 'mac', 'ipv6', 'ipv4', 'path', 'hex', 'float', 'int'],
  outOfApp: {
    java: JAVA_RUNTIME,
    native: NATIVE_RUNTIME,
    javascript: JS_RUNTIME,
    python: PYTHON_RUNTIME,
  },
});

export const GROUPING_CONFIG_2026_12_02: GroupingConfig = deepFreeze({
  id: 'faultbase:2026-12-02',
  description:
    'Issue 15: format told by evidence over the whole trace, recursion collapsed, build parts of script names dropped; ' +
    'the crashing unit (up to 3 frames of its class, module or file) and the message template identify a fault.',
  // Until a later release ends the transition (docs/grouping.md, "Config upgrades").
  upgradesFrom: 'faultbase:2026-11-25',
  limits: { maxLineLength: 1024, maxLines: 1024, maxFrames: 256 },
  parsing: { detection: 'evidence', scriptNames: 'build-parts' },
  recursion: 'collapsed',
  identifyingFrames: 3,
  messageContributes: 'always',
  callers: 'same-unit',
  causeChain: 'root',
  maxMessageLength: 1024,
  maxFieldLength: 256,
  maxTitleLength: 200,
  messageRules: [...MESSAGE_RULE_NAMES],
  outOfApp: {
    java: JAVA_RUNTIME,
    native: NATIVE_RUNTIME,
    javascript: JS_RUNTIME,
    python: PYTHON_RUNTIME,
  },
});

export const GROUPING_CONFIG_2026_12_03: GroupingConfig = deepFreeze({
  ...GROUPING_CONFIG_2026_12_02,
  id: 'faultbase:2026-12-03',
  description:
    'As faultbase:2026-12-02, and a cause chain is identified by its root cause and by the exception wrapping it: ' +
    'the outermost exception\'s type and crash site.',
  // Ingest walks on from faultbase:2026-12-02 to faultbase:2026-11-25 (transition.ts), so the
  // transition from the first config goes on for reports whose fingerprint this config leaves alone.
  upgradesFrom: 'faultbase:2026-12-02',
  causeChain: 'root-and-wrapper',
});

export const CURRENT_GROUPING_CONFIG: GroupingConfig = GROUPING_CONFIG_2026_12_03;

const REGISTRY: ReadonlyMap<string, GroupingConfig> = new Map(
  [GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02, GROUPING_CONFIG_2026_12_03].map((config) => [config.id, config]),
);

/** The config a signature was made with; undefined for an id this build does not know. */
export function getGroupingConfig(id: string): GroupingConfig | undefined {
  return REGISTRY.get(id);
}

export function listGroupingConfigs(): GroupingConfig[] {
  return [...REGISTRY.values()];
}
