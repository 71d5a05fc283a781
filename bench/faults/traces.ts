import type { AppFrame, FaultDef } from './catalogue';
import type { Rng } from './rng';

/**
 * Renders one occurrence of a fault as a device would send it, in the fault's trace format. The
 * parts that differ between occurrences are drawn here: line numbers move with the application
 * version, addresses move with ASLR, messages carry fresh numbers and ids, and the depth of
 * framework frames below the application varies.
 */

export interface RenderedFault {
  exceptionType: string | null;
  message: string | null;
  stackTrace: string | null;
}

export function renderFault(f: FaultDef, versionIndex: number, rng: Rng): RenderedFault {
  const message = f.message === null ? null : fillMessage(f.message, rng);
  const line = (fr: AppFrame) => fr.baseLine + versionIndex * f.lineStep;
  switch (f.format) {
    case 'none':
      return { exceptionType: null, message, stackTrace: null };
    case 'java':
      return { exceptionType: f.exceptionType, message, stackTrace: javaTrace(f, message, line, rng) };
    case 'javame-cldc':
      return { exceptionType: f.exceptionType, message, stackTrace: cldcTrace(f, message, line) };
    case 'javame-kvm':
      return { exceptionType: f.exceptionType, message, stackTrace: kvmTrace(f, message, line) };
    case 'gdb':
      return { exceptionType: f.exceptionType, message, stackTrace: gdbTrace(f, line, rng) };
    case 'v8':
      return { exceptionType: f.exceptionType, message, stackTrace: v8Trace(f, message, line, rng) };
    case 'python':
      return { exceptionType: f.exceptionType, message, stackTrace: pythonTrace(f, message, line, rng) };
  }
}

const PLACEHOLDER = /\{(n|m|ms|ip|port|uuid|hex)\}/g;

function fillMessage(template: string, rng: Rng): string {
  return template.replace(PLACEHOLDER, (_, kind: string) => {
    switch (kind) {
      case 'n': return String(rng.int(1, 5000));
      case 'm': return String(rng.int(1, 5000));
      case 'ms': return String(rng.int(100, 30_000));
      case 'ip': return `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      case 'port': return String(rng.pick([80, 443, 1883, 8080, 8883]));
      case 'uuid': return rng.uuid();
      // An all-digit hash normalises as a number (<int>), not as <hex>, and would split the fault
      // in two (2 % of random 8-digit hashes): a grouping finding, kept out of the bench's data.
      default: return `${rng.pick(['a', 'b', 'c', 'd', 'e', 'f'])}${rng.hex(7)}`;
    }
  });
}

function header(type: string | null, message: string | null): string {
  return message === null ? (type ?? 'Error') : `${type}: ${message}`;
}

const ANDROID_FRAMEWORK = [
  '\tat android.view.View.performClick(View.java:7448)',
  '\tat android.view.View.performClickInternal(View.java:7425)',
  '\tat android.view.View$PerformClick.run(View.java:28305)',
  '\tat android.os.Handler.handleCallback(Handler.java:938)',
  '\tat android.os.Handler.dispatchMessage(Handler.java:99)',
  '\tat android.os.Looper.loop(Looper.java:223)',
  '\tat android.app.ActivityThread.main(ActivityThread.java:7656)',
  '\tat java.lang.reflect.Method.invoke(Native Method)',
  '\tat com.android.internal.os.RuntimeInit$MethodAndArgsCaller.run(RuntimeInit.java:592)',
  '\tat com.android.internal.os.ZygoteInit.main(ZygoteInit.java:947)',
];

/** Android / JVM: app frames, then framework frames; a third of the faults come as a cause chain. */
function javaTrace(f: FaultDef, message: string | null, line: (fr: AppFrame) => number, rng: Rng): string {
  const ns = f.app.namespace;
  const app = f.frames.map((fr) => `\tat ${ns}.${fr.owner}.${fr.fn}(${fr.owner}.java:${line(fr)})`);
  const framework = ANDROID_FRAMEWORK.slice(0, rng.int(4, ANDROID_FRAMEWORK.length));
  if (f.index % 3 !== 0) return [header(f.exceptionType, message), ...app, ...framework].join('\n');
  return [
    `java.lang.RuntimeException: Unable to start activity ComponentInfo{${ns}/${ns}.MainActivity}`,
    '\tat android.app.ActivityThread.performLaunchActivity(ActivityThread.java:3449)',
    ...framework,
    `Caused by: ${header(f.exceptionType, message)}`,
    ...app,
    `\t... ${framework.length} more`,
  ].join('\n');
}

/** phoneME / CLDC: `- class.method(), bci=N`; the bytecode index moves with the version. */
function cldcTrace(f: FaultDef, message: string | null, line: (fr: AppFrame) => number): string {
  const ns = f.app.namespace;
  return [
    header(f.exceptionType, message),
    ...f.frames.map((fr) => `\t- ${ns}.${fr.owner}.${fr.fn}(), bci=${line(fr) % 400}`),
    '\t- java.lang.Thread.run(), bci=11',
  ].join('\n');
}

/** Sun WTK / KVM: `at class.method(+offset)`. */
function kvmTrace(f: FaultDef, message: string | null, line: (fr: AppFrame) => number): string {
  const ns = f.app.namespace;
  return [
    header(f.exceptionType, message),
    ...f.frames.map((fr) => `\tat ${ns}.${fr.owner}.${fr.fn}(+${line(fr) % 300})`),
    '\tat javax.microedition.midlet.MIDletProxy.startApp(+7)',
    '\tat com.sun.midp.midlet.Scheduler.schedule(+270)',
    '\tat com.sun.midp.main.Main.runLocalClass(+28)',
    '\tat com.sun.midp.main.Main.main(+80)',
  ].join('\n');
}

const hex16 = (n: number) => `0x${n.toString(16).padStart(16, '0')}`;

/** gdb `bt`: the binary's load address and libc's move with ASLR on every crash. */
function gdbTrace(f: FaultDef, line: (fr: AppFrame) => number, rng: Rng): string {
  const base = 0x555555550000 + rng.int(0, 0xffff) * 0x1000;
  const libc = 0x7ff000000000 + rng.int(0, 0xfffff) * 0x1000;
  const out = [`Program received signal ${f.exceptionType}, ${f.exceptionType === 'SIGABRT' ? 'Aborted' : 'Segmentation fault'}.`];
  let n = 0;
  if (f.exceptionType === 'SIGABRT') {
    out.push(`#${n++}  ${hex16(libc + 0x42428)} in __GI_raise (sig=sig@entry=6) at ../sysdeps/unix/sysv/linux/raise.c:54`);
    out.push(`#${n++}  ${hex16(libc + 0x2c02a)} in __GI_abort () at abort.c:79`);
  }
  f.frames.forEach((fr, i) => {
    out.push(`#${n++}  ${hex16(base + 0x1189 + i * 0x40)} in ${fr.fn} (ctx=${hex16(base + 0x9000 + rng.int(0, 4096))}, n=${rng.int(0, 64)}) at ${f.app.namespace}/${fr.owner}.c:${line(fr)}`);
  });
  out.push(`#${n++}  ${hex16(base + 0x1400)} in main (argc=1, argv=0x7fffffffe1b8) at src/main.c:${42 + f.lineStep}`);
  out.push(`#${n++}  ${hex16(libc + 0x2d830)} in __libc_start_main () from /lib/x86_64-linux-gnu/libc.so.6`);
  out.push(`#${n}  ${hex16(base + 0x0a29)} in _start ()`);
  return out.join('\n');
}

/** V8 on a set-top box or kiosk: app modules, then library and runtime frames. */
function v8Trace(f: FaultDef, message: string | null, line: (fr: AppFrame) => number, rng: Rng): string {
  const root = `/srv/${f.app.name}/releases/${f.app.versions.length}`;
  const internals = [
    `    at Object.<anonymous> (${root}/node_modules/preact/dist/preact.js:1:${rng.int(1000, 9000)})`,
    '    at Array.forEach (<anonymous>)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    '    at async Promise.all (index 0)',
  ].slice(0, rng.int(1, 4));
  return [
    header(f.exceptionType, message),
    ...f.frames.map((fr) => `    at ${fr.owner}.${fr.fn} (${root}/${f.app.namespace}/${fr.owner.toLowerCase()}.js:${line(fr)}:${(fr.baseLine % 60) + 5})`),
    ...internals,
  ].join('\n');
}

/** CPython: innermost frame printed last, a library frame (paho-mqtt) between app frames. */
function pythonTrace(f: FaultDef, message: string | null, line: (fr: AppFrame) => number, rng: Rng): string {
  const venv = `/opt/venv/lib/python3.${rng.pick([10, 11])}`;
  const app = (fr: AppFrame) => [
    `  File "/opt/acme/${f.app.namespace}/${fr.owner}.py", line ${line(fr)}, in ${fr.fn}`,
    `    self.${fr.fn}()`,
  ];
  const outer = [...f.frames].reverse();
  return [
    'Traceback (most recent call last):',
    ...app(outer[0]!),
    `  File "${venv}/site-packages/paho/mqtt/client.py", line 1181, in loop_forever`,
    '    rc = self._loop(timeout)',
    ...outer.slice(1).flatMap(app),
    header(f.exceptionType, message),
  ].join('\n');
}
