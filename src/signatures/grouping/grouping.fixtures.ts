/**
 * Realistic traces for the grouping tests, as builders: each takes the parts that vary between
 * occurrences of one fault (line numbers, addresses, ids, depth of framework frames), so a test
 * can make two variants of one bug, or two different bugs, and say which way they must group.
 */

export interface MidletVariant {
  bci?: number;
  index?: number;
  method?: string;
}

/** phoneME / CLDC: `- class.method(), bci=N`. */
export function midletTrace({ bci = 45, index = 12, method = 'moveSnake' }: MidletVariant = {}): string {
  return [
    `java.lang.ArrayIndexOutOfBoundsException: ${index}`,
    `\t- com.acme.snake.GameCanvas.${method}(), bci=${bci}`,
    `\t- com.acme.snake.GameCanvas.tick(), bci=${bci - 37}`,
    '\t- com.acme.snake.GameCanvas.run(), bci=22',
    '\t- java.lang.Thread.run(), bci=11',
  ].join('\n');
}

/** Sun WTK / KVM: a `TRACE:` line, then `at class.method(+offset)`. */
export function kvmTrace(offset = 34): string {
  return [
    'TRACE: <at java.lang.NullPointerException>, startApp threw an Exception',
    'java.lang.NullPointerException',
    `\tat com.acme.mail.Inbox.render(+${offset})`,
    `\tat com.acme.mail.MailMIDlet.startApp(+${offset - 22})`,
    '\tat javax.microedition.midlet.MIDletProxy.startApp(+7)',
    '\tat com.sun.midp.midlet.Scheduler.schedule(+270)',
    '\tat com.sun.midp.main.Main.runLocalClass(+28)',
    '\tat com.sun.midp.main.Main.main(+80)',
  ].join('\n');
}

export interface AndroidVariant {
  line?: number;
  frameworkDepth?: number;
  more?: number;
  rootType?: string;
  rootMessage?: string;
  appMethod?: string;
}

/** Android: a reflective onClick wrapper, its cause, and the root cause in app code. */
export function androidTrace({
  line = 88,
  frameworkDepth = 6,
  more = 9,
  rootType = 'java.lang.NumberFormatException',
  rootMessage = 'For input string: "12a"',
  appMethod = 'onQuantityChanged',
}: AndroidVariant = {}): string {
  const framework = [
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
  ].slice(0, frameworkDepth);
  return [
    'java.lang.IllegalStateException: Could not execute method for android:onClick',
    '\tat androidx.appcompat.app.AppCompatViewInflater$DeclaredOnClickListener.onClick(AppCompatViewInflater.java:402)',
    ...framework,
    'Caused by: java.lang.reflect.InvocationTargetException',
    '\tat java.lang.reflect.Method.invoke(Native Method)',
    '\tat androidx.appcompat.app.AppCompatViewInflater$DeclaredOnClickListener.onClick(AppCompatViewInflater.java:397)',
    `\t... ${frameworkDepth} more`,
    `Caused by: ${rootType}: ${rootMessage}`,
    '\tat java.lang.Integer.parseInt(Integer.java:615)',
    `\tat com.acme.shop.CartActivity.${appMethod}(CartActivity.kt:${line})`,
    `\tat com.acme.shop.CartActivity.access$${appMethod}(CartActivity.kt:1)`,
    `\tat com.acme.shop.CartActivity$onCreate$1.invoke(CartActivity.kt:${line - 47})`,
    `\t... ${more} more`,
  ].join('\n');
}

export interface ServerVariant {
  lambdaIndex?: number;
  lambdaClass?: number;
  proxy?: number;
  cglib?: string;
  line?: number;
}

/** A JVM service: lambdas, a JDK proxy and a CGLIB-enhanced Spring bean between app frames. */
export function serverTrace({ lambdaIndex = 0, lambdaClass = 12, proxy = 12, cglib = 'a1b2c3d4', line = 57 }: ServerVariant = {}): string {
  return [
    'Exception in thread "main" java.lang.IllegalArgumentException: device 42 is not enrolled',
    `\tat com.acme.fleet.DeviceRegistry.require(DeviceRegistry.java:${line})`,
    `\tat com.acme.fleet.DeviceRegistry.lambda$enrolAll$${lambdaIndex}(DeviceRegistry.java:${line + 20})`,
    `\tat com.acme.fleet.DeviceRegistry$$Lambda$${lambdaClass}/0x0000000800c0b${lambdaClass}0.accept(Unknown Source)`,
    '\tat java.base/java.util.ArrayList.forEach(ArrayList.java:1541)',
    `\tat com.acme.fleet.DeviceRegistry$$EnhancerBySpringCGLIB$$${cglib}.enrolAll(<generated>)`,
    `\tat jdk.proxy2/jdk.proxy2.$Proxy${proxy}.enrolAll(Unknown Source)`,
    `\tat com.acme.fleet.EnrolmentJob.run(EnrolmentJob.java:${line - 30})`,
    '\tat java.base/java.lang.Thread.run(Thread.java:833)',
  ].join('\n');
}

export interface GdbVariant {
  address?: number;
  libcBase?: number;
  line?: number;
  clone?: number;
  fn?: string;
  signal?: string;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(16, '0')}`;

/** gdb `bt` after a crash: glibc frames with a load address that moves with ASLR. */
export function gdbTrace({ address = 0x555555555189, libcBase = 0x7ffff7a00000, line = 212, clone = 0, fn = 'render_frame', signal = 'SIGSEGV' }: GdbVariant = {}): string {
  return [
    `Program received signal ${signal}, Segmentation fault.`,
    `#0  ${hex(libcBase + 0x42428)} in __GI_raise (sig=sig@entry=6) at ../sysdeps/unix/sysv/linux/raise.c:54`,
    `#1  ${hex(address)} in ${fn}.isra.${clone} (ctx=${hex(address + 0x100)}, n=3) at src/render.c:${line}`,
    `#2  ${hex(address + 0x17)} in game_loop (state=0x7fffffffe0a0) at src/loop.c:${line - 150}`,
    `#3  ${hex(address + 0x40)} in main (argc=1, argv=0x7fffffffe1b8) at src/main.c:10`,
    `#4  ${hex(libcBase + 0x2d830)} in __libc_start_main () from /lib/x86_64-linux-gnu/libc.so.6`,
    `#5  ${hex(address - 0x1000)} in _start ()`,
  ].join('\n');
}

/** Android tombstone backtrace. */
export function tombstoneTrace({ pc = 0x123ab, buildId = '1a2b3c', library = 'libgame.so' }: { pc?: number; buildId?: string; library?: string } = {}): string {
  return [
    'signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x0000000000000000',
    `    #00 pc 000000000004e7a8  /apex/com.android.runtime/lib64/bionic/libc.so (abort+168) (BuildId: ${buildId})`,
    `    #01 pc ${pc.toString(16).padStart(16, '0')}  /data/app/~~Xy12==/com.acme.racer-Ab3==/lib/arm64/${library} (render_frame+44)`,
    `    #02 pc ${(pc + 0x200).toString(16).padStart(16, '0')}  /data/app/~~Xy12==/com.acme.racer-Ab3==/lib/arm64/${library} (Java_com_acme_racer_Native_tick+92)`,
    '    #03 pc 000000000013ced4  /apex/com.android.art/lib64/libart.so (art_quick_generic_jni_trampoline+148)',
  ].join('\n');
}

/** glibc backtrace_symbols output from a crash handler. */
export function backtraceSymbolsTrace({ binary = './racer', offset = 0x1a, base = 0x55d1c0a0b000 }: { binary?: string; offset?: number; base?: number } = {}): string {
  return [
    'Segmentation fault (core dumped)',
    `${binary}(handle_input+0x${offset.toString(16)}) [0x${(base + 0x1c2).toString(16)}]`,
    `${binary}(main+0x10) [0x${(base + 0x1d0).toString(16)}]`,
    `/lib/x86_64-linux-gnu/libc.so.6(__libc_start_main+0xf3) [0x${(base + 0x29000000).toString(16)}]`,
    `${binary}(_start+0x2e) [0x${(base + 0xa29).toString(16)}]`,
  ].join('\n');
}

export interface V8Variant {
  line?: number;
  hash?: string;
  host?: string;
  root?: string;
  type?: string;
  file?: string;
  internals?: number;
}

/** Node/Chromium V8 trace from a bundled web app. */
export function v8Trace({ line = 12, hash = '3f2a1b9c', host = 'cdn1.acme.com', root = '/srv/releases/2026-11-20/app', type = 'TypeError', file = 'renderer.js', internals = 2 }: V8Variant = {}): string {
  const node = [
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    '    at async Promise.all (index 0)',
    '    at Module._compile (node:internal/modules/cjs/loader:1256:14)',
  ].slice(0, internals);
  return [
    `${type}: Cannot read properties of undefined (reading 'width')`,
    `    at Renderer.draw (${root}/src/${file}:${line}:17)`,
    `    at async loadLevel (${root}/src/level.js:${line + 30}:5)`,
    `    at new Game (https://${host}/static/js/main.${hash}.chunk.js?v=${line}:1:${line * 100})`,
    `    at Array.forEach (<anonymous>)`,
    `    at Object.<anonymous> (${root}/node_modules/express/lib/router/layer.js:95:5)`,
    ...node,
  ].join('\n');
}

export interface PythonVariant {
  line?: number;
  venv?: string;
  frame?: number;
  type?: string;
  fn?: string;
}

/** CPython traceback through a library (requests) into app code; innermost printed last. */
export function pythonTrace({ line = 12, venv = '/opt/venv/lib/python3.11', frame = 12, type = 'ValueError', fn = 'render' }: PythonVariant = {}): string {
  return [
    'Traceback (most recent call last):',
    `  File "/srv/app/game/loop.py", line ${line + 28}, in run`,
    '    self.render()',
    `  File "${venv}/site-packages/requests/api.py", line 59, in request`,
    '    return session.request(method=method, url=url, **kwargs)',
    `  File "/srv/app/game/render.py", line ${line}, in ${fn}`,
    '    raise ValueError(f"bad frame {n}")',
    `${type}: bad frame ${frame}`,
  ].join('\n');
}

/** An app frame reached through framework code that differs by OS release (here: TextView). */
export function androidFrameworkTopTrace(osRelease: 'r11' | 'r13'): string {
  const framework =
    osRelease === 'r11'
      ? ['\tat android.text.TextUtils.isEmpty(TextUtils.java:100)', '\tat android.widget.TextView.setText(TextView.java:6004)']
      : [
          '\tat android.widget.TextView.setTextInternal(TextView.java:6241)',
          '\tat android.widget.TextView.setText(TextView.java:6198)',
          '\tat android.widget.TextView.setText(TextView.java:6113)',
        ];
  return [
    "java.lang.NullPointerException: Attempt to invoke virtual method 'int java.lang.String.length()' on a null object reference",
    ...framework,
    '\tat com.acme.shop.CartActivity.showTotal(CartActivity.kt:120)',
    '\tat com.acme.shop.CartActivity.onResume(CartActivity.kt:60)',
    '\tat android.app.Activity.performResume(Activity.java:8000)',
  ].join('\n');
}

/** A MIDlet failing inside the handset's own MIDP implementation, which differs by vendor. */
export function midletOnHandsetTrace(vendor: 'nokia' | 'wtk'): string {
  const runtime =
    vendor === 'nokia'
      ? ['\t- com.nokia.mid.impl.isa.ui.gameui.GraphicsImpl.drawImage(), bci=30', '\t- javax.microedition.lcdui.Graphics.drawImage(), bci=5']
      : ['\t- javax.microedition.lcdui.Graphics.drawImage(), bci=12'];
  return [
    'java.lang.NullPointerException',
    ...runtime,
    '\t- com.acme.snake.Sprites.paintHead(), bci=21',
    '\t- com.acme.snake.GameCanvas.paint(), bci=40',
    '\t- javax.microedition.lcdui.Canvas.callPaint(), bci=19',
  ].join('\n');
}

/** Jackson-style: the message goes on on a second line that starts with `at `, with the input in it. */
export function jsonMappingTrace(source: string, line: number, column: number): string {
  return [
    'com.acme.json.JsonMappingException: Can not deserialize instance of Order out of START_ARRAY token',
    ` at [Source: (String)"${source}"; line: ${line}, column: ${column}]`,
    '\tat com.acme.json.JsonMappingException.from(JsonMappingException.java:148)',
    '\tat com.acme.json.DeserializationContext.mappingException(DeserializationContext.java:857)',
    `\tat com.acme.shop.OrderReader.read(OrderReader.java:${40 + line})`,
    '\tat com.acme.shop.Checkout.submit(Checkout.java:12)',
  ].join('\n');
}

/** A recursive-descent parser failing `depth` levels down (each level two frames), not overflowing. */
export function recursiveTrace({ depth = 3, top = 'readNumber' }: { depth?: number; top?: string } = {}): string {
  const level = ['\tat com.acme.json.Parser.readValue(Parser.java:40)', '\tat com.acme.json.Parser.readArray(Parser.java:71)'];
  return [
    'java.lang.NumberFormatException: For input string: "1e"',
    '\tat java.lang.Long.parseLong(Long.java:589)',
    `\tat com.acme.json.Parser.${top}(Parser.java:112)`,
    ...Array.from({ length: depth }, () => level).flat(),
    '\tat com.acme.json.Parser.parse(Parser.java:20)',
    '\tat com.acme.shop.Import.run(Import.java:9)',
  ].join('\n');
}

/** A stack overflow: the JVM prints 1024 frames of the cycle, starting wherever the stack ran out. */
export function overflowTrace(offset: number, cycleTop = 'com.acme.Graph.visit'): string {
  const cycle = [`\tat ${cycleTop}(Graph.java:30)`, '\tat com.acme.Graph.visitEdges(Graph.java:44)', '\tat com.acme.Graph.follow(Graph.java:51)'];
  const frames = Array.from({ length: 1024 }, (_v, i) => cycle[(i + offset) % cycle.length]!);
  return ['java.lang.StackOverflowError', ...frames].join('\n');
}

/** CPython folds the repeats of one line: three copies, then `[Previous line repeated N more times]`. */
export function pythonRecursionTrace(more: number): string {
  const frame = '  File "/srv/app/tree.py", line 8, in depth\n    return 1 + depth(node.child)';
  return ['Traceback (most recent call last):', '  File "/srv/app/main.py", line 3, in <module>', '    depth(root)', frame, frame, frame, `  [Previous line repeated ${more} more times]`, 'RecursionError: maximum recursion depth exceeded'].join('\n');
}

/** Two functions calling each other: CPython cannot fold these, so the depth shows in full. */
export function pythonMutualRecursionTrace(depth: number): string {
  const level = ['  File "/srv/app/walk.py", line 4, in even', '    return odd(n - 1)', '  File "/srv/app/walk.py", line 8, in odd', '    return even(n - 1)'];
  return [
    'Traceback (most recent call last):',
    '  File "/srv/app/main.py", line 3, in <module>',
    '    even(7)',
    ...Array.from({ length: depth }, () => level).flat(),
    '  File "/srv/app/walk.py", line 2, in even',
    '    raise ValueError(n)',
    'ValueError: -1',
  ].join('\n');
}

/** A minified bundle: one line, columns move per build, the file name carries the build's hash. */
export function bundleTrace(file: string, column: number): string {
  return [
    "TypeError: Cannot read properties of null (reading 'price')",
    `    at renderCart (https://cdn.acme.com/assets/${file}:1:${column})`,
    `    at HTMLButtonElement.onClick (https://cdn.acme.com/assets/${file}:1:${column + 4410})`,
  ].join('\n');
}

export interface WrappedVariant {
  /** The exception the application wraps the root cause in, and where it throws it. */
  wrapperType?: string;
  wrapperSite?: string;
  /** Who called the wrapping method: one way of reaching the fault. */
  caller?: string;
  /** `null`: the root cause thrown bare, without a chain. */
  wrapped?: boolean;
  id?: number;
  value?: string;
  line?: number;
}

/**
 * A server job: a helper that parses a number fails, and the operation that called it catches the
 * failure and throws its own exception with the cause (`throw new ImportException("…", e)`).
 */
export function wrappedTrace({
  wrapperType = 'com.acme.billing.ImportException',
  wrapperSite = 'com.acme.billing.InvoiceImport.readLine',
  caller = 'com.acme.billing.ImportJob.run',
  wrapped = true,
  id = 41,
  value = '4x1',
  line = 85,
}: WrappedVariant = {}): string {
  const site = `\tat ${wrapperSite}(${wrapperSite.split('.').at(-2)}.java:${line})`;
  const below = [`\tat ${caller}(Caller.java:${line - 60})`, '\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)', '\tat java.lang.Thread.run(Thread.java:833)'];
  const root = [`java.lang.NumberFormatException: For input string: "${value}"`, '\tat java.lang.Integer.parseInt(Integer.java:652)', `\tat com.acme.text.Numbers.parse(Numbers.java:${line - 70})`];
  if (!wrapped) return [...root, site, ...below].join('\n');
  return [
    `${wrapperType}: could not import line ${id} of invoice ${id * 7}`,
    `\tat ${wrapperSite}(${wrapperSite.split('.').at(-2)}.java:${line + 3})`,
    ...below,
    `Caused by: ${root[0]}`,
    ...root.slice(1),
    site,
    `\t... ${below.length} more`,
  ].join('\n');
}
