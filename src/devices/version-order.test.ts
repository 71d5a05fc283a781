import { compareVersions, formatVersionRange, inVersionRange, parseVersionRange, versionKey } from './version-order';

/** docs/versions.md's table, written out again (not read from the docs or the code). */
const TABLE: [string, '<' | '=' | '>', string][] = [
  ['1.4.2', '=', '1.4.2.0'],
  ['5.1', '=', '5.1.0'],
  ['010', '=', '10'],
  ['1.10', '>', '1.9'],
  ['1.2.3', '<', '1.10'],
  ['1.4.2_RC', '<', '1.4.2'],
  ['1.4.2_RC', '>', '1.4.1'],
  ['1.4.2-RC1', '=', '1.4.2rc1'],
  ['1.4.2-rc2', '<', '1.4.2-rc10'],
  ['21.0.0.b2', '<', '21.0.0'],
  ['21.0.0.b2', '>', '20.9'],
  ['1.0-alpha', '<', '1.0-alpha.1'],
  ['1.0-alpha.1', '<', '1.0-alpha.beta'],
  ['1.0-beta.2', '<', '1.0-beta.11'],
  ['1.0-rc.1', '<', '1.0'],
  ['1.4.2', '<', '1.4.2.1'],
  ['2.0-final', '=', '2.0'],
  ['v1.2', '=', '1.2'],
  ['1.2+build7', '=', '1.2'],
  ['beta', '<', '0.1'],
];

const SIGN = { '<': -1, '=': 0, '>': 1 } as const;

it.each(TABLE)('%s %s %s', (a, relation, b) => {
  expect(compareVersions(a, b)).toBe(SIGN[relation]);
  expect(compareVersions(b, a)).toBe(-SIGN[relation] || 0);
});

it('sorts a mixed list into one order, the same by key bytes as by comparison', () => {
  const sorted = ['0.9', '1.0-alpha', '1.0-alpha.1', '1.0-beta', '1.0-rc.1', '1.0', '1.0.1', '1.4.2_RC', '1.4.2', '1.10', '5.1', '21.0.0.b2', '21.0.0'];
  const shuffled = [...sorted].reverse();
  expect([...shuffled].sort(compareVersions)).toEqual(sorted);
  // SQL orders by the key under COLLATE "C": byte order. The keys are ASCII, so code-unit order is byte order.
  expect([...shuffled].sort((a, b) => (versionKey(a) < versionKey(b) ? -1 : 1))).toEqual(sorted);
  expect(sorted.every((v) => /^[\x21-\x7e]*$/.test(versionKey(v)))).toBe(true);
});

it('reads ranges and shows them back in one form', () => {
  expect(formatVersionRange(parseVersionRange('>=1.2 <1.4.2') as never)).toBe('>=1.2 <1.4.2');
  expect(formatVersionRange(parseVersionRange('<1.4.2,  >1.0') as never)).toBe('>1.0 <1.4.2');
  expect(formatVersionRange(parseVersionRange('1.4.2') as never)).toBe('=1.4.2');
  expect(formatVersionRange(parseVersionRange('<=2.0') as never)).toBe('<=2.0');
  const range = parseVersionRange('>=1.2 <1.4.2') as never;
  expect(['1.1', '1.2', '1.4.2_RC', '1.4.2', '1.10'].filter((v) => inVersionRange(v, range))).toEqual(['1.2', '1.4.2_RC']);
});

it.each([
  ['', 'is empty'],
  ['>=1 >=2', 'has two lower bounds'],
  ['<1 <=2', 'has two upper bounds'],
  ['>=2 <1', 'contains no version'],
  ['>1.0 <1.0.0', 'contains no version'],
  ['>=1 <2 <3', 'more than two'],
  ['>=', 'cannot read'],
  ['=<1', 'cannot read'],
])('refuses the range %j', (text, problem) => {
  expect(parseVersionRange(text)).toEqual(expect.stringContaining(problem));
});
