import type { EntityManager } from '@mikro-orm/postgresql';
import { consoleUrl } from '../config/config';
import { enqueueWebhook } from '../notifications/webhook-delivery.service';
import type { Vendor } from '../vendors/vendor.entity';
import type { VendorTicket } from './vendor-ticket.entity';
import type { TicketEntryKind, TicketSide, VendorTicketStatus } from './vendor-ticket.enums';

export const TICKET_CREATED = 'vendor_ticket.created';
export const TICKET_UPDATED = 'vendor_ticket.updated';

/** What one change did, as the vendor's systems read it from a webhook. */
export interface TicketChange {
  kinds: TicketEntryKind[];
  side: TicketSide;
  author: string;
  status?: { from: VendorTicketStatus; to: VendorTicketStatus };
  comment?: string;
  externalRef?: string | null;
}

/**
 * Tells the vendor's webhook of a change, in the transaction that makes it (nothing is sent if it
 * rolls back, and it is sent at least once if it commits). A vendor without a webhook URL gets
 * nothing queued; one without a secret gets a SKIPPED delivery the admin can see.
 */
export async function tellVendor(
  em: EntityManager,
  vendor: Vendor,
  ticket: VendorTicket,
  type: typeof TICKET_CREATED | typeof TICKET_UPDATED,
  change: TicketChange,
  publicUrl: string | undefined,
): Promise<void> {
  if (!vendor.webhookUrl) return;
  await enqueueWebhook(em, {
    target: { kind: 'VENDOR', id: vendor.id },
    url: vendor.webhookUrl,
    type,
    data: {
      vendor: { id: vendor.id, name: vendor.name },
      ticket: {
        id: ticket.id,
        status: ticket.status,
        title: ticket.title,
        externalRef: ticket.externalRef ?? null,
        rejectReason: ticket.rejectReason ?? null,
        createdAt: ticket.createdAt.toISOString(),
        updatedAt: ticket.updatedAt.toISOString(),
        url: consoleUrl({ publicUrl }, `/tickets/${ticket.id}`),
      },
      change,
    },
  });
}
