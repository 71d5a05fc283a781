import { LockMode, QueryOrder } from '@mikro-orm/core';
import { raw, type EntityManager, type FilterQuery, type QueryOrderMap } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { isId } from '../db/ids';
import { formatVersionRange, parseVersionRange, versionKey, type VersionRange } from '../devices/version-order';
import { writeOutboxEvent } from '../events/outbox';
import { paginate, type PageArgs } from '../graphql/connection';
import { SignatureActivityKind } from '../signatures/signature-activity-kind';
import { SignatureActivity } from '../signatures/signature-activity.entity';
import { FaultSignature } from '../signatures/signature.entity';
import { SignatureTopics } from '../signatures/signature.events';
import { SignatureStatus } from '../signatures/signature-status';
import { mayTransition } from '../signatures/signature-workflow';
import { Resolution, ResolutionSignature } from './resolution.entity';
import { ResolutionStatus } from './resolution.enums';
import { alreadyPublished, notDraft, targetInvalid, nothingToChange, notPublished, resolutionNotFound, signaturesInvalid } from './resolution.errors';
import { ResolutionOutbox, ResolutionTopics, type ResolutionSnapshot } from './resolution.events';
import { REANSWER_LINKED } from './resolution.sql';
import type { CreateResolutionInput, ResolutionFilter, ResolutionPackageInput, ResolutionTargetInput, UpdateResolutionInput } from './resolution.input';

/** Newest first; the id (time-ordered) makes the order total. */
export const RESOLUTION_ORDER = { createdAt: QueryOrder.DESC, id: QueryOrder.DESC } as const satisfies QueryOrderMap<Resolution>;

export async function createResolution({ em, caller }: Scope<UserPrincipal>, input: CreateResolutionInput): Promise<Resolution> {
  return em.transactional(async (tx) => {
    const signatures = await answerable(tx, input.signatureIds);
    const resolution = new Resolution();
    resolution.kind = input.kind;
    resolution.createdBy = tx.getReference(User, caller.id);
    applyChanges(resolution, input);
    tx.persist(resolution);
    tx.persist(signatures.map((signature) => Object.assign(new ResolutionSignature(), { resolution, signature })));
    return resolution;
  });
}

/** Only a draft changes: a published resolution is what devices were told. */
export async function updateResolution({ em }: Scope<UserPrincipal>, id: string, input: UpdateResolutionInput): Promise<Resolution> {
  if (Object.values(input).every((value) => value === undefined)) throw nothingToChange();
  return em.transactional(async (tx) => {
    const resolution = await locked(tx, id);
    if (resolution.status !== ResolutionStatus.DRAFT) throw notDraft(id, resolution.status);
    if (input.signatureIds) {
      const signatures = await answerable(tx, input.signatureIds);
      await tx.nativeDelete(ResolutionSignature, { resolution });
      tx.persist(signatures.map((signature) => Object.assign(new ResolutionSignature(), { resolution, signature })));
    }
    if (input.kind) resolution.kind = input.kind;
    applyChanges(resolution, input);
    resolution.updatedAt = new Date();
    return resolution;
  });
}

/**
 * DRAFT → PUBLISHED, in one transaction with what follows from it: the linked signatures move to
 * RESOLVED (through the state machine: an IGNORED one stays as it is) with an activity entry each,
 * and an outbox event that offers the resolution to the affected devices (the fan-out runs there,
 * set-based, so this request neither waits for it nor holds the devices).
 */
export async function publishResolution({ em, caller, events, services }: Scope<UserPrincipal>, id: string): Promise<Resolution> {
  const { resolution, resolved } = await em.transactional(async (tx) => {
    const resolution = await locked(tx, id);
    if (resolution.status !== ResolutionStatus.DRAFT) throw alreadyPublished(id, resolution.status);
    const now = new Date();
    const actor = tx.getReference(User, caller.id);
    Object.assign(resolution, { status: ResolutionStatus.PUBLISHED, publishedAt: now, publishedBy: actor, updatedAt: now });
    const links = await tx.find(ResolutionSignature, { resolution });
    // Locked in id order, as every writer of signatures locks them, so two publications cannot deadlock.
    const signatures = await tx.find(
      FaultSignature,
      { id: { $in: links.map((l) => l.signature.id) }, mergedInto: null },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: QueryOrder.ASC }, refresh: true },
    );
    const resolved: string[] = [];
    for (const signature of signatures) {
      signature.answered = true;
      const moves = signature.status !== SignatureStatus.RESOLVED && mayTransition(signature.status, SignatureStatus.RESOLVED);
      const entry = new SignatureActivity({ signature, actor, kind: SignatureActivityKind.RESOLUTION_PUBLISHED, createdAt: now, resolutionId: resolution.id });
      if (moves) {
        Object.assign(entry, { fromStatus: signature.status, toStatus: SignatureStatus.RESOLVED });
        signature.status = SignatureStatus.RESOLVED;
        resolved.push(signature.id);
      }
      tx.persist(entry);
    }
    await tx.flush();
    await writeOutboxEvent(tx, ResolutionOutbox.RESOLUTION_PUBLISHED, { resolutionId: resolution.id });
    return { resolution, resolved };
  });
  for (const signatureId of resolved) events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: 'RESOLVED', signatureId });
  events.publish(ResolutionTopics.RESOLUTIONS_CHANGED, { at: new Date().toISOString() });
  services.outbox.nudge();
  return resolution;
}

/**
 * PUBLISHED → WITHDRAWN: no device is offered it any more (the fan-out, check-ins and receipts
 * read the status), devices stop seeing it in pendingResolutions, and connected devices that had
 * not installed it hear it. The signatures keep their status: whether the fault is fixed is the
 * technicians' call. A withdrawn resolution is no longer evidence (installing it proves nothing
 * about the fault any more; a published one of the same signature still is).
 */
export async function withdrawResolution({ em, caller, events }: Scope<UserPrincipal>, id: string): Promise<Resolution> {
  const resolution = await em.transactional(async (tx) => {
    const resolution = await locked(tx, id);
    if (resolution.status !== ResolutionStatus.PUBLISHED) throw notPublished(id, resolution.status);
    const now = new Date();
    Object.assign(resolution, { status: ResolutionStatus.WITHDRAWN, withdrawnAt: now, withdrawnBy: tx.getReference(User, caller.id), updatedAt: now });
    await tx.flush();
    await tx.getConnection().execute(REANSWER_LINKED, [resolution.id], 'run', tx.getTransactionContext());
    return resolution;
  });
  events.publish(ResolutionTopics.RESOLUTION_WITHDRAWN, snapshotOf(resolution));
  events.publish(ResolutionTopics.RESOLUTIONS_CHANGED, { at: new Date().toISOString() });
  return resolution;
}

export async function resolutionById(em: EntityManager, id: string): Promise<Resolution | null> {
  return isId(id) ? em.findOne(Resolution, id) : null;
}

export function listResolutions(em: EntityManager, filter: ResolutionFilter | undefined, page: PageArgs) {
  const where = (): FilterQuery<Resolution> => ({
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.kind ? { kind: filter.kind } : {}),
    ...(filter?.signatureId
      ? {
          [raw(
            (r) => `exists (select 1 from resolution_signature rs where rs.resolution_id = ${r}.id and rs.signature_id::text = ?)`,
            [filter.signatureId],
          )]: [],
        }
      : {}),
  });
  return paginate(em, Resolution, where, RESOLUTION_ORDER, page);
}

/** What a device may see of a resolution, as the bus carries it. */
export function snapshotOf(r: Resolution): ResolutionSnapshot {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    title: r.title,
    instructions: r.instructions,
    fixVersion: r.fixVersion ?? null,
    packageUrl: r.packageUrl ?? null,
    packageSha256: r.packageSha256 ?? null,
    packageSizeBytes: r.packageSizeBytes == null ? null : Number(r.packageSizeBytes),
    publishedAt: r.publishedAt?.toISOString() ?? null,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
  };
}

async function locked(em: EntityManager, id: string): Promise<Resolution> {
  const resolution = isId(id) ? await em.findOne(Resolution, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  if (!resolution) throw resolutionNotFound(id);
  return resolution;
}

/** The signatures named, each once; unknown ones and ones merged into another are refused. */
async function answerable(em: EntityManager, ids: string[]): Promise<FaultSignature[]> {
  const wanted = [...new Set(ids)];
  const malformed = wanted.filter((id) => !isId(id));
  const found = await em.find(FaultSignature, { id: { $in: wanted.filter(isId) } });
  const unknown = [...malformed, ...wanted.filter((id) => isId(id) && !found.some((s) => s.id === id))];
  if (unknown.length) throw signaturesInvalid('signatureIds', `no such signature: ${unknown.join(', ')}`, { unknown });
  const merged = found.filter((s) => s.mergedInto);
  if (merged.length) {
    const into = Object.fromEntries(merged.map((s) => [s.id, s.mergedInto!.id]));
    throw signaturesInvalid('signatureIds', `merged into another signature (link that one instead): ${merged.map((s) => s.id).join(', ')}`, { mergedInto: into });
  }
  return found;
}

type Changes = Pick<UpdateResolutionInput, 'title' | 'instructions' | 'fixVersion' | 'package' | 'target'>;

/** The fields of a create or an update; undefined leaves a field as it is, null clears it. */
function applyChanges(resolution: Resolution, input: Partial<Changes>): void {
  if (input.title) resolution.title = input.title.trim();
  if (input.instructions) resolution.instructions = input.instructions;
  if (input.fixVersion !== undefined) {
    resolution.fixVersion = input.fixVersion?.trim() || null;
    resolution.fixVersionKey = resolution.fixVersion ? versionKey(resolution.fixVersion) : null;
  }
  if (input.package !== undefined) applyPackage(resolution, input.package);
  if (input.target !== undefined) applyTarget(resolution, input.target);
}

function applyPackage(resolution: Resolution, pkg: ResolutionPackageInput | null): void {
  resolution.packageUrl = pkg?.url ?? null;
  resolution.packageSha256 = pkg?.sha256.toLowerCase() ?? null;
  resolution.packageSizeBytes = pkg?.sizeBytes ?? null;
}

function applyTarget(resolution: Resolution, target: ResolutionTargetInput | null): void {
  const text = (value: string | null | undefined) => value?.trim() || null;
  resolution.targetManufacturer = text(target?.manufacturer);
  resolution.targetModel = text(target?.model);
  resolution.targetApplicationName = text(target?.applicationName);
  const app = range(target?.applicationVersionRange);
  if (app && !resolution.targetApplicationName) throw targetInvalid('applicationVersionRange', 'needs applicationName: the versions of which application?');
  const firmware = range(target?.firmwareRange);
  Object.assign(resolution, {
    targetAppRange: app && formatVersionRange(app),
    targetAppMinKey: app?.min ? versionKey(app.min.version) : null,
    targetAppMinInclusive: app?.min?.inclusive ?? null,
    targetAppMaxKey: app?.max ? versionKey(app.max.version) : null,
    targetAppMaxInclusive: app?.max?.inclusive ?? null,
    targetFirmwareRange: firmware && formatVersionRange(firmware),
    targetFirmwareMinKey: firmware?.min ? versionKey(firmware.min.version) : null,
    targetFirmwareMinInclusive: firmware?.min?.inclusive ?? null,
    targetFirmwareMaxKey: firmware?.max ? versionKey(firmware.max.version) : null,
    targetFirmwareMaxInclusive: firmware?.max?.inclusive ?? null,
  });
}

/** A range the input validation already read (IsVersionRange), read again for its bounds. */
function range(text: string | null | undefined): VersionRange | null {
  if (!text?.trim()) return null;
  const parsed = parseVersionRange(text);
  if (typeof parsed === 'string') throw new Error(`a version range passed validation but cannot be read: ${parsed}`);
  return parsed;
}
