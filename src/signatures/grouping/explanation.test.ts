import { groupFault } from './fingerprint';
import { CURRENT_GROUPING_CONFIG, GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02 } from './grouping-config';

const OLD = GROUPING_CONFIG_2026_11_25;
const CRASH_SITE = GROUPING_CONFIG_2026_12_02;
import type { GroupingResult } from './types';
import { androidTrace, gdbTrace, serverTrace, v8Trace } from './grouping.fixtures';

const frameRows = (result: GroupingResult) => result.frames.map((f) => [f.function, f.inApp, f.contributes, f.hint]);
const componentRows = (result: GroupingResult) => result.components.map((c) => [c.id, c.value, c.contributes, c.hint]);

describe('explanation: which frames contribute and why not (faultbase:2026-11-25)', () => {
  it('Android: the top 3 usable app frames of the root cause; framework frames, synthetic frames and the rest say why not', () => {
    const result = groupFault({ errorCode: 'E_CRASH', applicationName: 'Shop', stackTrace: androidTrace({ frameworkDepth: 2 }) }, OLD);
    expect(frameRows(result)).toEqual([
      ['java.lang.Integer.parseInt', false, false, 'ignored: not an application frame'],
      ['com.acme.shop.CartActivity.onQuantityChanged', true, true, null],
      ['com.acme.shop.CartActivity.access$onQuantityChanged', true, false, 'ignored: synthetic accessor frame'],
      ['com.acme.shop.CartActivity$onCreate$<anon>.invoke', true, true, null],
      ['java.lang.reflect.Method.invoke', false, false, 'ignored: not an application frame'],
      ['androidx.appcompat.app.AppCompatViewInflater$DeclaredOnClickListener.onClick', false, false, 'ignored: not an application frame'],
      ['android.view.View.performClick', false, false, 'ignored: not an application frame'],
      ['android.view.View.performClickInternal', false, false, 'ignored: not an application frame'],
    ]);
    expect(componentRows(result)).toEqual([
      ['errorCode', 'E_CRASH', true, null],
      ['application', 'Shop', true, null],
      ['exceptionType', 'java.lang.NumberFormatException', true, null],
      ['frames', 'com.acme.shop.CartActivity.onQuantityChanged\ncom.acme.shop.CartActivity$onCreate$<anon>.invoke', true, null],
      ['message', 'For input string: <str>', false, 'ignored: frames identify the fault'],
    ]);
    expect(result.title).toBe('NumberFormatException in CartActivity.onQuantityChanged');
    expect(result.format).toBe('java');
    expect(result.configVersion).toBe('faultbase:2026-11-25');
  });

  it('JVM: lambda and proxy frames are skipped, and frames past the third say so', () => {
    const result = groupFault({ errorCode: 'E_ENROL', applicationName: 'Fleet', stackTrace: serverTrace() }, OLD);
    expect(frameRows(result)).toEqual([
      ['com.acme.fleet.DeviceRegistry.require', true, true, null],
      ['com.acme.fleet.DeviceRegistry.lambda$enrolAll', true, true, null],
      ['com.acme.fleet.DeviceRegistry$$Lambda.accept', true, false, 'ignored: synthetic lambda frame'],
      ['java.util.ArrayList.forEach', false, false, 'ignored: not an application frame'],
      ['com.acme.fleet.DeviceRegistry$$EnhancerBySpringCGLIB.enrolAll', true, false, 'ignored: synthetic proxy frame'],
      ['jdk.proxy2.$Proxy.enrolAll', false, false, 'ignored: synthetic proxy frame'],
      ['com.acme.fleet.EnrolmentJob.run', true, true, null],
      ['java.lang.Thread.run', false, false, 'ignored: not an application frame'],
    ]);
    expect(result.exceptionType).toBe('java.lang.IllegalArgumentException');
    expect(result.normalisedMessage).toBe('device <int> is not enrolled');
  });

  it('gdb: glibc frames are not application frames; unsymbolicated frames never contribute; beyond 3 is said', () => {
    const result = groupFault({ errorCode: 'E_SEGV', applicationName: 'Racer', stackTrace: gdbTrace() }, OLD);
    expect(frameRows(result)).toEqual([
      ['__GI_raise', false, false, 'ignored: not an application frame'],
      ['render_frame', true, true, null],
      ['game_loop', true, true, null],
      ['main', true, true, null],
      ['__libc_start_main', false, false, 'ignored: not an application frame'],
      ['_start', false, false, 'ignored: not an application frame'],
    ]);
    expect(result.components[3]).toEqual({ id: 'frames', value: 'render.c!render_frame\nloop.c!game_loop\nmain.c!main', contributes: true, hint: null });
    expect(result.title).toBe('SIGSEGV in render_frame');
  });

  it('says "beyond the 3 identifying frames" for a fourth app frame', () => {
    const trace = ['Error: boom', ...['a', 'b', 'c', 'd'].map((fn) => `    at ${fn} (/app/src/${fn}.js:1:1)`)].join('\n');
    const result = groupFault({ errorCode: 'E', applicationName: 'App', stackTrace: trace }, OLD);
    expect(frameRows(result)).toEqual([
      ['a', true, true, null],
      ['b', true, true, null],
      ['c', true, true, null],
      ['d', true, false, 'ignored: beyond the 3 identifying frames'],
    ]);
    expect(result.components[3].value).toBe('a.js!a\nb.js!b\nc.js!c');
  });

  it('without application frames, uses the top frames of any kind and says so', () => {
    const trace = 'Error: socket hang up\n    at TLSSocket.onClose (node:_tls_wrap:1:1)\n    at TLSSocket.emit (node:events:517:28)\n    at Object.<anonymous> (/srv/app/node_modules/ws/lib/x.js:3:3)\n    at process.tick (node:internal/process/task_queues:95:5)';
    const result = groupFault({ errorCode: 'E_NET', applicationName: 'Kiosk', stackTrace: trace }, OLD);
    expect(frameRows(result)).toEqual([
      ['TLSSocket.onClose', false, true, null],
      ['TLSSocket.emit', false, true, null],
      ['<anonymous>', false, true, null],
      ['process.tick', false, false, 'ignored: beyond the 3 identifying frames'],
    ]);
    expect(result.components[3]).toEqual({
      id: 'frames',
      value: 'node:_tls_wrap!TLSSocket.onClose\nnode:events!TLSSocket.emit\nx.js!<anonymous>',
      contributes: true,
      hint: 'no application frames: the top frames of any kind identify the fault',
    });
  });
});

describe('explanation: which frames contribute and why not (faultbase:2026-12-02)', () => {
  it('Android: the crashing class identifies the fault with the message template; a caller from another class says why not', () => {
    const result = groupFault({ errorCode: 'E_CRASH', applicationName: 'Shop', stackTrace: androidTrace({ frameworkDepth: 2 }) }, CRASH_SITE);
    expect(frameRows(result).slice(0, 4)).toEqual([
      ['java.lang.Integer.parseInt', false, false, 'ignored: not an application frame'],
      ['com.acme.shop.CartActivity.onQuantityChanged', true, true, null],
      ['com.acme.shop.CartActivity.access$onQuantityChanged', true, false, 'ignored: synthetic accessor frame'],
      ['com.acme.shop.CartActivity$onCreate$<anon>.invoke', true, false, 'ignored: a caller outside the crashing unit'],
    ]);
    expect(componentRows(result).slice(2)).toEqual([
      ['exceptionType', 'java.lang.NumberFormatException', true, null],
      ['frames', 'com.acme.shop.CartActivity.onQuantityChanged', true, null],
      ['message', 'For input string: <str>', true, null],
    ]);
    expect(result.configVersion).toBe('faultbase:2026-12-02');
  });

  it('recursion: repeats say so; a recursion that fills the trace is identified by one turn of its cycle', () => {
    const turn = ['\tat com.acme.Json.readValue(Json.java:10)', '\tat com.acme.Json.readArray(Json.java:20)'];
    const trace = ['java.lang.StackOverflowError', '\tat com.acme.Buffer.grow(Buffer.java:3)', ...Array.from({ length: 20 }, () => turn).flat()].join('\n');
    const result = groupFault({ errorCode: 'E', applicationName: 'A', stackTrace: trace });
    expect(frameRows(result).slice(0, 5)).toEqual([
      ['com.acme.Buffer.grow', true, false, 'ignored: where the stack ran out in a recursion'],
      ['com.acme.Json.readValue', true, false, 'ignored: where the stack ran out in a recursion'],
      ['com.acme.Json.readArray', true, true, null],
      ['com.acme.Json.readValue', true, true, null],
      ['com.acme.Json.readArray', true, false, 'ignored: repeated by recursion'],
    ]);
    expect(result.components[3].value).toBe('com.acme.Json.readArray\ncom.acme.Json.readValue');
  });

  it('a Java message continued by a line starting `at ` stays Java, and that line is no frame', () => {
    const trace = 'com.acme.JsonMappingException: Unexpected token\n at [Source: (String)"{}"; line: 1, column: 2]\n\tat com.acme.Json.fail(Json.java:5)\n\tat com.acme.Json.read(Json.java:9)';
    const result = groupFault({ errorCode: 'E', applicationName: 'A', stackTrace: trace });
    expect(result.format).toBe('java');
    expect(frameRows(result)).toEqual([
      ['com.acme.Json.fail', true, true, null],
      ['com.acme.Json.read', true, true, null],
    ]);
    expect(groupFault({ errorCode: 'E', applicationName: 'A', stackTrace: trace }, OLD).format).toBe('javascript');
  });
});

describe('explanation: a cause chain names its wrapper (faultbase:2026-12-03)', () => {
  it('the outermost exception\'s type and its first application frame contribute beside the root cause', () => {
    const trace = [
      'com.acme.store.StoreException: could not load order 41',
      '\tat com.acme.store.OrderStore.load(OrderStore.java:88)',
      '\tat com.acme.store.OrderStore.loadAll(OrderStore.java:60)',
      '\tat com.acme.web.OrderPage.render(OrderPage.java:12)',
      'Caused by: java.lang.NumberFormatException: For input string: "4x1"',
      '\tat java.lang.Integer.parseInt(Integer.java:615)',
      '\tat com.acme.text.Numbers.parse(Numbers.java:9)',
      '\tat com.acme.store.OrderStore.load(OrderStore.java:85)',
      '\t... 2 more',
    ].join('\n');
    const result = groupFault({ errorCode: 'E', applicationName: 'Shop', stackTrace: trace });
    expect(componentRows(result).slice(2)).toEqual([
      ['exceptionType', 'java.lang.NumberFormatException', true, null],
      ['frames', 'com.acme.text.Numbers.parse', true, null],
      ['message', 'For input string: <str>', true, null],
      ['wrapper', 'com.acme.store.StoreException\ncom.acme.store.OrderStore.load', true, null],
    ]);
    // The root cause still names the fault.
    expect(result.title).toBe('NumberFormatException in Numbers.parse');
    expect(result.frames[1]).toMatchObject({ function: 'com.acme.text.Numbers.parse', contributes: true });
  });

  it('a wrapper thrown by the framework names its type only; a trace without a chain has no wrapper component', () => {
    const result = groupFault({ errorCode: 'E_CRASH', applicationName: 'Shop', stackTrace: androidTrace({ frameworkDepth: 2 }) });
    expect(result.components.map((c) => c.id)).toEqual(['errorCode', 'application', 'exceptionType', 'frames', 'message', 'wrapper']);
    expect(componentRows(result)[5]).toEqual(['wrapper', 'java.lang.IllegalStateException', true, null]);
    const plain = groupFault({ errorCode: 'E', applicationName: 'A', stackTrace: 'java.lang.Error: x\n\tat com.acme.A.run(A.java:1)' });
    expect(plain.components.map((c) => c.id)).not.toContain('wrapper');
    // Configs before it never show one.
    expect(groupFault({ errorCode: 'E_CRASH', applicationName: 'Shop', stackTrace: androidTrace() }, CRASH_SITE).components.map((c) => c.id)).not.toContain('wrapper');
  });
});

describe('explanation: components without frames', () => {
  it('no stack trace: the parameterised message contributes', () => {
    const result = groupFault({ errorCode: 'E_OOM', applicationName: 'Racer', exceptionType: 'java.lang.OutOfMemoryError', message: 'Failed to allocate 4096 bytes' });
    expect(componentRows(result)).toEqual([
      ['errorCode', 'E_OOM', true, null],
      ['application', 'Racer', true, null],
      ['exceptionType', 'java.lang.OutOfMemoryError', true, null],
      ['frames', null, false, 'ignored: no stack trace'],
      ['message', 'Failed to allocate <int> bytes', true, null],
    ]);
    expect(result.frames).toEqual([]);
    expect(result.format).toBe('unknown');
    expect(result.title).toBe('OutOfMemoryError: Failed to allocate <int> bytes');
  });

  it('a trace in no known format: says so, and its first line is the message', () => {
    const result = groupFault({ errorCode: 'E_WDT', applicationName: 'Racer', stackTrace: 'Watchdog: task 12 blocked for 120 s\n  more text' });
    expect(componentRows(result).slice(2)).toEqual([
      ['exceptionType', 'Watchdog', true, null],
      ['frames', null, false, 'ignored: stack trace in no known format'],
      ['message', 'task <int> blocked for <int> s', true, null],
    ]);
  });

  it('only unusable frames: says so and falls back to the message', () => {
    const result = groupFault({ errorCode: 'E_SEGV', applicationName: 'Racer', message: 'crash at 0x7f00', stackTrace: '#0  0x0000000000400a29 in ?? ()\n#1  0x0000000000400b00 in ?? ()' });
    expect(componentRows(result).slice(3)).toEqual([
      ['frames', null, false, 'ignored: no usable frames'],
      ['message', 'crash at <hex>', true, null],
    ]);
    expect(result.frames.map((f) => f.hint)).toEqual(['ignored: unsymbolicated frame', 'ignored: unsymbolicated frame']);
  });

  it('nothing but an error code: no type, no frames, no message', () => {
    const result = groupFault({ errorCode: 'E_BOOT', applicationName: 'Launcher', exceptionType: '  ', message: '', stackTrace: null });
    expect(componentRows(result)).toEqual([
      ['errorCode', 'E_BOOT', true, null],
      ['application', 'Launcher', true, null],
      ['exceptionType', null, false, 'ignored: no exception type'],
      ['frames', null, false, 'ignored: no stack trace'],
      ['message', null, false, 'ignored: no message'],
    ]);
    expect(result.title).toBe('E_BOOT');
  });

  it('a given message wins over the parsed one, and a given type over the parsed one', () => {
    const result = groupFault({ errorCode: 'E', applicationName: 'A', exceptionType: 'AppError: ignored text', message: 'given 1', stackTrace: v8Trace() });
    expect(result.exceptionType).toBe('AppError');
    expect(result.normalisedMessage).toBe('given <int>');
    expect(result.title).toBe('AppError in Renderer.draw');
  });
});

describe('fingerprint', () => {
  it('is the sha256 of the contributing components, and stays the same for this config', () => {
    // If this value changes, every stored signature would split: make a new grouping config instead.
    expect(groupFault({ errorCode: 'E_CRASH', applicationName: 'Shop', stackTrace: androidTrace() }, OLD).fingerprint).toBe(GOLDEN_ANDROID_FINGERPRINT);
    expect(groupFault({ errorCode: 'E_CRASH', applicationName: 'Shop', stackTrace: androidTrace() }, CRASH_SITE).fingerprint).toBe(GOLDEN_ANDROID_FINGERPRINT_2026_12_02);
    expect(groupFault({ errorCode: 'E_CRASH', applicationName: 'Shop', stackTrace: androidTrace() }).fingerprint).toBe(GOLDEN_ANDROID_FINGERPRINT_2026_12_03);
  });

  it('cuts a long title to the configured length', () => {
    const result = groupFault({ errorCode: 'E', applicationName: 'A', message: 'word '.repeat(100) });
    expect(result.title).toHaveLength(CURRENT_GROUPING_CONFIG.maxTitleLength);
    expect(result.title.endsWith('…')).toBe(true);
  });
});

const GOLDEN_ANDROID_FINGERPRINT = 'ca608ff5953fe570ff1f8a4a3dce27ee99ef1e3a3c1fd66f07a533fa7c603a98';
const GOLDEN_ANDROID_FINGERPRINT_2026_12_02 = '8293ba459bb76c96cfbc013dba5941cc0154c6777b0791624b47253ed53a777c';
const GOLDEN_ANDROID_FINGERPRINT_2026_12_03 = '02db0a1741fd251e9c8909bfb58d46ccd8fc6bb803ba674aea9935b1e8fa0bda';
