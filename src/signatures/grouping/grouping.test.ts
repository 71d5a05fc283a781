import { groupFault } from './fingerprint';
import type { FaultInput } from './types';
import {
  androidFrameworkTopTrace,
  androidTrace,
  backtraceSymbolsTrace,
  gdbTrace,
  kvmTrace,
  midletOnHandsetTrace,
  midletTrace,
  pythonTrace,
  serverTrace,
  tombstoneTrace,
  v8Trace,
  bundleTrace,
  jsonMappingTrace,
  overflowTrace,
  pythonMutualRecursionTrace,
  pythonRecursionTrace,
  recursiveTrace,
  wrappedTrace,
} from './grouping.fixtures';
import { GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02 } from './grouping-config';

/** A report from the fleet: the error code and application are the usual ones unless a case says otherwise. */
function report(stackTrace: string | null, fields: Partial<FaultInput> = {}): FaultInput {
  return { errorCode: 'E_CRASH', applicationName: 'Racer', stackTrace, ...fields };
}

const fingerprint = (input: FaultInput): string => groupFault(input).fingerprint;

/** Variants of one bug: each pair MUST get one fingerprint. */
const SAME_BUG: [name: string, a: FaultInput, b: FaultInput][] = [
  ['MIDlet: other bytecode index and array index', report(midletTrace({ bci: 45, index: 12 })), report(midletTrace({ bci: 61, index: 7 }))],
  ['KVM MIDlet: other bytecode offsets', report(kvmTrace(34)), report(kvmTrace(52))],
  ['Android: line numbers moved after a rebuild', report(androidTrace({ line: 88 })), report(androidTrace({ line: 131 }))],
  ['Android: other depth of framework frames below the app frames', report(androidTrace({ frameworkDepth: 3 })), report(androidTrace({ frameworkDepth: 10 }))],
  ['Android: other "... N more" counts', report(androidTrace({ more: 9 })), report(androidTrace({ more: 4 }))],
  ['Android: other OS release, other framework frames above the app frames', report(androidFrameworkTopTrace('r11')), report(androidFrameworkTopTrace('r13'))],
  ['MIDlet: other handset vendor, other runtime frames above the app frames', report(midletOnHandsetTrace('nokia')), report(midletOnHandsetTrace('wtk'))],
  ['Android: other value in the root message', report(androidTrace({ rootMessage: 'For input string: "12a"' })), report(androidTrace({ rootMessage: 'For input string: "x"' }))],
  ['JVM: other lambda indices and hidden lambda classes', report(serverTrace({ lambdaIndex: 0, lambdaClass: 12 })), report(serverTrace({ lambdaIndex: 3, lambdaClass: 57 }))],
  ['JVM: other proxy numbers, CGLIB hashes and lines', report(serverTrace({ proxy: 12, cglib: 'a1b2c3d4', line: 57 })), report(serverTrace({ proxy: 88, cglib: '9f8e7d6c', line: 61 }))],
  ['JVM: exception type given with a trailing message, or parsed', report(serverTrace(), { exceptionType: 'java.lang.IllegalArgumentException: device 7 is not enrolled' }), report(serverTrace())],
  ['gdb: other addresses, arguments and lines', report(gdbTrace({ address: 0x555555555189, line: 212 })), report(gdbTrace({ address: 0x5566778899aa, line: 219 }))],
  ['gdb: libc loaded elsewhere, other compiler clone number', report(gdbTrace({ libcBase: 0x7ffff7a00000, clone: 0 })), report(gdbTrace({ libcBase: 0x7f1234500000, clone: 2 }))],
  ['tombstone: other program counters and build id', report(tombstoneTrace({ pc: 0x123ab, buildId: '1a2b' })), report(tombstoneTrace({ pc: 0x456cd, buildId: '9f8e' }))],
  ['backtrace_symbols: other offsets, load address and binary path', report(backtraceSymbolsTrace({ binary: './racer', offset: 0x1a, base: 0x55d1c0a0b000 })), report(backtraceSymbolsTrace({ binary: '/opt/racer/bin/racer', offset: 0x2f, base: 0x5600aa000000 }))],
  ['V8: other line/column, bundle hash, CDN host and release folder', report(v8Trace({ line: 12, hash: '3f2a1b9c', host: 'cdn1.acme.com', root: '/srv/releases/2026-11-20/app' })), report(v8Trace({ line: 14, hash: '77aa0c1d', host: 'cdn2.acme.com', root: '/srv/releases/2026-11-24/app' }))],
  ['V8: other depth of node internals', report(v8Trace({ internals: 0 })), report(v8Trace({ internals: 3 }))],
  ['Python: other lines, virtualenv path and value in the message', report(pythonTrace({ line: 12, venv: '/opt/venv/lib/python3.11', frame: 12 })), report(pythonTrace({ line: 14, venv: '/home/pi/.venv/lib/python3.12', frame: 99 }))],
  ['no frames: messages differ only in ids, numbers, addresses, paths', report(null, { message: 'Out of memory: 4096 bytes for /data/cache/img_42.png at 10.0.0.7 (req 3f2a1b9c-1111-2222-3333-444455556666)' }), report(null, { message: 'Out of memory: 65536 bytes for /data/cache/img_7.png at 10.0.0.9 (req 0e1d2c3b-aaaa-bbbb-cccc-ddddeeeeffff)' })],
  ['unknown trace format: first line differs only in values', report('Watchdog: task 12 blocked for 120 s\n<garbage>'), report('Watchdog: task 7 blocked for 300 s\n<other garbage>')],
  ['whitespace around the error code and application', report(midletTrace(), { errorCode: ' E_CRASH ', applicationName: 'Racer\n' }), report(midletTrace())],
  // Issue 15: format detection by evidence over the whole trace.
  ['Java: a message continued by an `at [Source: …]` line, other values in it', report(jsonMappingTrace('{"a":1}', 1, 7)), report(jsonMappingTrace('[{"b":22}]', 1, 23))],
  // Issue 15: recursion.
  ['Java: the same fault at another recursion depth', report(recursiveTrace({ depth: 3 })), report(recursiveTrace({ depth: 9 }))],
  ['Java: a stack overflow that ran out at another point of the cycle', report(overflowTrace(0)), report(overflowTrace(1))],
  ['Python: another depth of a folded recursion', report(pythonRecursionTrace(12)), report(pythonRecursionTrace(996))],
  ['Python: another depth of a mutual recursion', report(pythonMutualRecursionTrace(2)), report(pythonMutualRecursionTrace(5))],
  // Issue 15: callers.
  ['Java: the same crash site reached from other callers', report('java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.B.y(B.java:2)'), report('java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.C.y(C.java:2)')],
  ['V8: the same crash site reached from another script', report('TypeError: x is undefined\n    at draw (/app/src/hud.js:3:9)\n    at loop (/app/src/game.js:8:1)'), report('TypeError: x is undefined\n    at draw (/app/src/hud.js:3:9)\n    at menu (/app/src/menu.js:2:4)')],
  // Issue 15: minified JavaScript bundles.
  ['V8: other Vite base-64 content hash and column', report(bundleTrace('index-BXf3kJqs.js', 1201)), report(bundleTrace('index-C9dPq2Lm.js', 1377))],
  ['V8: other webpack chunk id, hash and column', report(bundleTrace('787.3f2a1b9c.chunk.js', 88)), report(bundleTrace('912.77aa0c1d.chunk.js', 95))],
  // Cause chains (faultbase:2026-12-03): the wrapper's type and crash site identify it, nothing else of it.
  ['cause chain: other values in the wrapper\'s and the root cause\'s messages, other lines', report(wrappedTrace({ id: 41, value: '4x1', line: 85 })), report(wrappedTrace({ id: 977, value: 'abc', line: 91 }))],
  ['cause chain: the wrapping operation reached from another caller', report(wrappedTrace({ caller: 'com.acme.billing.ImportJob.run' })), report(wrappedTrace({ caller: 'com.acme.admin.ReimportAction.execute' }))],
];

/** Different bugs: each pair MUST get two fingerprints. */
const DIFFERENT_BUGS: [name: string, a: FaultInput, b: FaultInput][] = [
  ['MIDlet: other application method at the top', report(midletTrace({ method: 'moveSnake' })), report(midletTrace({ method: 'growSnake' }))],
  ['Android: other root cause type in the same frames', report(androidTrace()), report(androidTrace({ rootType: 'java.lang.NullPointerException' }))],
  ['Android: other app method', report(androidTrace({ appMethod: 'onQuantityChanged' })), report(androidTrace({ appMethod: 'onCouponApplied' }))],
  ['other error code', report(midletTrace()), report(midletTrace(), { errorCode: 'E_GAME' })],
  ['other application', report(midletTrace()), report(midletTrace(), { applicationName: 'Snake' })],
  ['other exception type given for the same trace', report(midletTrace(), { exceptionType: 'java.lang.ArrayIndexOutOfBoundsException' }), report(midletTrace(), { exceptionType: 'java.lang.IllegalStateException' })],
  ['gdb: other signal, same frames', report(gdbTrace({ signal: 'SIGSEGV' })), report(gdbTrace({ signal: 'SIGBUS' }))],
  ['gdb: other crashing function', report(gdbTrace({ fn: 'render_frame' })), report(gdbTrace({ fn: 'render_sprite' }))],
  ['tombstone: same function in another library', report(tombstoneTrace({ library: 'libgame.so' })), report(tombstoneTrace({ library: 'libhud.so' }))],
  ['V8: same function name in another file', report(v8Trace({ file: 'renderer.js' })), report(v8Trace({ file: 'minimap.js' }))],
  ['V8: other error type', report(v8Trace({ type: 'TypeError' })), report(v8Trace({ type: 'RangeError' }))],
  ['Python: other function in the same module', report(pythonTrace({ fn: 'render' })), report(pythonTrace({ fn: 'render_hud' }))],
  ['Python: other exception type', report(pythonTrace({ type: 'ValueError' })), report(pythonTrace({ type: 'KeyError' }))],
  ['no frames: other message template', report(null, { message: 'Out of memory: 4096 bytes' }), report(null, { message: 'Disk full: 4096 bytes' })],
  ['same caller, other top frame in Java', report('java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.B.y(B.java:2)'), report('java.lang.Error\n\tat com.acme.A.z(A.java:1)\n\tat com.acme.B.y(B.java:2)')],
  ['same crash site in Java, other caller in its own class', report('java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.A.y(A.java:2)'), report('java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.A.z(A.java:2)')],
  // Issue 15: the message template breaks ties between faults at the same site with the same type.
  ['same crash site and type, other message template', report('java.lang.IllegalStateException: pool closed\n\tat com.acme.Pool.take(Pool.java:1)'), report('java.lang.IllegalStateException: pool exhausted after <int> waits\n\tat com.acme.Pool.take(Pool.java:1)')],
  ['Java: a recursion that did not overflow still says where it crashed', report(recursiveTrace({ top: 'readNumber' })), report(recursiveTrace({ top: 'readString' }))],
  ['V8: other bundle name with a hash', report(bundleTrace('index-BXf3kJqs.js', 1201)), report(bundleTrace('admin-BXf3kJqs.js', 1201))],
  ['V8: a word in a script name is no hash', report(bundleTrace('app.userProfile.js', 1)), report(bundleTrace('app.adminProfile.js', 1))],
  ['Java: a stack overflow in another cycle', report(overflowTrace(0)), report(overflowTrace(0, 'com.acme.Tree.visit'))],
  // Cause chains (faultbase:2026-12-03): one helper failing inside different operations.
  ['cause chain: the same root cause wrapped by another operation of the application', report(wrappedTrace()), report(wrappedTrace({ wrapperType: 'com.acme.billing.PriceException', wrapperSite: 'com.acme.billing.PriceList.load' }))],
  ['cause chain: the same root cause wrapped in another exception type at the same site', report(wrappedTrace()), report(wrappedTrace({ wrapperType: 'java.io.UncheckedIOException' }))],
  ['cause chain: the same root cause wrapped, and thrown bare', report(wrappedTrace()), report(wrappedTrace({ wrapped: false }))],
  ['frames vs. the same frames in another order', report('Error: x\n    at a (/app/a.js:1:1)\n    at b (/app/b.js:1:1)'), report('Error: x\n    at b (/app/b.js:1:1)\n    at a (/app/a.js:1:1)')],
];

describe('grouping: variants of one bug group together', () => {
  it.each(SAME_BUG)('%s', (_name, a, b) => {
    expect(fingerprint(a)).toBe(fingerprint(b));
  });
});

describe('grouping: different bugs stay apart', () => {
  it.each(DIFFERENT_BUGS)('%s', (_name, a, b) => {
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });
});

/**
 * Known-wrong cases (the Sentry habit): what this config does that we would rather it did not.
 * Each states today's behaviour, so a config that fixes one makes its test fail and be moved.
 */
describe('grouping: known-wrong cases of faultbase:2026-12-03', () => {
  it('splits an obfuscated (ProGuard/R8) app across builds: class names change', () => {
    const build1 = report('java.lang.NullPointerException\n\tat a.b.c.a(Unknown Source)\n\tat a.b.d.b(Unknown Source)');
    const build2 = report('java.lang.NullPointerException\n\tat a.b.e.a(Unknown Source)\n\tat a.b.d.c(Unknown Source)');
    expect(fingerprint(build1)).not.toBe(fingerprint(build2));
  });

  it('splits minified JavaScript across builds: function names change', () => {
    const build1 = report('TypeError: x\n    at t.n (/static/js/main.3f2a1b9c.js:1:200)');
    const build2 = report('TypeError: x\n    at e.r (/static/js/main.77aa0c1d.js:1:210)');
    expect(fingerprint(build1)).not.toBe(fingerprint(build2));
  });

  it('joins two anonymous classes of one outer class called from the same place', () => {
    const first = report('java.lang.Error\n\tat com.acme.Outer$1.run(Outer.java:10)\n\tat com.acme.Pool.exec(Pool.java:5)');
    const second = report('java.lang.Error\n\tat com.acme.Outer$2.run(Outer.java:30)\n\tat com.acme.Pool.exec(Pool.java:5)');
    expect(fingerprint(first)).toBe(fingerprint(second));
  });

  it('joins two bugs that crash at the same place with the same type and message template', () => {
    const first = report('java.lang.IllegalArgumentException: Invalid byte 0 at offset 3\n\tat com.acme.Tar.parseOctal(Tar.java:10)\n\tat com.acme.Entry.parse(Entry.java:5)');
    const second = report('java.lang.IllegalArgumentException: Invalid byte 32 at offset 7\n\tat com.acme.Tar.parseOctal(Tar.java:12)\n\tat com.acme.TarTest.octal(TarTest.java:5)');
    expect(fingerprint(first)).toBe(fingerprint(second));
  });

  it('splits one bug of a helper that two operations wrap in the same exception type at different sites', () => {
    const fromImport = report(wrappedTrace({ wrapperType: 'com.acme.billing.BillingException', wrapperSite: 'com.acme.billing.InvoiceImport.readLine' }));
    const fromPrices = report(wrappedTrace({ wrapperType: 'com.acme.billing.BillingException', wrapperSite: 'com.acme.billing.PriceList.load' }));
    expect(fingerprint(fromImport)).not.toBe(fingerprint(fromPrices));
  });

  it('splits one bug whose message carries data no rule recognises (a name)', () => {
    const first = report('java.lang.IllegalStateException: no codec for alice\n\tat com.acme.Codecs.find(Codecs.java:10)');
    const second = report('java.lang.IllegalStateException: no codec for bob\n\tat com.acme.Codecs.find(Codecs.java:10)');
    expect(fingerprint(first)).not.toBe(fingerprint(second));
  });
});

/** The cases faultbase:2026-12-03 changed, as faultbase:2026-12-02 groups them (the transition keeps matching it). */
describe('grouping: faultbase:2026-12-02 as it was', () => {
  const previous = (input: FaultInput) => groupFault(input, GROUPING_CONFIG_2026_12_02).fingerprint;

  it('joins a root cause wrapped by different operations, and wrapped or bare: the root cause alone identifies a chain', () => {
    const wrapped = report(wrappedTrace());
    expect(previous(wrapped)).toBe(previous(report(wrappedTrace({ wrapperType: 'com.acme.billing.PriceException', wrapperSite: 'com.acme.billing.PriceList.load' }))));
    expect(previous(wrapped)).toBe(previous(report(wrappedTrace({ wrapped: false }))));
  });

  it('gives a trace without a chain the fingerprint faultbase:2026-12-03 gives it', () => {
    for (const trace of [midletTrace(), serverTrace(), gdbTrace(), v8Trace(), pythonTrace(), wrappedTrace({ wrapped: false })]) {
      expect(previous(report(trace))).toBe(fingerprint(report(trace)));
    }
  });
});

/** The same cases under the first config, which the transition keeps matching (see docs/grouping.md). */
describe('grouping: faultbase:2026-11-25 as it was', () => {
  const old = (input: FaultInput) => groupFault(input, GROUPING_CONFIG_2026_11_25).fingerprint;

  it('reads a Java trace with an `at [Source: …]` message line as JavaScript, and splits on its values', () => {
    expect(groupFault(report(jsonMappingTrace('{"a":1}', 1, 7)), GROUPING_CONFIG_2026_11_25).format).toBe('javascript');
    expect(old(report(jsonMappingTrace('{"a":1}', 1, 7)))).not.toBe(old(report(jsonMappingTrace('[{"b":22}]', 1, 23))));
  });

  it('splits a fault by recursion depth and by caller', () => {
    expect(old(report(recursiveTrace({ depth: 0 })))).not.toBe(old(report(recursiveTrace({ depth: 1 }))));
    expect(old(report('java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.B.y(B.java:2)'))).not.toBe(
      old(report('java.lang.Error\n\tat com.acme.A.x(A.java:1)\n\tat com.acme.C.y(C.java:2)')),
    );
  });
});
