import { SourceMapGenerator } from 'source-map';

/**
 * Mapping files written out by hand in the formats the tools write, and traces of the builds they
 * belong to: a Java ME MIDlet (SnakeME) obfuscated by ProGuard in two versions whose obfuscated
 * names differ, and a web application minified into two bundles.
 */

/** SnakeME 1.0.0 as ProGuard 6 writes `mapping.txt` for a MIDlet (no line numbers are kept on the handset). */
export const SNAKE_1_0_0_MAPPING = `# compiler: ProGuard
# compiler_version: 6.2.2
com.acme.snake.Board -> a:
    int width -> a
    int[] cells -> b
    25:31:int cellAt(int,int) -> a
    40:58:void moveSnake(int) -> b
    60:64:void moveSnake() -> b
    void reset() -> c
com.acme.snake.GameCanvas -> b:
    com.acme.snake.Board board -> a
    70:95:void run() -> run
    100:120:void tick() -> a
    130:150:void paint(javax.microedition.lcdui.Graphics) -> paint
com.acme.snake.Score -> c:
    int points -> a
    void add(int) -> a
    void clear() -> a
com.acme.snake.GameOverException -> d:
    void <init>(java.lang.String) -> <init>
com.acme.snake.SnakeMIDlet -> com.acme.snake.SnakeMIDlet:
    void startApp() -> startApp
`;

/** SnakeME 1.1.0: the same code, obfuscated again; every name moved. */
export const SNAKE_1_1_0_MAPPING = `# compiler: ProGuard
# compiler_version: 6.2.2
com.acme.snake.GameCanvas -> a:
    com.acme.snake.Board board -> b
    70:95:void run() -> run
    100:121:void tick() -> b
    130:150:void paint(javax.microedition.lcdui.Graphics) -> paint
com.acme.snake.Score -> b:
    void add(int) -> b
com.acme.snake.Board -> c:
    int width -> b
    25:31:int cellAt(int,int) -> b
    40:58:void moveSnake(int) -> a
    60:64:void moveSnake() -> a
com.acme.snake.GameOverException -> e:
com.acme.snake.SnakeMIDlet -> com.acme.snake.SnakeMIDlet:
    void startApp() -> startApp
`;

/** The same crash as a Java ME handset prints it, from each version. */
export const SNAKE_1_0_0_TRACE = [
  'java.lang.ArrayIndexOutOfBoundsException: 12',
  '\tat a.a(Unknown Source)',
  '\tat a.b(Unknown Source)',
  '\tat b.a(Unknown Source)',
  '\tat b.run(Unknown Source)',
  '\tat java.lang.Thread.run(Unknown Source)',
].join('\n');

export const SNAKE_1_1_0_TRACE = [
  'java.lang.ArrayIndexOutOfBoundsException: 7',
  '\tat c.b(Unknown Source)',
  '\tat c.a(Unknown Source)',
  '\tat a.b(Unknown Source)',
  '\tat a.run(Unknown Source)',
  '\tat java.lang.Thread.run(Unknown Source)',
].join('\n');

/**
 * An Android build by R8: line numbers remapped, an inline chain (Log.w and Prefs.read inlined into
 * Sync.run), overloads and two unrelated methods sharing one obfuscated name, the source file named.
 */
export const R8_MAPPING = `# compiler: R8
# compiler_version: 8.2.42
# min_api: 21
# pg_map_id: 4b1a2c3
com.acme.mail.Sync -> x.a:
# {"id":"sourceFile","fileName":"Sync.kt"}
    com.acme.mail.Store store -> a
    1:4:void <init>(com.acme.mail.Store):12:15 -> <init>
    5:5:java.lang.String com.acme.mail.Prefs.read(java.lang.String):33:33 -> run
    5:5:void run():48 -> run
    6:9:void run():49:52 -> run
    10:10:void com.acme.util.Log.w(java.lang.String):7:7 -> run
    10:10:void run():53 -> run
    1:3:void fetch(int):60:62 -> b
    4:6:void fetch(java.lang.String):70:72 -> b
    7:9:void flush():80:82 -> b
    void close() -> c
    void dispose() -> c
com.acme.mail.Sync$1 -> x.b:
    1:1:void onDone():90:90 -> a
com.acme.mail.Prefs -> x.c:
# {"id":"sourceFile","fileName":"Prefs.java"}
    1:1:java.lang.String read(java.lang.String):33:33 -> a
com.acme.mail.MailException -> x.d:
`;

export interface MinifiedBuild {
  /** Where the bundle is served from; the frames name it. */
  scriptUrl: string;
  sourceMap: string;
  trace: string;
}

/**
 * One build of a small web shop minified into a one-line bundle: `total` (cart.js) reads
 * `item.price.amount` inside a `reduce` callback and fails; `checkout` called it; a click handler
 * in main.js called `checkout`. Each build names the functions and places them differently, and
 * hashes its bundle's name; the source map (version 3, written by the `source-map` package as
 * bundlers do) says where each token came from.
 */
export function minifiedBuild(build: { hash: string; names: { total: string; checkout: string; onBuy: string }; shift: number }): MinifiedBuild {
  const scriptUrl = `https://cdn.acme.com/static/js/main.${build.hash}.js`;
  const file = `main.${build.hash}.js`;
  const s = build.shift;
  const map = new SourceMapGenerator({ file });
  const cart = 'webpack://shop/./src/cart.js';
  const main = 'webpack://shop/./src/main.js';
  const add = (column: number, source: string, line: number, originalColumn: number, name?: string) =>
    map.addMapping({ generated: { line: 1, column }, original: { line, column: originalColumn }, source, ...(name ? { name } : {}) });
  // function total(items) {
  add(s + 9, cart, 1, 16, 'total');
  //   return items.reduce((sum, item) => sum + item.price.amount, 0);
  add(s + 22, cart, 2, 15, 'reduce');
  add(s + 40, cart, 2, 22);
  add(s + 51, cart, 2, 54, 'amount');
  // function checkout(cart) { const sum = total(cart.items); ... }
  add(s + 65, cart, 4, 16, 'checkout');
  add(s + 77, cart, 5, 14, 'total');
  // button.onclick = function onBuy() { checkout(window.cart); };
  add(s + 120, main, 2, 37, 'onBuy');
  add(s + 139, main, 2, 56, 'checkout');
  map.setSourceContent(cart, 'export function total(items) {\n  return items.reduce((sum, item) => sum + item.price.amount, 0);\n}\n');
  const at = (column: number) => `${scriptUrl}:1:${column + 1}`;
  const trace = [
    "TypeError: Cannot read properties of undefined (reading 'amount')",
    `    at ${at(s + 51)}`,
    '    at Array.reduce (<anonymous>)',
    `    at ${build.names.total} (${at(s + 22)})`,
    `    at ${build.names.checkout} (${at(s + 77)})`,
    `    at HTMLButtonElement.${build.names.onBuy} (${at(s + 139)})`,
  ].join('\n');
  return { scriptUrl, sourceMap: map.toString(), trace };
}

export const BUILD_A = { hash: '3f2a1b9c', names: { total: 'n', checkout: 'r', onBuy: 'i' }, shift: 0 };
export const BUILD_B = { hash: 'Dk81xQpa', names: { total: 'e', checkout: 't', onBuy: 'o' }, shift: 31 };
