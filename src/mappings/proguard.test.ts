import { ProguardMapping, ProguardMappingError } from './proguard';
import { R8_MAPPING, SNAKE_1_0_0_MAPPING } from './mapping.fixtures';

describe('ProGuard mapping.txt', () => {
  const snake = ProguardMapping.parse(SNAKE_1_0_0_MAPPING);
  const r8 = ProguardMapping.parse(R8_MAPPING);

  it('reads classes, skipping comments, fields and R8 metadata', () => {
    expect(snake.classCount).toBe(5);
    expect(r8.classCount).toBe(4);
    expect(snake.className('a')).toBe('com.acme.snake.Board');
    expect(snake.className('d')).toBe('com.acme.snake.GameOverException');
    // A class the mapping does not rename, or does not know, keeps its name.
    expect(snake.className('com.acme.snake.SnakeMIDlet')).toBe('com.acme.snake.SnakeMIDlet');
    expect(snake.className('java.lang.Thread')).toBe('java.lang.Thread');
  });

  it('maps class, method and line; a class it does not know is not its to map', () => {
    expect(snake.retrace('a', 'a', null)).toEqual([{ className: 'com.acme.snake.Board', methodName: 'cellAt', sourceFile: 'Board.java', line: null }]);
    expect(snake.retrace('b', 'run', 80)).toEqual([{ className: 'com.acme.snake.GameCanvas', methodName: 'run', sourceFile: 'GameCanvas.java', line: 80 }]);
    expect(snake.retrace('java.lang.Thread', 'run', null)).toBeNull();
    // A method the mapping does not list kept its name.
    expect(snake.retrace('d', 'getMessage', null)).toEqual([
      { className: 'com.acme.snake.GameOverException', methodName: 'getMessage', sourceFile: 'GameOverException.java', line: null },
    ]);
  });

  it('overloads that share an obfuscated name read as one method, so a frame without a line does not split', () => {
    expect(snake.retrace('a', 'b', null)).toEqual([{ className: 'com.acme.snake.Board', methodName: 'moveSnake', sourceFile: 'Board.java', line: null }]);
  });

  it('several methods behind one name: the line decides where it can, otherwise every candidate in sorted order', () => {
    // R8: fetch(int) 1-3, fetch(String) 4-6, flush 7-9, all `b`.
    expect(r8.retrace('x.a', 'b', 2)).toEqual([{ className: 'com.acme.mail.Sync', methodName: 'fetch', sourceFile: 'Sync.kt', line: 61 }]);
    expect(r8.retrace('x.a', 'b', 8)).toEqual([{ className: 'com.acme.mail.Sync', methodName: 'flush', sourceFile: 'Sync.kt', line: 81 }]);
    expect(r8.retrace('x.a', 'b', null)).toEqual([{ className: 'com.acme.mail.Sync', methodName: 'fetch|flush', sourceFile: 'Sync.kt', line: null }]);
    // A line outside every range says nothing either.
    expect(r8.retrace('x.a', 'b', 500)?.[0]?.methodName).toBe('fetch|flush');
    // ProGuard without lines: `clear` and `add` are both `a`; the order never depends on the file's.
    expect(snake.retrace('c', 'a', null)).toEqual([{ className: 'com.acme.snake.Score', methodName: 'add|clear', sourceFile: 'Score.java', line: null }]);
    expect(r8.retrace('x.a', 'c', null)?.[0]?.methodName).toBe('close|dispose');
  });

  it('an inline chain becomes its frames, innermost first, each in its own class and file', () => {
    expect(r8.retrace('x.a', 'run', 5)).toEqual([
      { className: 'com.acme.mail.Prefs', methodName: 'read', sourceFile: 'Prefs.java', line: 33 },
      { className: 'com.acme.mail.Sync', methodName: 'run', sourceFile: 'Sync.kt', line: 48 },
    ]);
    expect(r8.retrace('x.a', 'run', 10)).toEqual([
      { className: 'com.acme.util.Log', methodName: 'w', sourceFile: 'Log.java', line: 7 },
      { className: 'com.acme.mail.Sync', methodName: 'run', sourceFile: 'Sync.kt', line: 53 },
    ]);
    // A range mapped line for line.
    expect(r8.retrace('x.a', 'run', 8)).toEqual([{ className: 'com.acme.mail.Sync', methodName: 'run', sourceFile: 'Sync.kt', line: 51 }]);
    // Without a line, the chains' outer method is the only candidate.
    expect(r8.retrace('x.a', 'run', null)).toEqual([{ className: 'com.acme.mail.Sync', methodName: 'run', sourceFile: 'Sync.kt', line: null }]);
    expect(r8.retrace('x.a', '<init>', 2)).toEqual([{ className: 'com.acme.mail.Sync', methodName: '<init>', sourceFile: 'Sync.kt', line: 13 }]);
  });

  it('inner classes keep their name (the grouping engine normalises `$1` as it does any name)', () => {
    expect(r8.retrace('x.b', 'a', 1)).toEqual([{ className: 'com.acme.mail.Sync$1', methodName: 'onDone', sourceFile: 'Sync.java', line: 90 }]);
  });

  it.each([
    ['an empty file', '', 1],
    ['a source map', '{"version":3,"sources":[],"mappings":""}', 1],
    ['a member before any class', '    void run() -> a\n', 1],
    ['a class line without its colon', 'com.acme.A -> a\n', 1],
    ['a member line without an arrow', 'com.acme.A -> a:\n    void run()\n', 2],
  ])('refuses %s, naming the line', (_name, text, line) => {
    expect(() => ProguardMapping.parse(text)).toThrow(ProguardMappingError);
    try {
      ProguardMapping.parse(text);
    } catch (err) {
      expect((err as ProguardMappingError).lineNumber).toBe(line);
    }
  });

  it('reads Windows line ends', () => {
    expect(ProguardMapping.parse(SNAKE_1_0_0_MAPPING.replaceAll('\n', '\r\n')).retrace('a', 'a', null)?.[0]?.methodName).toBe('cellAt');
  });
});
