import { raw, type FilterQuery } from '@mikro-orm/postgresql';
import { isId } from '../db/ids';
import type { Where } from '../graphql/connection';
import type { FieldProblem } from '../errors/domain-error';
import { signatureFilterInvalid } from './signature.errors';
import type { FaultSignature } from './signature.entity';
import type { SignatureFilter } from './signature.input';
import { BreakdownDimension } from './signature.type';

/** Words past this many are not searched for (each is one more GIN lookup). */
const MAX_SEARCH_WORDS = 16;

/**
 * The signature list's filter. Conditions on what reported a signature are EXISTS subqueries (a
 * semi-join: never a join that repeats rows), so the list stays one keyset-paged query over
 * fault_signature. Versions, models and firmware come from signature_breakdown, manufacturers from
 * the signature's devices; search uses the GIN-indexed search_vector (see the Workbench migration).
 */
export function signatureWhere(filter: SignatureFilter | undefined): Where<FaultSignature> {
  if (filter) checkFilter(filter);
  return () => {
    // A merged signature is empty and its reports live in the target: listed only on request.
    const and: FilterQuery<FaultSignature>[] = filter?.includeMerged ? [] : [{ mergedInto: null }];
    if (!filter) return { $and: and };
    if (filter.status?.length) and.push({ status: { $in: filter.status } });
    if (filter.applicationName) and.push({ applicationName: filter.applicationName });
    if (filter.errorCode) and.push({ errorCode: filter.errorCode });
    if (filter.exceptionType) and.push({ exceptionType: filter.exceptionType });
    if (filter.applicationVersion) and.push(reportedWith(BreakdownDimension.APPLICATION_VERSION, filter.applicationVersion));
    if (filter.model) and.push(reportedWith(BreakdownDimension.MODEL, filter.model));
    if (filter.firmwareVersion) and.push(reportedWith(BreakdownDimension.FIRMWARE, filter.firmwareVersion));
    if (filter.manufacturer) {
      and.push({
        [raw(
          (s) => `exists (select 1 from signature_device sd join device d on d.id = sd.device_id
                           where sd.signature_id = ${s}.id and d.manufacturer = ?)`,
          [filter.manufacturer],
        )]: [],
      });
    }
    if (filter.firstSeenFrom || filter.firstSeenTo) and.push({ firstSeenAt: range(filter.firstSeenFrom, filter.firstSeenTo) });
    if (filter.lastSeenFrom || filter.lastSeenTo) and.push({ lastSeenAt: range(filter.lastSeenFrom, filter.lastSeenTo) });
    if (filter.assigneeId) and.push({ assignee: filter.assigneeId });
    if (filter.unassigned != null) and.push({ assignee: filter.unassigned ? null : { $ne: null } });
    const query = searchQuery(filter.search);
    if (query) and.push({ [raw((s) => `${s}.search_vector @@ to_tsquery('simple', ?)`, [query])]: [] });
    return and.length ? { $and: and } : {};
  };
}

function reportedWith(dimension: BreakdownDimension, value: string): FilterQuery<FaultSignature> {
  return {
    [raw(
      (s) => `exists (select 1 from signature_breakdown b
                       where b.signature_id = ${s}.id and b.dimension = ? and b.value = ?)`,
      [dimension, value],
    )]: [],
  };
}

/** From inclusive, to exclusive, so consecutive ranges never count a signature twice. */
function range(from: Date | undefined, to: Date | undefined) {
  return { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
}

/**
 * Every word must match, as a whole word or a prefix. Words are split exactly as the indexed text
 * is (any non-alphanumeric run separates), so "Renderer.drawSprite" finds the frame
 * com.example.game.Renderer.drawSprite; and being letters and digits only, they cannot carry
 * tsquery syntax. Returns null when nothing searchable is left.
 */
export function searchQuery(search: string | undefined): string | null {
  if (!search) return null;
  const words = search.split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
  return words.length ? words.map((word) => `${word}:*`).join(' & ') : null;
}

function checkFilter(filter: SignatureFilter): void {
  const problems: FieldProblem[] = [];
  if (filter.assigneeId != null && !isId(filter.assigneeId)) {
    problems.push({ path: ['filter', 'assigneeId'], message: 'not a user id' });
  }
  if (filter.assigneeId && filter.unassigned === true) {
    problems.push({ path: ['filter', 'unassigned'], message: 'cannot be true together with assigneeId' });
  }
  for (const [from, to, name] of [
    [filter.firstSeenFrom, filter.firstSeenTo, 'firstSeen'],
    [filter.lastSeenFrom, filter.lastSeenTo, 'lastSeen'],
  ] as const) {
    if (from && to && from > to) problems.push({ path: ['filter', `${name}From`], message: `must not be after ${name}To` });
  }
  if (problems.length) throw signatureFilterInvalid(problems);
}
