import type { Scope } from '../app/context';
import { isId } from '../db/ids';
import type { Sql } from '../db/sql';
import { INSERT_OUTBOX_EVENT, outboxEventParams } from '../events/outbox';
import {
  FINGERPRINTS_OF_TREE,
  LOCK_SIGNATURES,
  MARK_MERGED,
  MOVE_REPORTS,
  REDIRECT_TO_TARGET,
  UNMERGE,
} from './merge.sql';
import { RECOUNT } from './breakdown.sql';
import {
  alreadyMerged,
  mergedIntoMerged,
  mergeSourcesInvalid,
  notMerged,
  signatureNotFound,
  targetIsMerged,
} from './signature.errors';
import { SignatureOutbox, SignatureTopics } from './signature.events';

export const MAX_MERGE_SOURCES = 50;

interface LockedSignature {
  [key: string]: unknown;
  id: string;
  fingerprint: string;
  merged_into_id: string | null;
}

/**
 * Moves the sources' reports and counts into the target, in one transaction. Their fingerprints
 * redirect to the target from then on, so new reports of them land there too (ingest reads the
 * redirect). The sources stay, marked merged, so the merge can be undone. What other domains
 * attached to the sources follows through the outbox (SIGNATURES_MERGED).
 */
export async function mergeSignatures({ services, events }: Scope, targetId: string, sourceIds: string[]) {
  const sources = [...new Set(sourceIds)];
  checkMergeArgs(targetId, sources);
  await services.sql.transaction(async (tx) => {
    const locked = await lock(tx, [targetId, ...sources]);
    const target = locked.get(targetId);
    if (!target) throw signatureNotFound(targetId);
    if (target.merged_into_id) throw targetIsMerged(targetId, target.merged_into_id);
    for (const id of sources) {
      const source = locked.get(id);
      if (!source) throw signatureNotFound(id);
      if (source.merged_into_id) throw alreadyMerged(id, source.merged_into_id);
    }
    await joinSignatures(tx, targetId, sources);
    await recount(tx, [targetId, ...sources]);
  });
  services.outbox.nudge();
  events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: 'MERGED', signatureId: targetId });
  return targetId;
}

/**
 * The steps of a merge, in a transaction that has locked the target and the sources (in id order,
 * LOCK_SIGNATURES) and checked that none is merged: the sources' fingerprints, and those already
 * redirected to them, redirect to the target; their reports move there; they are marked merged; and
 * SIGNATURES_MERGED is written for what other domains attached to them. The caller recounts
 * (RECOUNT) the signatures it changed. mergeSignatures, and re-grouping for a signature it left
 * without reports (mappings/regroup.service.ts).
 */
export async function joinSignatures(tx: Sql, targetId: string, sourceIds: string[]) {
  await tx.query(REDIRECT_TO_TARGET, [targetId, sourceIds]);
  await tx.query(MOVE_REPORTS, [targetId, sourceIds]);
  await tx.query(MARK_MERGED, [targetId, sourceIds]);
  await tx.query(INSERT_OUTBOX_EVENT, outboxEventParams(SignatureOutbox.SIGNATURES_MERGED, { targetId, sourceIds }));
}

/**
 * Undoes a merge: the signature gets back the reports of its fingerprints (and of the signatures
 * merged into it before), and new reports of them land in it again.
 */
export async function unmergeSignature({ services, events }: Scope, id: string) {
  if (!isId(id)) throw signatureNotFound(id);
  const targetId = await services.sql.transaction(async (tx) => {
    const [source] = await tx.query<LockedSignature>(LOCK_SIGNATURES, [[id]]);
    if (!source) throw signatureNotFound(id);
    const target = source.merged_into_id;
    if (!target) throw notMerged(id);
    const [parent] = await tx.query<LockedSignature>(LOCK_SIGNATURES, [[target]]);
    if (parent?.merged_into_id) throw mergedIntoMerged(id, target);
    const tree = await tx.query<{ fingerprint: string }>(FINGERPRINTS_OF_TREE, [id]);
    await tx.query(UNMERGE, [id, source.fingerprint, tree.map((r) => r.fingerprint), target]);
    await recount(tx, [id, target]);
    return target;
  });
  events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: 'UPDATED', signatureId: targetId });
  events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: 'UPDATED', signatureId: id });
  return id;
}

function checkMergeArgs(targetId: string, sources: string[]) {
  if (sources.length === 0) throw mergeSourcesInvalid('name at least one signature to merge');
  if (sources.length > MAX_MERGE_SOURCES) throw mergeSourcesInvalid(`at most ${MAX_MERGE_SOURCES} signatures at once`);
  if (sources.includes(targetId)) throw mergeSourcesInvalid('the target cannot be merged into itself');
  for (const id of [targetId, ...sources]) if (!isId(id)) throw signatureNotFound(id);
}

async function lock(tx: Sql, ids: string[]) {
  const rows = await tx.query<LockedSignature>(LOCK_SIGNATURES, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

async function recount(tx: Sql, ids: string[]) {
  for (const statement of RECOUNT) await tx.query(statement, [ids]);
}
