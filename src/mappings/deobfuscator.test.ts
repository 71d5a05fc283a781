import { groupFault, type FaultInput } from '../signatures/grouping';
import { deobfuscatorOf } from './deobfuscator';
import { BUILD_A, BUILD_B, minifiedBuild, R8_MAPPING, SNAKE_1_0_0_MAPPING, SNAKE_1_0_0_TRACE, SNAKE_1_1_0_MAPPING, SNAKE_1_1_0_TRACE } from './mapping.fixtures';
import { ProguardMapping } from './proguard';
import { SourceMap, SourceMapSet } from './source-maps';

const fault = (stackTrace: string, applicationName = 'SnakeME'): FaultInput => ({ errorCode: 'E_CRASH', applicationName, stackTrace });
const proguard = (text: string) => deobfuscatorOf({ proguard: ProguardMapping.parse(text), sourceMaps: null });
const sourceMaps = async (name: string, text: string) =>
  deobfuscatorOf({ proguard: null, sourceMaps: new SourceMapSet([{ name, map: await SourceMap.parse(text) }]) });

describe('Java ME traces through ProGuard mappings', () => {
  const v1 = groupFault(fault(SNAKE_1_0_0_TRACE), undefined, undefined, proguard(SNAKE_1_0_0_MAPPING));
  const v2 = groupFault(fault(SNAKE_1_1_0_TRACE), undefined, undefined, proguard(SNAKE_1_1_0_MAPPING));

  it('two versions with different obfuscated names group together once mapped, and apart without', () => {
    expect(v1.fingerprint).toBe(v2.fingerprint);
    expect(groupFault(fault(SNAKE_1_0_0_TRACE)).fingerprint).not.toBe(groupFault(fault(SNAKE_1_1_0_TRACE)).fingerprint);
    expect(v1.title).toBe('ArrayIndexOutOfBoundsException in Board.cellAt');
    expect(v1.components.find((c) => c.id === 'frames')?.value).toBe('com.acme.snake.Board.cellAt\ncom.acme.snake.Board.moveSnake');
  });

  it('mapped frames read the source and keep the raw line; frames the mapping does not know stay as sent', () => {
    expect(v2.frames.map((f) => [f.function, f.mapping ?? null, f.raw.trim()])).toEqual([
      ['com.acme.snake.Board.cellAt', 'PROGUARD', 'at c.b(Unknown Source)'],
      ['com.acme.snake.Board.moveSnake', 'PROGUARD', 'at c.a(Unknown Source)'],
      ['com.acme.snake.GameCanvas.tick', 'PROGUARD', 'at a.b(Unknown Source)'],
      ['com.acme.snake.GameCanvas.run', 'PROGUARD', 'at a.run(Unknown Source)'],
      ['java.lang.Thread.run', null, 'at java.lang.Thread.run(Unknown Source)'],
    ]);
    expect(v2.frames[0]).toMatchObject({ module: 'com.acme.snake.Board', file: 'Board.java', inApp: true, contributes: true });
  });

  it('an obfuscated exception type is mapped, in the trace and as the device gave it', () => {
    const trace = 'd: game over\n\tat a.a(Unknown Source)';
    const mapped = groupFault(fault(trace), undefined, undefined, proguard(SNAKE_1_0_0_MAPPING));
    expect(mapped.exceptionType).toBe('com.acme.snake.GameOverException');
    const given = groupFault({ ...fault(trace), exceptionType: 'd' }, undefined, undefined, proguard(SNAKE_1_0_0_MAPPING));
    expect(given.exceptionType).toBe('com.acme.snake.GameOverException');
  });

  it('a cause chain\'s wrapper is mapped too: its type and crash site identify the chain', () => {
    const trace = 'd: game over\n\tat a.a(Unknown Source)\nCaused by: java.lang.ArrayIndexOutOfBoundsException: 7\n\tat a.b(Unknown Source)\n\t... 1 more';
    const mapped = groupFault(fault(trace), undefined, undefined, proguard(SNAKE_1_0_0_MAPPING));
    expect(mapped.components.find((c) => c.id === 'wrapper')?.value).toBe('com.acme.snake.GameOverException\ncom.acme.snake.Board.cellAt');
  });

  it('an inlined frame becomes its source frames, each keeping the one raw line', () => {
    const trace = 'x.d: sync failed\n\tat x.a.run(SourceFile:10)\n\tat x.b.a(SourceFile:1)';
    const r = groupFault(fault(trace, 'Mail'), undefined, undefined, proguard(R8_MAPPING));
    expect(r.exceptionType).toBe('com.acme.mail.MailException');
    expect(r.frames.map((f) => [f.function, f.file, f.line, f.raw.trim()])).toEqual([
      ['com.acme.util.Log.w', 'Log.java', 7, 'at x.a.run(SourceFile:10)'],
      ['com.acme.mail.Sync.run', 'Sync.kt', 53, 'at x.a.run(SourceFile:10)'],
      ['com.acme.mail.Sync$<anon>.onDone', 'Sync.java', 90, 'at x.b.a(SourceFile:1)'],
    ]);
  });

  it('a JavaScript trace is left alone by a ProGuard mapping', () => {
    const { trace } = minifiedBuild(BUILD_A);
    expect(groupFault(fault(trace), undefined, undefined, proguard(SNAKE_1_0_0_MAPPING))).toEqual(groupFault(fault(trace)));
  });
});

describe('minified JavaScript through source maps', () => {
  it('two builds with different names, hashes and columns group together once mapped, and apart without', async () => {
    const a = minifiedBuild(BUILD_A);
    const b = minifiedBuild(BUILD_B);
    const ra = groupFault(fault(a.trace, 'Shop'), undefined, undefined, await sourceMaps(a.scriptUrl, a.sourceMap));
    // Found by file name too (an upload named as the bundle, without its host).
    const rb = groupFault(fault(b.trace, 'Shop'), undefined, undefined, await sourceMaps(`main.${BUILD_B.hash}.js`, b.sourceMap));
    expect(ra.fingerprint).toBe(rb.fingerprint);
    expect(groupFault(fault(a.trace, 'Shop')).fingerprint).not.toBe(groupFault(fault(b.trace, 'Shop')).fingerprint);
    expect(ra.components.find((c) => c.id === 'frames')?.value).toBe('cart.js!<anonymous>\ncart.js!total\ncart.js!checkout');
  });

  it('a frame reads the original source and line, its function named at its caller\'s call site; the raw line stays', async () => {
    const a = minifiedBuild(BUILD_A);
    const r = groupFault(fault(a.trace, 'Shop'), undefined, undefined, await sourceMaps('~/static/js/main.3f2a1b9c.js', a.sourceMap));
    expect(r.frames.map((f) => [f.function, f.file, f.line, f.mapping ?? null])).toEqual([
      ['<anonymous>', 'webpack://shop/src/cart.js', 2, 'SOURCE_MAP'],
      ['Array.reduce', '<native>', null, null],
      ['total', 'webpack://shop/src/cart.js', 2, 'SOURCE_MAP'],
      ['checkout', 'webpack://shop/src/cart.js', 5, 'SOURCE_MAP'],
      // The outermost frame has no caller to name it.
      ['HTMLButtonElement.i', 'webpack://shop/src/main.js', 2, 'SOURCE_MAP'],
    ]);
    expect(r.frames[2]!.raw.trim()).toBe(`at n (${a.scriptUrl}:1:23)`);
  });

  it('a map for another script changes nothing', async () => {
    const a = minifiedBuild(BUILD_A);
    const r = groupFault(fault(a.trace, 'Shop'), undefined, undefined, await sourceMaps('https://cdn.acme.com/static/js/vendor.js', a.sourceMap));
    expect(r).toEqual(groupFault(fault(a.trace, 'Shop')));
  });

  it('refuses what is not a source map', async () => {
    await expect(SourceMap.parse('not json')).rejects.toThrow();
    await expect(SourceMap.parse('{"version":3}')).rejects.toThrow();
    await expect(SourceMap.parse('{"version":3,"sources":["a.js"],"names":[],"mappings":"!!!"}')).rejects.toThrow();
  });
});
