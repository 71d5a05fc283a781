import { compileRules, globMatch, groupFault, NO_CUSTOM_RULES } from './index';

const trace = (util: string, app: string) =>
  [
    'java.lang.IllegalStateException: bad state',
    `\tat com.vendor.util.${util}(Checks.java:10)`,
    `\tat com.example.game.${app}(Game.java:20)`,
    '\tat com.example.game.Main.run(Main.java:30)',
  ].join('\n');

const fault = (stackTrace: string, errorCode = 'E_STATE', applicationName = 'SpaceRacer') => ({
  errorCode,
  applicationName,
  exceptionType: 'java.lang.IllegalStateException',
  stackTrace,
});

describe('IGNORE_FRAMES rules', () => {
  const rules = compileRules([], [{ id: 'r1', applicationName: null, pattern: 'com.vendor.util.*' }]);

  it('keeps matching frames out of the fingerprint, with a hint naming the rule', () => {
    const result = groupFault(fault(trace('Checks.require', 'Game.tick')), undefined, rules);
    const util = result.frames.find((f) => f.function === 'com.vendor.util.Checks.require')!;
    expect(util).toMatchObject({ contributes: false, hint: 'ignored: grouping rule r1 (com.vendor.util.*)' });
    expect(result.components.find((c) => c.id === 'frames')!.value).not.toContain('com.vendor.util');
  });

  it('groups variants that differ only in ignored frames, which the default rules keep apart', () => {
    const a = fault(trace('Checks.require', 'Game.tick'));
    const b = fault(trace('Checks.ensure', 'Game.tick'));
    expect(groupFault(a).fingerprint).not.toBe(groupFault(b).fingerprint);
    expect(groupFault(a, undefined, rules).fingerprint).toBe(groupFault(b, undefined, rules).fingerprint);
  });

  it('still keeps different application frames apart', () => {
    const a = fault(trace('Checks.require', 'Game.tick'));
    const b = fault(trace('Checks.require', 'Game.draw'));
    expect(groupFault(a, undefined, rules).fingerprint).not.toBe(groupFault(b, undefined, rules).fingerprint);
  });

  it('applies only to its application when it names one', () => {
    const scoped = compileRules([], [{ id: 'r2', applicationName: 'Other', pattern: 'com.vendor.util.*' }]);
    const a = fault(trace('Checks.require', 'Game.tick'));
    expect(groupFault(a, undefined, scoped).fingerprint).toBe(groupFault(a).fingerprint);
  });
});

describe('GROUP_TOGETHER rules', () => {
  const rules = compileRules([{ id: 'g1', applicationName: 'SpaceRacer', errorCode: 'E_OOM', description: 'all OOMs' }], []);

  it('puts every report of the error code in the application into one group', () => {
    const a = groupFault(fault(trace('A.a', 'Game.tick'), 'E_OOM'), undefined, rules);
    const b = groupFault({ errorCode: 'E_OOM', applicationName: 'SpaceRacer', message: 'out of memory' }, undefined, rules);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.components[0]).toEqual({ id: 'rule', value: 'g1', contributes: true, hint: null });
    expect(a.components.filter((c) => c.contributes)).toHaveLength(1);
    expect(a.components.find((c) => c.id === 'frames')!.hint).toMatch(/grouping rule g1 groups every E_OOM report of SpaceRacer/);
  });

  it('leaves other error codes and other applications alone', () => {
    const other = fault(trace('A.a', 'Game.tick'), 'E_OOM', 'Other');
    expect(groupFault(other, undefined, rules).fingerprint).toBe(groupFault(other).fingerprint);
    const code = fault(trace('A.a', 'Game.tick'), 'E_OTHER');
    expect(groupFault(code, undefined, rules).fingerprint).toBe(groupFault(code, undefined, NO_CUSTOM_RULES).fingerprint);
  });
});

describe('globMatch', () => {
  const m = (pattern: string, text: string) => globMatch(pattern.split('*'), text);
  it.each([
    ['com.vendor.util.*', 'com.vendor.util.Checks.require', true],
    ['com.vendor.util.*', 'com.vendor.utility.X', false],
    ['*.lambda$*', 'com.x.Foo.lambda$main$0', true],
    ['exact.name', 'exact.name', true],
    ['exact.name', 'exact.names', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(m(pattern, text)).toBe(expected);
  });

  it('stays linear on adversarial input', () => {
    const pattern = 'a*'.repeat(50) + 'b';
    expect(m(pattern, 'a'.repeat(100_000))).toBe(false);
  });
});
