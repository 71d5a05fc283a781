import { LockMode, QueryOrder, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { User } from '../auth/user.entity';
import { isId } from '../db/ids';
import { paginate, type PageArgs } from '../graphql/connection';
import { createResolution } from '../resolutions/resolution.service';
import type { Resolution } from '../resolutions/resolution.entity';
import type { ResolutionContentInput } from '../resolutions/resolution.input';
import { SignatureActivityKind } from '../signatures/signature-activity-kind';
import { SignatureActivity } from '../signatures/signature-activity.entity';
import { FaultSignature } from '../signatures/signature.entity';
import { SignatureTopics } from '../signatures/signature.events';
import { SignatureStatus } from '../signatures/signature-status';
import { Vendor } from '../vendors/vendor.entity';
import { collectEvidence, DEFAULT_SAMPLES, MAX_SAMPLES, VendorLens, type EvidenceBundle, type Proposal } from './evidence';
import { VendorTicket, VendorTicketEntry } from './vendor-ticket.entity';
import { TicketEntryKind, TicketSide, VendorTicketStatus } from './vendor-ticket.enums';
import {
  escalationSignatureNotFound,
  escalationVendorNotFound,
  noProposal,
  nothingToChange,
  resolutionAlreadyDrafted,
  signatureMerged,
  ticketInputInvalid,
  ticketNotFound,
  transitionNotAllowed,
  unfinishedTicketExists,
  vendorDisabled,
} from './vendor-ticket.errors';
import { VendorTicketTopics } from './vendor-ticket.events';
import { TICKET_LIMITS, type UpdateVendorTicketInput, type VendorTicketFilter } from './vendor-ticket.input';
import { allowedMoves, FINISHED } from './vendor-ticket-workflow';
import { TICKET_CREATED, TICKET_UPDATED, tellVendor, type TicketChange } from './vendor-ticket.webhooks';

/** The server secret that keys vendors' pseudonyms (db/server-secrets.ts). */
export const PSEUDONYM_SECRET = 'vendor-pseudonyms';

/** Most recently changed first. */
export const TICKET_ORDER = { updatedAt: QueryOrder.DESC, id: QueryOrder.DESC } as const;

/** Who acts on a ticket: a vendor's user acts for its vendor only; admins and technicians for the operator. */
interface Actor {
  side: TicketSide;
  userId: string;
  vendorId: string | null;
}

const actorOf = (caller: UserPrincipal): Actor =>
  caller.role === UserRole.VENDOR
    ? { side: TicketSide.VENDOR, userId: caller.id, vendorId: caller.vendorId }
    : { side: TicketSide.STAFF, userId: caller.id, vendorId: null };

/** What a caller may see of tickets: a vendor's user its vendor's (none without one), staff all. */
const visibleTo = (actor: Actor): FilterQuery<VendorTicket> =>
  actor.side === TicketSide.STAFF ? {} : actor.vendorId ? { vendor: actor.vendorId } : { id: { $in: [] } };

/** Control characters other than line breaks and tabs are removed: they have no place in a thread and confuse terminals. */
// eslint-disable-next-line no-control-regex
const withoutControls = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();

/**
 * Text one side writes for the other, refused if nothing is left once control characters are gone.
 * A staff member's text goes to a third party, so it is scrubbed as the evidence is, the devices it
 * names replaced by this vendor's pseudonyms.
 */
async function written(em: EntityManager, secret: string, actor: Pick<Actor, 'side'>, vendorId: string, text: string, field: string): Promise<string> {
  const clean = withoutControls(text);
  if (!clean) throw ticketInputInvalid(field, 'must not be empty');
  if (actor.side === TicketSide.VENDOR) return clean;
  const lens = new VendorLens(secret, vendorId);
  await lens.learnFrom(em, clean);
  return lens.text(clean)!;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A ticket the caller may see; another vendor's ticket is NOT_FOUND, exactly as a missing one. */
export async function ticketFor(em: EntityManager, caller: UserPrincipal, id: string, lock = false): Promise<VendorTicket> {
  const ticket = isId(id)
    ? await em.findOne(VendorTicket, { $and: [{ id }, visibleTo(actorOf(caller))] }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {})
    : null;
  if (!ticket) throw ticketNotFound(id);
  return ticket;
}

export function listTickets(em: EntityManager, caller: UserPrincipal, filter: VendorTicketFilter | undefined, page: PageArgs) {
  const actor = actorOf(caller);
  const where = (): FilterQuery<VendorTicket> => ({
    $and: [
      visibleTo(actor),
      filter?.vendorId ? { vendor: filter.vendorId } : {},
      filter?.status?.length ? { status: { $in: filter.status } } : {},
      filter?.signatureId ? { signature: filter.signatureId } : {},
      filter?.assigneeId ? { assignee: filter.assigneeId } : {},
    ],
  });
  return paginate(em, VendorTicket, where, TICKET_ORDER, page);
}

/** The moves the caller may make from the ticket's status. */
export const movesFor = (ticket: VendorTicket, caller: UserPrincipal) => allowedMoves(ticket.status, actorOf(caller).side);

// ---------------------------------------------------------------------------------------------
// Escalation

/**
 * The statuses an escalation moves to ESCALATED. A RESOLVED signature stays RESOLVED (ingest
 * watches only RESOLVED ones for regressions, and a vendor's view does not unresolve it), an
 * IGNORED one stays ignored; their tickets are opened all the same.
 */
const ESCALATES_FROM: readonly SignatureStatus[] = [SignatureStatus.NEW, SignatureStatus.INVESTIGATING, SignatureStatus.REGRESSED];

interface EscalationTarget {
  signature: FaultSignature;
  vendor: Vendor;
}

async function escalationTarget(em: EntityManager, signatureId: string, vendorId: string): Promise<EscalationTarget> {
  const signature = isId(signatureId) ? await em.findOne(FaultSignature, signatureId) : null;
  if (!signature) throw escalationSignatureNotFound(signatureId);
  if (signature.mergedInto) throw signatureMerged(signatureId, signature.mergedInto.id);
  const vendor = isId(vendorId) ? await em.findOne(Vendor, vendorId) : null;
  if (!vendor) throw escalationVendorNotFound(vendorId);
  if (vendor.disabledAt) throw vendorDisabled(vendor.name);
  return { signature, vendor };
}

function checkedSamples(samples: number | null | undefined): number {
  const n = samples ?? DEFAULT_SAMPLES;
  if (!Number.isInteger(n) || n < 0 || n > MAX_SAMPLES) throw ticketInputInvalid('samples', `must be between 0 and ${MAX_SAMPLES}`);
  return n;
}

function checkedMessage(message: string): string {
  const text = withoutControls(message);
  if (!text) throw ticketInputInvalid('message', 'must not be empty');
  if (text.length > TICKET_LIMITS.message) throw ticketInputInvalid('message', `must be at most ${TICKET_LIMITS.message} characters`);
  return text;
}

async function lensFor({ services }: Scope<UserPrincipal>, vendorId: string): Promise<VendorLens> {
  return new VendorLens(await services.secrets.get(PSEUDONYM_SECRET), vendorId);
}

/** Exactly the bundle escalateSignature would send now, and the message as the vendor would read it. Changes nothing. */
export async function previewEscalation(scope: Scope<UserPrincipal>, signatureId: string, vendorId: string, message: string | null | undefined, samples?: number | null) {
  const { signature, vendor } = await escalationTarget(scope.em, signatureId, vendorId);
  const lens = await lensFor(scope, vendor.id);
  const evidence = await collectEvidence(scope.em, signature, lens, checkedSamples(samples));
  const text = message ? checkedMessage(message) : null;
  if (text) await lens.learnFrom(scope.em, text);
  return { vendor: { id: vendor.id, name: vendor.name }, evidence, message: text ? lens.text(text) : null };
}

/**
 * Opens a ticket for the signature at the vendor, with the evidence frozen now, and moves the
 * signature to ESCALATED (with its activity entry); if the vendor already has an unfinished ticket
 * for it, the message is added to that one instead. The evidence is read before the transaction
 * (it is a snapshot, and its reads need no lock); the partial unique index on (signature, vendor)
 * decides between two concurrent escalations: the second one adds its message to the first's ticket.
 */
export async function escalateSignature(scope: Scope<UserPrincipal>, signatureId: string, vendorId: string, message: string, samples?: number | null) {
  const { em, events, services } = scope;
  const text = checkedMessage(message);
  const { signature, vendor } = await escalationTarget(em, signatureId, vendorId);
  const open = await em.findOne(VendorTicket, { signature, vendor, status: { $nin: [...FINISHED] } });
  let ticket: VendorTicket;
  let moved = false;
  if (open) ticket = await addEscalation(scope, open.id, vendor, text);
  else {
    const lens = await lensFor(scope, vendor.id);
    const evidence = await collectEvidence(em, signature, lens, checkedSamples(samples));
    await lens.learnFrom(em, text);
    try {
      ({ ticket, moved } = await openTicket(scope, signature.id, vendor, evidence, lens.text(text)!));
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      const raced = await em.fork().findOneOrFail(VendorTicket, { signature, vendor, status: { $nin: [...FINISHED] } });
      ticket = await addEscalation(scope, raced.id, vendor, text);
    }
  }
  events.publish(VendorTicketTopics.VENDOR_TICKET_CHANGED, { ticketId: ticket.id, vendorId: vendor.id });
  if (moved) events.publish(SignatureTopics.SIGNATURE_CHANGED, { kind: 'ESCALATED', signatureId: signature.id });
  services.outbox.nudge();
  return ticket;
}

async function openTicket({ em, caller, services }: Scope<UserPrincipal>, signatureId: string, vendor: Vendor, evidence: EvidenceBundle, message: string) {
  return em.transactional(async (tx) => {
    const signature = await tx.findOneOrFail(FaultSignature, signatureId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (signature.mergedInto) throw signatureMerged(signatureId, signature.mergedInto.id);
    const author = tx.getReference(User, caller.id);
    const now = new Date();
    const ticket = Object.assign(new VendorTicket(), {
      vendor: tx.getReference(Vendor, vendor.id),
      signature,
      title: evidence.title,
      evidence,
      openedBy: author,
      assignee: author,
      createdAt: now,
      updatedAt: now,
    });
    tx.persist(ticket);
    tx.persist(Object.assign(new VendorTicketEntry(), { ticket, kind: TicketEntryKind.ESCALATED, side: TicketSide.STAFF, author, body: message, createdAt: now }));
    const moved = ESCALATES_FROM.includes(signature.status);
    const activity = new SignatureActivity({ signature, actor: author, kind: SignatureActivityKind.ESCALATED, createdAt: now, note: `Escalated to ${vendor.name}` });
    activity.vendorTicketId = ticket.id;
    if (moved) {
      Object.assign(activity, { fromStatus: signature.status, toStatus: SignatureStatus.ESCALATED });
      signature.status = SignatureStatus.ESCALATED;
    }
    tx.persist(activity);
    await tx.flush();
    await tellVendor(tx, vendor, ticket, TICKET_CREATED, { kinds: [TicketEntryKind.ESCALATED], side: TicketSide.STAFF, author: await nameOf(tx, caller.id), comment: message }, services.config.publicUrl);
    return { ticket, moved };
  });
}

/** Escalating again to a vendor that has the fault open: the message joins its thread. */
async function addEscalation(scope: Scope<UserPrincipal>, ticketId: string, vendor: Vendor, text: string): Promise<VendorTicket> {
  const { em, caller, services } = scope;
  // Read before the transaction: on the embedded database the secret's first read needs the one connection.
  const secret = await services.secrets.get(PSEUDONYM_SECRET);
  return em.transactional(async (tx) => {
    const ticket = await tx.findOneOrFail(VendorTicket, ticketId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const body = await written(tx, secret, { side: TicketSide.STAFF }, vendor.id, text, 'message');
    const author = tx.getReference(User, caller.id);
    ticket.updatedAt = new Date();
    tx.persist(Object.assign(new VendorTicketEntry(), { ticket, kind: TicketEntryKind.COMMENT, side: TicketSide.STAFF, author, body, createdAt: ticket.updatedAt }));
    await tx.flush();
    await tellVendor(tx, vendor, ticket, TICKET_UPDATED, { kinds: [TicketEntryKind.COMMENT], side: TicketSide.STAFF, author: await nameOf(tx, caller.id), comment: body }, services.config.publicUrl);
    return ticket;
  });
}

async function nameOf(em: EntityManager, userId: string): Promise<string> {
  return (await em.findOne(User, userId))?.name ?? 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Changes by either side

/**
 * One change by a vendor's user or a technician: a move (through the table of who may make which,
 * vendor-ticket-workflow.ts), a proposal, a rejection's reason, the external reference, the owner,
 * a comment. All or nothing, in one transaction with its thread entries and the vendor's webhook.
 * Asking for what already is changes nothing and tells no one.
 */
export async function updateTicket({ em, caller, events, services }: Scope<UserPrincipal>, id: string, input: UpdateVendorTicketInput): Promise<VendorTicket> {
  const actor = actorOf(caller);
  if (Object.values(input).every((v) => v === undefined || v === null)) throw nothingToChange();
  if (actor.side === TicketSide.VENDOR && input.assigneeId != null) throw ticketInputInvalid('assigneeId', "is set by the operator's staff");
  if (actor.side === TicketSide.STAFF && input.proposal != null) throw ticketInputInvalid('proposal', 'is made by the vendor');

  // Read before the transaction: on the embedded database the secret's first read needs the one connection.
  const secret = await services.secrets.get(PSEUDONYM_SECRET);
  const result = await em.transactional(async (tx) => {
    const ticket = await ticketFor(tx, caller, id, true);
    const vendor = await tx.findOneOrFail(Vendor, ticket.vendor.id);
    const author = tx.getReference(User, caller.id);
    const now = new Date();
    const entries: VendorTicketEntry[] = [];
    const change: TicketChange = { kinds: [], side: actor.side, author: await nameOf(tx, caller.id) };
    const entry = (kind: TicketEntryKind, fields: Partial<VendorTicketEntry> = {}) => {
      entries.push(Object.assign(new VendorTicketEntry(), { ticket, kind, side: actor.side, author, createdAt: now, ...fields }));
      change.kinds.push(kind);
    };

    const to = input.status != null && input.status !== ticket.status ? input.status : null;
    if (to) {
      const allowed = allowedMoves(ticket.status, actor.side);
      if (!allowed.includes(to)) throw transitionNotAllowed(ticket.status, to, allowed);
      if (to === VendorTicketStatus.OPEN) {
        // One unfinished ticket per fault and vendor: reopening this one would make two.
        const other = await tx.findOne(VendorTicket, { signature: ticket.signature, vendor: ticket.vendor, status: { $nin: [...FINISHED] }, id: { $ne: ticket.id } });
        if (other) throw unfinishedTicketExists(ticket.id, other.id);
      }
    }
    const status = to ?? ticket.status;
    if (input.rejectReason != null && status !== VendorTicketStatus.REJECTED) throw ticketInputInvalid('rejectReason', 'goes with status REJECTED');
    if (to === VendorTicketStatus.REJECTED && input.rejectReason == null) throw ticketInputInvalid('rejectReason', 'is needed to reject');
    if (input.proposal != null) {
      if (status !== VendorTicketStatus.SOLUTION_PROPOSED) throw ticketInputInvalid('proposal', 'goes with status SOLUTION_PROPOSED');
      if (ticket.resolutionId) throw resolutionAlreadyDrafted(ticket.id, ticket.resolutionId);
    }

    if (to) {
      const body = to === VendorTicketStatus.REJECTED ? await written(tx, secret, actor, vendor.id, input.rejectReason!, 'rejectReason') : null;
      entry(TicketEntryKind.STATUS_CHANGED, { fromStatus: ticket.status, toStatus: to, body });
      change.status = { from: ticket.status, to };
      ticket.status = to;
      ticket.rejectReason = body ?? (to === VendorTicketStatus.OPEN ? null : ticket.rejectReason);
      ticket.closedAt = FINISHED.includes(to) ? now : null;
      if (to === VendorTicketStatus.OPEN) reopened(ticket);
    }
    if (input.proposal != null) {
      ticket.proposal = proposalOf(input.proposal, now);
      entry(TicketEntryKind.SOLUTION_PROPOSED, { body: ticket.proposal.title });
    }
    if (input.externalRef !== undefined && input.externalRef !== null) {
      const ref = withoutControls(input.externalRef) || null;
      if (ref !== (ticket.externalRef ?? null)) {
        ticket.externalRef = ref;
        entry(TicketEntryKind.EXTERNAL_REF_SET, { body: ref });
        change.externalRef = ref;
      }
    }
    if (input.assigneeId != null && input.assigneeId !== ticket.assignee?.id) {
      const assignee = await tx.findOne(User, input.assigneeId);
      if (!assignee || (assignee.role !== UserRole.ADMIN && assignee.role !== UserRole.TECHNICIAN) || assignee.revokedAt) {
        throw ticketInputInvalid('assigneeId', 'is not an active admin or technician');
      }
      ticket.assignee = assignee;
      entry(TicketEntryKind.ASSIGNED, { body: assignee.name });
    }
    if (input.comment != null) {
      const body = await written(tx, secret, actor, vendor.id, input.comment, 'comment');
      entry(TicketEntryKind.COMMENT, { body });
      change.comment = body;
    }
    if (!entries.length) return { ticket, changed: false };
    ticket.updatedAt = now;
    tx.persist(entries);
    await tx.flush();
    await tellVendor(tx, vendor, ticket, TICKET_UPDATED, change, services.config.publicUrl);
    return { ticket, changed: true };
  });
  if (result.changed) {
    events.publish(VendorTicketTopics.VENDOR_TICKET_CHANGED, { ticketId: result.ticket.id, vendorId: result.ticket.vendor.id });
    services.outbox.nudge();
  }
  return result.ticket;
}

/**
 * A reopened ticket starts a new round: the last proposal and its resolution are history (the
 * thread keeps them), so the vendor can propose again and technicians draft again.
 */
export function reopened(ticket: VendorTicket): void {
  ticket.proposal = null;
  ticket.resolutionId = null;
}

function proposalOf(input: ResolutionContentInput, at: Date): Proposal {
  return {
    kind: input.kind,
    title: withoutControls(input.title),
    instructions: input.instructions.trim(),
    fixVersion: input.fixVersion?.trim() || null,
    packageUrl: input.package?.url ?? null,
    packageSha256: input.package?.sha256?.toLowerCase() ?? null,
    packageSizeBytes: input.package?.sizeBytes ?? null,
    proposedAt: at.toISOString(),
  };
}

/**
 * A technician turns the vendor's proposal into a Resolution DRAFT answering the ticket's
 * signature (to target, review and publish like any other); publishing it closes the ticket.
 */
export async function draftResolutionFromTicket(scope: Scope<UserPrincipal>, id: string): Promise<Resolution> {
  const { em, caller, events, services } = scope;
  const { resolution, ticket } = await em.transactional(async (tx) => {
    const ticket = await ticketFor(tx, caller, id, true);
    const proposal = ticket.proposal;
    if (!proposal) throw noProposal(ticket.id);
    if (ticket.resolutionId) throw resolutionAlreadyDrafted(ticket.id, ticket.resolutionId);
    const resolution = await createResolution(
      // Not a spread of scope: a request's scope has its caller and services as getters.
      { em: tx, caller, events, services },
      {
        signatureIds: [ticket.signature.id],
        kind: proposal.kind as ResolutionContentInput['kind'],
        title: proposal.title,
        instructions: proposal.instructions,
        fixVersion: proposal.fixVersion,
        package: proposal.packageUrl ? { url: proposal.packageUrl, sha256: proposal.packageSha256!, sizeBytes: proposal.packageSizeBytes! } : null,
        target: null,
      },
    );
    const now = new Date();
    ticket.resolutionId = resolution.id;
    ticket.updatedAt = now;
    const author = tx.getReference(User, caller.id);
    tx.persist(Object.assign(new VendorTicketEntry(), { ticket, kind: TicketEntryKind.RESOLUTION_DRAFTED, side: TicketSide.STAFF, author, body: resolution.title, createdAt: now }));
    await tx.flush();
    const vendor = await tx.findOneOrFail(Vendor, ticket.vendor.id);
    await tellVendor(tx, vendor, ticket, TICKET_UPDATED, { kinds: [TicketEntryKind.RESOLUTION_DRAFTED], side: TicketSide.STAFF, author: await nameOf(tx, caller.id) }, services.config.publicUrl);
    return { resolution, ticket };
  });
  events.publish(VendorTicketTopics.VENDOR_TICKET_CHANGED, { ticketId: ticket.id, vendorId: ticket.vendor.id });
  services.outbox.nudge();
  return resolution;
}
