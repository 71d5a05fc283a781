import { defineTopics, payload } from '../events/topics';

export interface VendorTicketChangedEvent {
  ticketId: string;
  vendorId: string;
}

export const VendorTicketTopics = defineTopics({
  /** A ticket was opened or changed, by either side or by faultbase (after commit). */
  VENDOR_TICKET_CHANGED: payload<VendorTicketChangedEvent>(),
});
