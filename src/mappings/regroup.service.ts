import pRetry from 'p-retry';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { timeOrderedId } from '../db/ids';
import type { Sql } from '../db/sql';
import { RECOUNT } from '../signatures/breakdown.sql';
import { groupForIngest, type CustomRules, type Deobfuscator } from '../signatures/grouping';
import { LOCK_SIGNATURES } from '../signatures/merge.sql';
import { joinSignatures } from '../signatures/merge.service';
import { previousOf } from '../signatures/previous-fingerprint.sql';
import { signatureIdFor } from '../signatures/signature-id';
import { SignatureTopics } from '../signatures/signature.events';
import { mappingTargetInvalid, regroupContended } from './mapping.errors';
import {
  EMPTIED,
  MOVE_REPORTS,
  REGROUP_ACTIVITY,
  REGROUP_TARGETS,
  REGROUP_TARGETS_CHANGED,
  REPORTS_BY_ID,
  REPORT_IDS_OF_VERSION,
} from './regroup.sql';

/** Reports grouped and moved per transaction: short transactions, so ingest never waits long on a signature. */
const BATCH = 500;
/** Deadlocks, serialisation failures and places changed meanwhile undo the batch whole; a retry is safe. */
const RETRYABLE = new Set(['40P01', '40001', REGROUP_TARGETS_CHANGED]);

interface ReportRow {
  [key: string]: unknown;
  id: string;
  signature_id: string;
  fingerprint: string;
  error_code: string;
  application_name: string;
  exception_type: string | null;
  message: string | null;
  stack_trace: string;
}

export interface RegroupResult {
  examined: number;
  moved: number;
  signatureIds: string[];
}

/**
 * Groups an application version's reports again as ingest would group them now, with the
 * version's mapping files as they are now (reports that arrived before their mapping), and moves
 * those whose signature changes: new signatures are opened as ingest opens them, the signatures
 * involved are recounted from their reports (counts, devices, breakdowns, counters: RECOUNT, as
 * merges do), each gets a REGROUPED activity entry, and a signature left empty is merged into the
 * one that took its reports, so its triage follows them and a late obfuscated report of it too.
 * Idempotent: a report already where it belongs is not touched, so a second run moves nothing.
 */
export async function regroupReports(scope: Scope<UserPrincipal>, applicationName: string, applicationVersion: string): Promise<RegroupResult> {
  const { services, caller } = scope;
  if (!applicationName.trim()) throw mappingTargetInvalid('application', 'must not be empty');
  if (!applicationVersion.trim()) throw mappingTargetInvalid('version', 'must not be empty');
  const deobfuscator = await services.mappings.deobfuscatorOf(applicationName, applicationVersion);
  const rules = await services.groupingRules.current();
  const ids = (await services.sql.query<{ id: string }>(REPORT_IDS_OF_VERSION, [applicationName, applicationVersion])).map((r) => r.id);

  const result: RegroupResult = { examined: 0, moved: 0, signatureIds: [] };
  const touched = new Set<string>();
  const created = new Set<string>();
  const merged = new Set<string>();
  const targets = new Set<string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await services.sql.query<ReportRow>(REPORTS_BY_ID, [ids.slice(i, i + BATCH)]);
    result.examined += rows.length;
    // ord: the batch's order, which decides among reports of one fingerprint (placement.sql.ts).
    const moves = rows.flatMap((row) => moveOf(row, rules, deobfuscator)).map((move, ord) => ({ ord, ...move }));
    if (moves.length === 0) continue;
    const batch = await pRetry(() => services.sql.transaction((tx) => moveBatch(tx, moves, caller.id, applicationName, applicationVersion)), {
      retries: 3,
      minTimeout: 10,
      onFailedAttempt: (err) => {
        if (!RETRYABLE.has(String((err as { code?: string }).code))) throw err;
      },
    }).catch((err: unknown) => {
      // Out of retries on contention: a refusal with its code, not an unexpected error.
      throw RETRYABLE.has(String((err as { code?: string }).code)) ? regroupContended(result.moved) : err;
    });
    result.moved += batch.moved;
    for (const id of batch.touched) touched.add(id);
    for (const id of batch.targets) targets.add(id);
    for (const id of batch.created) created.add(id);
    for (const id of batch.merged) merged.add(id);
  }
  if (created.size || merged.size) services.outbox.nudge();
  for (const signatureId of touched) {
    scope.events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: created.has(signatureId) ? 'CREATED' : merged.has(signatureId) ? 'MERGED' : 'UPDATED', signatureId });
  }
  result.signatureIds = [...targets].sort();
  return result;
}

/** The report's new grouping as a row of MOVE_REPORTS' input, or nothing when it stays where it is. */
function moveOf(row: ReportRow, rules: CustomRules, deobfuscator: Deobfuscator | null) {
  const { result: g, previousFingerprints } = groupForIngest(
    { errorCode: row.error_code, applicationName: row.application_name, exceptionType: row.exception_type, message: row.message, stackTrace: row.stack_trace },
    rules,
    undefined,
    undefined,
    deobfuscator,
  );
  // Filed under this fingerprint already (directly, or through a previous config's): it stays.
  if (g.fingerprint === row.fingerprint || previousFingerprints.includes(row.fingerprint)) return [];
  return [
    {
      report_id: row.id,
      from_signature_id: row.signature_id,
      fingerprint: g.fingerprint,
      previous: previousOf(previousFingerprints),
      signature_id: signatureIdFor(g.fingerprint),
      frames: g.frames,
      grouping_config: g.configVersion,
      title: g.title,
      error_code: row.error_code,
      sig_exception_type: g.exceptionType,
      app_name: row.application_name,
      normalised_message: g.normalisedMessage,
      sig_frames: g.frames.filter((f) => f.contributes),
      components: g.components,
    },
  ];
}

async function moveBatch(tx: Sql, moves: object[], actorId: string, applicationName: string, applicationVersion: string) {
  const input = JSON.stringify(moves);
  const sources = [...new Set(moves.map((m) => (m as { from_signature_id: string }).from_signature_id))];
  const existing = (await tx.query<{ id: string }>(REGROUP_TARGETS, [input])).map((r) => r.id);
  // Every signature involved locked in id order, as merges and ingest lock them: no deadlock.
  const locked = await tx.query<{ id: string; merged_into_id: string | null }>(LOCK_SIGNATURES, [[...new Set([...sources, ...existing])]]);
  // A target merged away between the look-up and the lock: the batch runs again and follows its redirect.
  if (locked.some((s) => existing.includes(s.id) && s.merged_into_id !== null)) throw Object.assign(new Error('target merged meanwhile'), { code: REGROUP_TARGETS_CHANGED });

  // The move finds the places again under the locks and moves reports only into signatures locked
  // here or opened by it; one that appeared meanwhile (ingest opened it after the look-up) refuses
  // it with REGROUP_TARGETS_CHANGED, and the batch runs again, locking that one too.
  const movedRows = await tx.query<{ id: string; from_signature_id: string; target_id: string; opened: boolean }>(MOVE_REPORTS, [
    input,
    locked.map((s) => s.id),
  ]);
  const moved = movedRows.filter((r) => r.from_signature_id !== r.target_id);
  const involved = [...new Set(moved.flatMap((r) => [r.from_signature_id, r.target_id]))];
  for (const statement of RECOUNT) await tx.query(statement, [involved]);

  // Where each source's reports went, for the notes and for merging the emptied ones.
  const into = new Map<string, Map<string, number>>();
  const from = new Map<string, Map<string, number>>();
  for (const r of moved) {
    const to = into.get(r.from_signature_id) ?? new Map<string, number>();
    to.set(r.target_id, (to.get(r.target_id) ?? 0) + 1);
    into.set(r.from_signature_id, to);
    const back = from.get(r.target_id) ?? new Map<string, number>();
    back.set(r.from_signature_id, (back.get(r.from_signature_id) ?? 0) + 1);
    from.set(r.target_id, back);
  }
  const merged: string[] = [];
  const emptied = (await tx.query<{ id: string }>(EMPTIED, [[...into.keys()]])).map((r) => r.id);
  for (const source of emptied) {
    const [target] = [...into.get(source)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    // A merge into where most of its reports went (it has none left: the recount above stands).
    await joinSignatures(tx, target, [source]);
    merged.push(target);
  }

  const what = `${applicationName} ${applicationVersion}`;
  const entries = [
    ...[...from].map(([target, sources]) => ({
      signature: target,
      note: `${count(sources)} of ${what} re-grouped here with its mapping files, from ${sources.size === 1 ? 'signature' : 'signatures'} ${[...sources.keys()].sort().join(', ')}.`,
    })),
    ...[...into].map(([source, targets]) => ({
      signature: source,
      note: `${count(targets)} of ${what} re-grouped with its mapping files into ${targets.size === 1 ? 'signature' : 'signatures'} ${[...targets.keys()].sort().join(', ')}${emptied.includes(source) ? '; this signature, left empty, was merged into where most went' : ''}.`,
    })),
  ];
  await tx.query(REGROUP_ACTIVITY, [entries.map(() => timeOrderedId()), entries.map((e) => e.signature), actorId, entries.map((e) => e.note), applicationVersion]);
  return {
    moved: moved.length,
    touched: involved,
    targets: [...from.keys()],
    created: [...new Set(movedRows.filter((r) => r.opened).map((r) => r.target_id))],
    merged,
  };
}

const count = (byId: Map<string, number>) => {
  const n = [...byId.values()].reduce((a, b) => a + b, 0);
  return n === 1 ? '1 report' : `${n} reports`;
};
