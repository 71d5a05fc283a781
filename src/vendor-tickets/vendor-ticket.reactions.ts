import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Services } from '../app/services';
import type { OutboxEvent } from '../events/outbox';
import type { ResolutionOutbox } from '../resolutions/resolution.events';
import type { SignatureOutbox } from '../signatures/signature.events';
import type { PayloadOf } from '../events/topics';
import { FaultSignature } from '../signatures/signature.entity';
import { Vendor } from '../vendors/vendor.entity';
import { REPORT_SAMPLE_SQL, VendorLens, type SampleRow } from './evidence';
import { VendorTicket, VendorTicketEntry } from './vendor-ticket.entity';
import { TicketEntryKind, TicketSide, VendorTicketStatus } from './vendor-ticket.enums';
import { VendorTicketTopics } from './vendor-ticket.events';
import { PSEUDONYM_SECRET, reopened } from './vendor-ticket.service';
import { FINISHED } from './vendor-ticket-workflow';
import { TICKET_UPDATED, tellVendor } from './vendor-ticket.webhooks';

const FAULTBASE = 'faultbase';

/** A change faultbase itself makes to a ticket: its entries, the vendor's webhook, in one transaction. */
async function systemChange(
  em: EntityManager,
  services: Services,
  ticket: VendorTicket,
  entries: Partial<VendorTicketEntry>[],
  status: VendorTicketStatus | null,
): Promise<void> {
  const now = new Date();
  const kinds: TicketEntryKind[] = [];
  for (const fields of entries) {
    em.persist(Object.assign(new VendorTicketEntry(), { ticket, side: TicketSide.SYSTEM, author: null, createdAt: now, ...fields }));
    kinds.push(fields.kind!);
  }
  const from = ticket.status;
  if (status && status !== from) {
    ticket.status = status;
    ticket.closedAt = FINISHED.includes(status) ? now : null;
  }
  ticket.updatedAt = now;
  await em.flush();
  const vendor = await em.findOneOrFail(Vendor, ticket.vendor.id);
  await tellVendor(
    em,
    vendor,
    ticket,
    TICKET_UPDATED,
    { kinds, side: TicketSide.SYSTEM, author: FAULTBASE, ...(status && status !== from ? { status: { from, to: status } } : {}) },
    services.config.publicUrl,
  );
}

function announce(services: Services, tickets: VendorTicket[]) {
  for (const t of tickets) services.bus.publish(VendorTicketTopics.VENDOR_TICKET_CHANGED, { ticketId: t.id, vendorId: t.vendor.id });
  if (tickets.length) services.outbox.nudge();
}

/**
 * A resolution drafted from a ticket was published: the ticket records it and is CLOSED (the
 * vendor's proposal shipped). Idempotent: a ticket that already records it is left alone.
 */
export async function onResolutionPublished(event: OutboxEvent, services: Services): Promise<void> {
  const { resolutionId } = event.payload as PayloadOf<typeof ResolutionOutbox.RESOLUTION_PUBLISHED>;
  // Most resolutions come from no ticket: one look, and no transaction, for them.
  if (!(await services.orm.em.fork().count(VendorTicket, { resolutionId }))) return;
  const changed = await services.orm.em.fork().transactional(async (em) => {
    const tickets = await em.find(VendorTicket, { resolutionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } });
    const told: VendorTicket[] = [];
    for (const ticket of tickets) {
      const recorded = await em.count(VendorTicketEntry, { ticket, kind: TicketEntryKind.RESOLUTION_PUBLISHED });
      if (recorded) continue;
      await systemChange(
        em,
        services,
        ticket,
        [
          { kind: TicketEntryKind.RESOLUTION_PUBLISHED, body: 'The resolution from this ticket was published to the affected devices.' },
          ...(ticket.status !== VendorTicketStatus.CLOSED ? [{ kind: TicketEntryKind.STATUS_CHANGED, fromStatus: ticket.status, toStatus: VendorTicketStatus.CLOSED }] : []),
        ],
        VendorTicketStatus.CLOSED,
      );
      told.push(ticket);
    }
    return told;
  });
  announce(services, changed);
}

/**
 * The fault came back after a fix: every vendor whose ticket for it was CLOSED has it reopened,
 * with the report that proved it (pseudonymised for that vendor) and hears of it. A vendor that
 * has an unfinished ticket for the fault, or rejected it, is not reopened. Idempotent: a reopened
 * ticket is no longer CLOSED.
 */
export async function onSignatureRegressed(event: OutboxEvent, services: Services): Promise<void> {
  const { signatureId, reportId, resolutionId } = event.payload as PayloadOf<typeof SignatureOutbox.SIGNATURE_REGRESSED>;
  const secret = await services.secrets.get(PSEUDONYM_SECRET);
  const changed = await services.orm.em.fork().transactional(async (em) => {
    const tickets = await em.find(VendorTicket, { signature: signatureId }, { orderBy: { updatedAt: 'desc', id: 'desc' } });
    const unfinished = new Set(tickets.filter((t) => !FINISHED.includes(t.status)).map((t) => t.vendor.id));
    const latest = new Map<string, VendorTicket>();
    for (const t of tickets) if (!latest.has(t.vendor.id)) latest.set(t.vendor.id, t);
    const reopen = [...latest.values()].filter((t) => t.status === VendorTicketStatus.CLOSED && !unfinished.has(t.vendor.id));
    if (!reopen.length) return [];
    const context = em.getTransactionContext();
    const [report] = await em.getConnection().execute<SampleRow[]>(REPORT_SAMPLE_SQL, [reportId], 'all', context);
    const [resolution] = await em
      .getConnection()
      .execute<{ title: string; fix_version: string | null }[]>(`SELECT title, fix_version FROM resolution WHERE id = ?`, [resolutionId], 'all', context);
    const told: VendorTicket[] = [];
    for (const ticket of reopen) {
      await em.lock(ticket, LockMode.PESSIMISTIC_WRITE);
      await em.refresh(ticket);
      if (ticket.status !== VendorTicketStatus.CLOSED) continue;
      const regression = report ? new VendorLens(secret, ticket.vendor.id).samples([report])[0]! : null;
      const fix = resolution ? `"${resolution.title}"${resolution.fix_version ? ` (fix version ${resolution.fix_version})` : ''}` : 'a published resolution';
      reopened(ticket);
      await systemChange(
        em,
        services,
        ticket,
        [
          {
            kind: TicketEntryKind.REOPENED,
            fromStatus: VendorTicketStatus.CLOSED,
            toStatus: VendorTicketStatus.OPEN,
            body: `The fault was reported again after ${fix}: by a device that installed it, or runs the fixed version or later.`,
            regression,
          },
        ],
        VendorTicketStatus.OPEN,
      );
      told.push(ticket);
    }
    return told;
  });
  announce(services, changed);
}

/**
 * Signatures were merged: their tickets follow to the target, so that the target's regressions
 * reopen them and technicians find them there. A source's unfinished ticket stays with its source
 * when the vendor already works the target's (one unfinished ticket per fault and vendor); it can
 * be closed by hand. Idempotent: a second run finds nothing left on the sources to move.
 */
export async function onSignaturesMerged(event: OutboxEvent, services: Services): Promise<void> {
  const { targetId, sourceIds } = event.payload as PayloadOf<typeof SignatureOutbox.SIGNATURES_MERGED>;
  const moved = await services.orm.em.fork().transactional(async (em) => {
    const tickets = await em.find(
      VendorTicket,
      { signature: { $in: [targetId, ...sourceIds] } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const workedAtTarget = new Set(tickets.filter((t) => t.signature.id === targetId && !FINISHED.includes(t.status)).map((t) => t.vendor.id));
    const moving: VendorTicket[] = [];
    for (const ticket of tickets.filter((t) => sourceIds.includes(t.signature.id))) {
      if (!FINISHED.includes(ticket.status)) {
        if (workedAtTarget.has(ticket.vendor.id)) continue;
        workedAtTarget.add(ticket.vendor.id);
      }
      ticket.signature = em.getReference(FaultSignature, targetId);
      moving.push(ticket);
    }
    await em.flush();
    return moving;
  });
  announce(services, moved);
}
