import { parseExceptionHeader } from './parsers/common';
import { GROUPING_CONFIG_2026_11_25 } from './grouping-config';
import { parseStackTrace } from './stack-parser';
import type { ParsedStack } from './types';
import {
  androidTrace,
  backtraceSymbolsTrace,
  gdbTrace,
  kvmTrace,
  midletTrace,
  pythonTrace,
  serverTrace,
  tombstoneTrace,
  v8Trace,
} from './grouping.fixtures';

type Row = [fn: string, module: string | null, file: string | null, line: number | null];

/** The parts of a parse a test states exactly: frames as rows, innermost first. */
function summary(stack: ParsedStack) {
  return {
    format: stack.format,
    exceptionType: stack.exceptionType,
    message: stack.message,
    frames: stack.frames.map((f): Row => [f.function, f.module, f.file, f.line]),
  };
}

function unusable(stack: ParsedStack): (string | null)[] {
  return stack.frames.map((f) => f.unusable);
}

describe('parseStackTrace: Java and Java ME', () => {
  it('reads a header, frames with (File.java:N), (Unknown Source), (Native Method) and a Java 9 module prefix', () => {
    const stack = parseStackTrace(
      [
        'java.lang.IllegalStateException: queue full: 12 items',
        '\tat com.acme.queue.Buffer.push(Buffer.java:41)',
        '\tat com.acme.queue.Buffer.offer(Unknown Source)',
        '\tat java.base/java.lang.Object.wait(Native Method)',
        '\tat app//com.acme.Main.main(Main.java:9)',
      ].join('\n'),
    );
    expect(summary(stack)).toEqual({
      format: 'java',
      exceptionType: 'java.lang.IllegalStateException',
      message: 'queue full: 12 items',
      frames: [
        ['com.acme.queue.Buffer.push', 'com.acme.queue.Buffer', 'Buffer.java', 41],
        ['com.acme.queue.Buffer.offer', 'com.acme.queue.Buffer', null, null],
        ['java.lang.Object.wait', 'java.lang.Object', null, null],
        ['com.acme.Main.main', 'com.acme.Main', 'Main.java', 9],
      ],
    });
  });

  it('uses the root cause of a Caused-by chain and puts back the frames "... N more" elided', () => {
    const stack = parseStackTrace(androidTrace({ frameworkDepth: 3, more: 4 }));
    expect(summary(stack)).toEqual({
      format: 'java',
      exceptionType: 'java.lang.NumberFormatException',
      message: 'For input string: "12a"',
      frames: [
        ['java.lang.Integer.parseInt', 'java.lang.Integer', 'Integer.java', 615],
        ['com.acme.shop.CartActivity.onQuantityChanged', 'com.acme.shop.CartActivity', 'CartActivity.kt', 88],
        ['com.acme.shop.CartActivity.access$onQuantityChanged', 'com.acme.shop.CartActivity', 'CartActivity.kt', 1],
        ['com.acme.shop.CartActivity$onCreate$<anon>.invoke', 'com.acme.shop.CartActivity$onCreate$<anon>', 'CartActivity.kt', 41],
        // The last 4 frames of the enclosing InvocationTargetException, itself completed from the top exception.
        ['androidx.appcompat.app.AppCompatViewInflater$DeclaredOnClickListener.onClick', 'androidx.appcompat.app.AppCompatViewInflater$DeclaredOnClickListener', 'AppCompatViewInflater.java', 397],
        ['android.view.View.performClick', 'android.view.View', 'View.java', 7448],
        ['android.view.View.performClickInternal', 'android.view.View', 'View.java', 7425],
        ['android.view.View$PerformClick.run', 'android.view.View$PerformClick', 'View.java', 28305],
      ],
    });
    expect(unusable(stack)[2]).toBe('synthetic accessor frame');
  });

  it('skips the frames of Suppressed: blocks and their indented causes', () => {
    const stack = parseStackTrace(
      [
        'java.io.IOException: write failed',
        '\tat com.acme.io.Sink.write(Sink.java:10)',
        '\tat com.acme.io.Copier.copy(Copier.java:5)',
        '\tSuppressed: java.io.IOException: close failed',
        '\t\tat com.acme.io.Sink.close(Sink.java:20)',
        '\t\t... 1 more',
        '\t\tCaused by: java.lang.IllegalStateException: closed twice',
        '\t\t\tat com.acme.io.Sink.ensureOpen(Sink.java:30)',
        '\t\t\t... 2 more',
        'Caused by: java.net.SocketException: reset',
        '\tat com.acme.net.Conn.send(Conn.java:77)',
        '\t... 1 more',
      ].join('\n'),
    );
    expect(summary(stack).frames).toEqual([
      ['com.acme.net.Conn.send', 'com.acme.net.Conn', 'Conn.java', 77],
      ['com.acme.io.Copier.copy', 'com.acme.io.Copier', 'Copier.java', 5],
    ]);
    expect(stack.exceptionType).toBe('java.net.SocketException');
  });

  it('reads frames with Logback packaging data after them', () => {
    const stack = parseStackTrace('java.lang.Error: x\n\tat com.acme.A.run(A.java:3) ~[app.jar:1.0]\n\tat java.lang.Thread.run(Thread.java:829) [na:11]');
    expect(summary(stack).frames).toEqual([
      ['com.acme.A.run', 'com.acme.A', 'A.java', 3],
      ['java.lang.Thread.run', 'java.lang.Thread', 'Thread.java', 829],
    ]);
  });

  it('reads phoneME/CLDC frames ("- class.method(), bci=N") with no file or line', () => {
    expect(summary(parseStackTrace(midletTrace()))).toEqual({
      format: 'java',
      exceptionType: 'java.lang.ArrayIndexOutOfBoundsException',
      message: '12',
      frames: [
        ['com.acme.snake.GameCanvas.moveSnake', 'com.acme.snake.GameCanvas', null, null],
        ['com.acme.snake.GameCanvas.tick', 'com.acme.snake.GameCanvas', null, null],
        ['com.acme.snake.GameCanvas.run', 'com.acme.snake.GameCanvas', null, null],
        ['java.lang.Thread.run', 'java.lang.Thread', null, null],
      ],
    });
  });

  it('reads the WTK "TRACE: <at ...>" header and KVM "(+offset)" frames', () => {
    const stack = summary(parseStackTrace(kvmTrace()));
    expect(stack.exceptionType).toBe('java.lang.NullPointerException');
    expect(stack.message).toBeNull();
    expect(stack.frames.slice(0, 3)).toEqual([
      ['com.acme.mail.Inbox.render', 'com.acme.mail.Inbox', null, null],
      ['com.acme.mail.MailMIDlet.startApp', 'com.acme.mail.MailMIDlet', null, null],
      ['javax.microedition.midlet.MIDletProxy.startApp', 'javax.microedition.midlet.MIDletProxy', null, null],
    ]);
  });

  it('normalises generated names and marks synthetic frames', () => {
    const stack = parseStackTrace(serverTrace());
    expect(stack.exceptionType).toBe('java.lang.IllegalArgumentException');
    expect(stack.frames.map((f) => [f.function, f.unusable])).toEqual([
      ['com.acme.fleet.DeviceRegistry.require', null],
      ['com.acme.fleet.DeviceRegistry.lambda$enrolAll', null],
      ['com.acme.fleet.DeviceRegistry$$Lambda.accept', 'synthetic lambda frame'],
      ['java.util.ArrayList.forEach', null],
      ['com.acme.fleet.DeviceRegistry$$EnhancerBySpringCGLIB.enrolAll', 'synthetic proxy frame'],
      ['jdk.proxy2.$Proxy.enrolAll', 'synthetic proxy frame'],
      ['com.acme.fleet.EnrolmentJob.run', null],
      ['java.lang.Thread.run', null],
    ]);
  });
});

describe('parseStackTrace: native', () => {
  it('reads gdb frames with "at file:line", "from /lib/...", no address, and "??"', () => {
    expect(summary(parseStackTrace(gdbTrace()))).toEqual({
      format: 'native',
      exceptionType: 'SIGSEGV',
      message: 'Segmentation fault.',
      frames: [
        ['__GI_raise', null, '../sysdeps/unix/sysv/linux/raise.c', 54],
        ['render_frame', null, 'src/render.c', 212],
        ['game_loop', null, 'src/loop.c', 62],
        ['main', null, 'src/main.c', 10],
        ['__libc_start_main', 'libc.so', null, null],
        ['_start', null, null, null],
      ],
    });
  });

  it('reads gdb frames without an address, and marks unsymbolicated ones', () => {
    const stack = parseStackTrace('#0  render_frame (ctx=0x1) at render.c:3\n#1  0x0000000000400a29 in ?? ()\n#2  0x00007f0000001000 in ?? () from /usr/lib/libgame.so.2.1');
    expect(summary(stack).frames).toEqual([
      ['render_frame', null, 'render.c', 3],
      ['??', null, null, null],
      ['??', 'libgame.so', null, null],
    ]);
    expect(unusable(stack)).toEqual([null, 'unsymbolicated frame', 'unsymbolicated frame']);
  });

  it('reads Android tombstone frames', () => {
    const stack = parseStackTrace(tombstoneTrace());
    expect(summary(stack)).toEqual({
      format: 'native',
      exceptionType: 'SIGSEGV',
      message: 'signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0000000000000000',
      frames: [
        ['abort', 'libc.so', null, null],
        ['render_frame', 'libgame.so', null, null],
        ['Java_com_acme_racer_Native_tick', 'libgame.so', null, null],
        ['art_quick_generic_jni_trampoline', 'libart.so', null, null],
      ],
    });
  });

  it('reads glibc backtrace_symbols lines, with and without a symbol', () => {
    const stack = parseStackTrace(`${backtraceSymbolsTrace()}\n./racer() [0x400a29]\n./racer(+0x1234) [0x401234]`);
    expect(summary(stack)).toEqual({
      format: 'native',
      exceptionType: null,
      message: 'Segmentation fault (core dumped)',
      frames: [
        ['handle_input', 'racer', null, null],
        ['main', 'racer', null, null],
        ['__libc_start_main', 'libc.so', null, null],
        ['_start', 'racer', null, null],
        ['??', 'racer', null, null],
        ['??', 'racer', null, null],
      ],
    });
  });
});

describe('parseStackTrace: JavaScript', () => {
  it('reads V8 frames: named, async, new, anonymous, builtin, node internals, bundles', () => {
    expect(summary(parseStackTrace(v8Trace({ internals: 3 })))).toEqual({
      format: 'javascript',
      exceptionType: 'TypeError',
      message: "Cannot read properties of undefined (reading 'width')",
      frames: [
        ['Renderer.draw', null, '/srv/releases/2026-11-20/app/src/renderer.js', 12],
        ['loadLevel', null, '/srv/releases/2026-11-20/app/src/level.js', 42],
        ['Game', null, '/static/js/main.<hash>.chunk.js', 1],
        ['Array.forEach', null, '<native>', null],
        ['<anonymous>', null, '/srv/releases/2026-11-20/app/node_modules/express/lib/router/layer.js', 95],
        ['process.processTicksAndRejections', null, 'node:internal/process/task_queues', 95],
        ['Promise.all', null, '<native>', null],
        ['Module._compile', null, 'node:internal/modules/cjs/loader', 1256],
      ],
    });
  });

  it('reads frames with no function and file:// URLs, and strips "[as alias]"', () => {
    const stack = parseStackTrace('Error: boom\n    at file:///app/main.mjs:3:9\n    at Foo.bar [as baz] (/app/foo.js:1:2)');
    expect(summary(stack).frames).toEqual([
      ['<anonymous>', null, '/app/main.mjs', 3],
      ['Foo.bar', null, '/app/foo.js', 1],
    ]);
  });

  it('keeps a header that names no type as the message', () => {
    const stack = parseStackTrace('Something failed at step 3\n    at run (/app/run.js:1:1)');
    expect([stack.exceptionType, stack.message]).toEqual([null, 'Something failed at step 3']);
  });

  it('reads Gecko frames (KaiOS, Firefox)', () => {
    const stack = parseStackTrace('draw@app://racer/js/renderer.js:12:5\nloop/<@app://racer/js/loop.js:3:1\n@app://racer/js/main.js:1:1');
    expect(summary(stack)).toEqual({
      format: 'javascript',
      exceptionType: null,
      message: null,
      frames: [
        ['draw', null, 'app://racer/js/renderer.js', 12],
        ['loop/<', null, 'app://racer/js/loop.js', 3],
        ['<anonymous>', null, 'app://racer/js/main.js', 1],
      ],
    });
  });
});

describe('parseStackTrace: Python', () => {
  it('reverses frames so the innermost comes first, and derives modules from paths', () => {
    expect(summary(parseStackTrace(pythonTrace()))).toEqual({
      format: 'python',
      exceptionType: 'ValueError',
      message: 'bad frame 12',
      frames: [
        ['render', 'render', '/srv/app/game/render.py', 12],
        ['request', 'requests.api', '/opt/venv/lib/python3.11/site-packages/requests/api.py', 59],
        ['run', 'loop', '/srv/app/game/loop.py', 40],
      ],
    });
  });

  it('uses the first traceback of a chain (the root cause) and reads the stdlib module', () => {
    const stack = parseStackTrace(
      [
        'Traceback (most recent call last):',
        '  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads',
        '    return _default_decoder.decode(s)',
        'json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
        '',
        'The above exception was the direct cause of the following exception:',
        '',
        'Traceback (most recent call last):',
        '  File "/srv/app/config.py", line 8, in load',
        '    raise ConfigError("bad config") from e',
        'app.errors.ConfigError: bad config',
      ].join('\n'),
    );
    expect(summary(stack)).toEqual({
      format: 'python',
      exceptionType: 'json.decoder.JSONDecodeError',
      message: 'Expecting value: line 1 column 1 (char 0)',
      frames: [['loads', 'json', '/usr/lib/python3.11/json/__init__.py', 346]],
    });
  });

  it('reads Windows paths and an exception with no message', () => {
    const stack = parseStackTrace('Traceback (most recent call last):\n  File "C:\\app\\main.py", line 3, in <module>\n    main()\nKeyboardInterrupt');
    expect(summary(stack)).toEqual({
      format: 'python',
      exceptionType: 'KeyboardInterrupt',
      message: null,
      frames: [['<module>', 'main', 'C:/app/main.py', 3]],
    });
  });
});

describe('parseStackTrace: unknown formats', () => {
  it.each([
    ['Out of memory while allocating 4096 bytes', null, 'Out of memory while allocating 4096 bytes'],
    ['\n\njava.lang.OutOfMemoryError\n', 'java.lang.OutOfMemoryError', null],
    ['ERR_DISK: quota exceeded for /data', 'ERR_DISK', 'quota exceeded for /data'],
    ['', null, null],
  ])('%j gives no frames, type %j and message %j', (text, type, message) => {
    expect(parseStackTrace(text)).toEqual({ format: 'unknown', exceptionType: type, message, frames: [], truncated: false });
  });
});

describe('parseExceptionHeader', () => {
  it.each([
    ['java.lang.IllegalStateException: boom: twice', 'java.lang.IllegalStateException', 'boom: twice'],
    ['Exception in thread "main" java.lang.Error', 'java.lang.Error', null],
    ['Uncaught TypeError: x is not a function', 'TypeError', 'x is not a function'],
    ['Error [ERR_INVALID_ARG_TYPE]: bad path', 'Error', 'bad path'],
    ['com.acme.Outer$Failure: nope', 'com.acme.Outer$Failure', 'nope'],
    ['KeyboardInterrupt', 'KeyboardInterrupt', null],
    ['Segmentation fault', null, null],
    ['hello', null, null],
  ])('%j → %j, %j', (line, type, message) => {
    expect(parseExceptionHeader(line)).toEqual({ type, message });
  });
});

describe('parseStackTrace: format by evidence over the whole trace (faultbase:2026-12-02)', () => {
  const FIRST_LINE = GROUPING_CONFIG_2026_11_25.parsing;
  const limits = GROUPING_CONFIG_2026_11_25.limits;
  const formats: [name: string, trace: string, evidence: string, firstLine: string][] = [
    [
      'a Java message continued by `at [Source: …]` stays Java',
      'com.acme.JsonMappingException: bad token\n at [Source: (String)"[1"; line: 1, column: 3]\n\tat com.acme.Json.fail(Json.java:5)\n\tat com.acme.Json.read(Json.java:9)',
      'java',
      'javascript',
    ],
    [
      'a V8 trace whose message quotes a Java frame stays JavaScript',
      'Error: backend said at com.acme.Api.get(Api.java:3)\n    at fetchCart (/app/src/cart.js:3:9)\n    at main (/app/src/main.js:1:1)',
      'javascript',
      'javascript',
    ],
    [
      'a Python traceback whose message holds `#1` and `at x (y)` lines stays Python',
      'Traceback (most recent call last):\n  File "/srv/app/run.py", line 3, in main\n    go()\n  File "/srv/app/go.py", line 9, in go\n    raise RuntimeError(log)\nRuntimeError: child failed:\n#1 step one\nat step (two)',
      'python',
      'python',
    ],
    ['a header without frames falls back on the first line', 'Traceback (most recent call last):', 'python', 'python'],
  ];
  it.each(formats)('%s', (_name, trace, evidence, firstLine) => {
    expect(parseStackTrace(trace).format).toBe(evidence);
    expect(parseStackTrace(trace, limits, FIRST_LINE).format).toBe(firstLine);
  });

  it('in a Java trace read by evidence, a line starting `at ` that is not a Java frame is no frame', () => {
    const stack = parseStackTrace('com.acme.X: y\n at [Source: (String)"a(b)"; line: 1, column: 2]\n\tat com.acme.Json.fail(Json.java:5)');
    expect(summary(stack).frames).toEqual([['com.acme.Json.fail', 'com.acme.Json', 'Json.java', 5]]);
  });
});
