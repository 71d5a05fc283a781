/**
 * The order of versions, written once. Devices' versions are not all semver (`1.4.2`, `1.4.2_RC`,
 * `21.0.0.b2`, `5.1`), yet targeting ("application 1.2 up to 1.4.2"), `fixVersion` ("at or past
 * 1.4.3") and the firmware range all need one total order, the same in TypeScript and in SQL.
 *
 * The rule (docs/versions.md has the table of examples the tests check):
 * - Case is ignored, and so are a leading `v` (`v1.2` = `1.2`) and build metadata after `+`
 *   (`1.2+build7` = `1.2`). A version is read as runs of digits (numbers) and runs of letters
 *   (tags); every other character (`.`, `-`, `_`, spaces) only separates them.
 * - The leading numbers are the release (`1.4.2`); they compare numerically, segment by segment,
 *   and missing segments count as 0 (`5.1` = `5.1.0`, `1.10` > `1.9`).
 * - A letter after the release starts a pre-release tag, and a pre-release comes before its
 *   release (`1.4.2_RC` < `1.4.2`, `21.0.0.b2` < `21.0.0`). Tags compare part by part: letters
 *   alphabetically, numbers numerically (`rc2` < `rc10`), a number before letters, and a tag that
 *   is a prefix of another before it (`alpha` < `alpha.1`). The words `final`, `ga` and `release`
 *   name the release itself (`2.0-final` = `2.0`).
 * - More numbers after the release make a later version (`1.4.2` < `1.4.2.1`).
 *
 * It is implemented as a sort key: `versionKey(v)` is ASCII text whose byte order (COLLATE "C")
 * is the version order. TypeScript computes the key wherever a version enters (a device's firmware
 * and applications, a report's application, a resolution's fixVersion and ranges); SQL stores it
 * beside the version (`*_version_key` columns, collated "C") and compares keys, so the rule exists
 * in this file only.
 */

/** Versions longer than this are refused by the inputs, so a number has at most this many digits. */
export const MAX_VERSION_LENGTH = 64;

const RELEASE_WORDS = new Set(['final', 'ga', 'release']);

/**
 * Key markers, in the byte order that makes the rule: a tag (pre-release) < the end of a release
 * < another release number. Within a tag: its end (the shorter key) < a number < letters.
 */
const TAG = 'A';
const END = 'B';
const NUMBER = 'N';
const TAG_NUMBER = 'M';
const TAG_LETTERS = 'T';
/** Ends a run of letters: below every letter and digit, so `rc` < `rca` and `rc` < `rc1`. */
const LETTERS_END = '!';

/** A number as its digit count (two digits) and its digits, without leading zeros: byte order is numeric order. */
function numberKey(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  return String(trimmed.length).padStart(2, '0') + trimmed;
}

/** The sort key of a version (see the rule above); equal keys are equal versions. */
export function versionKey(version: string): string {
  // Build metadata (after `+`, as in semver) and a leading `v` (`v1.2`) are not part of the order.
  const core = version.split('+')[0]!.replace(/^\s*v(?=[0-9])/i, '');
  const tokens = core.toLowerCase().match(/[0-9]+|[a-z]+/g) ?? [];
  let split = tokens.findIndex((t) => !/^[0-9]/.test(t));
  if (split < 0) split = tokens.length;
  const release = tokens.slice(0, split);
  let tag = tokens.slice(split);
  if (tag.length && RELEASE_WORDS.has(tag[0]!)) tag = tag.slice(1);
  // Trailing zeros of the release do not count: 5.1 = 5.1.0.
  while (release.length && /^0+$/.test(release[release.length - 1]!)) release.pop();

  let key = release.map((n) => NUMBER + numberKey(n)).join('');
  if (!tag.length) return key + END;
  key += TAG;
  for (const t of tag) key += /^[0-9]/.test(t) ? TAG_NUMBER + numberKey(t) : TAG_LETTERS + t + LETTERS_END;
  return key;
}

/** -1, 0 or 1 as `a` comes before, is equal to or comes after `b` in the version order. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const [ka, kb] = [versionKey(a), versionKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** One end of a range: a version, and whether the range includes it. */
export interface VersionBound {
  version: string;
  inclusive: boolean;
}

/** A range of versions; a missing end is unbounded. */
export interface VersionRange {
  min: VersionBound | null;
  max: VersionBound | null;
}

/**
 * Reads a range: one or two comparisons separated by spaces or a comma, `>=1.2 <1.4.2`, `>1.0`,
 * `<=2.0`, or one version (`=1.4.2` or `1.4.2`) for exactly that version. Returns the problem as
 * text when it cannot be read or is empty (no version can be in it).
 */
export function parseVersionRange(text: string): VersionRange | string {
  const parts = text.trim().split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return 'is empty';
  if (parts.length > 2) return 'has more than two comparisons (write e.g. ">=1.2 <1.4.2")';
  const range: VersionRange = { min: null, max: null };
  for (const part of parts) {
    const m = /^(>=|<=|>|<|=)?(.+)$/.exec(part)!;
    const [op = '=', version] = [m[1], m[2]!];
    if (!/[0-9a-z]/i.test(version) || /^[<>=]/.test(version)) return `cannot read "${part}"`;
    if (version.length > MAX_VERSION_LENGTH) return `has a version longer than ${MAX_VERSION_LENGTH} characters`;
    const ends: ('min' | 'max')[] = op === '=' ? ['min', 'max'] : op.startsWith('>') ? ['min'] : ['max'];
    for (const end of ends) {
      if (range[end]) return `has two ${end === 'min' ? 'lower' : 'upper'} bounds`;
      range[end] = { version, inclusive: op.length === 2 || op === '=' };
    }
  }
  if (range.min && range.max) {
    const order = compareVersions(range.min.version, range.max.version);
    if (order > 0 || (order === 0 && !(range.min.inclusive && range.max.inclusive))) return 'contains no version (its lower bound is not below its upper bound)';
  }
  return range;
}

/** A range as text, the way parseVersionRange reads it: `>=1.2 <1.4.2`, `=1.4.2`. */
export function formatVersionRange({ min, max }: VersionRange): string {
  if (min && max && min.inclusive && max.inclusive && compareVersions(min.version, max.version) === 0) return `=${min.version}`;
  return [min && `${min.inclusive ? '>=' : '>'}${min.version}`, max && `${max.inclusive ? '<=' : '<'}${max.version}`].filter(Boolean).join(' ');
}

/** Whether `version` is in `range`, in TypeScript (SQL compares the stored keys the same way: resolution.sql.ts). */
export function inVersionRange(version: string, { min, max }: VersionRange): boolean {
  const key = versionKey(version);
  if (min && !(key > versionKey(min.version) || (min.inclusive && key === versionKey(min.version)))) return false;
  if (max && !(key < versionKey(max.version) || (max.inclusive && key === versionKey(max.version)))) return false;
  return true;
}
