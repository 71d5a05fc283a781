import DataLoader from 'dataloader';
import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedBy } from '../graphql/loaders';
import { VendorTicket, VendorTicketEntry } from './vendor-ticket.entity';
import { FINISHED } from './vendor-ticket-workflow';

/** Each ticket's thread, oldest first. */
export function ticketThreadLoader(em: EntityManager) {
  return new DataLoader<string, VendorTicketEntry[]>(async (ids) => {
    const entries = await em.find(VendorTicketEntry, { ticket: { $in: [...ids] } }, { orderBy: { createdAt: QueryOrder.ASC, id: QueryOrder.ASC } });
    return groupedBy(ids, entries, (e) => e.ticket.id);
  });
}

/** Each signature's tickets, unfinished ones first, then the most recently changed. */
export function signatureTicketsLoader(em: EntityManager) {
  return new DataLoader<string, VendorTicket[]>(async (ids) => {
    const tickets = await em.find(VendorTicket, { signature: { $in: [...ids] } }, { orderBy: { updatedAt: QueryOrder.DESC, id: QueryOrder.DESC } });
    const finished = (t: VendorTicket) => (FINISHED.includes(t.status) ? 1 : 0);
    return groupedBy(ids, tickets, (t) => t.signature.id).map((list) => list.sort((a, b) => finished(a) - finished(b)));
  });
}
