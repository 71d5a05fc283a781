import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { ResolutionOutbox } from '../resolutions/resolution.events';
import { SignatureOutbox } from '../signatures/signature.events';
import { Vendor } from '../vendors/vendor.entity';
import { VendorTicket, VendorTicketEntry } from './vendor-ticket.entity';
import { VendorTicketTopics } from './vendor-ticket.events';
import { signatureTicketsLoader, ticketThreadLoader } from './vendor-ticket.loaders';
import { onResolutionPublished, onSignatureRegressed, onSignaturesMerged } from './vendor-ticket.reactions';
import { ActivityTicketResolver, SignatureTicketsResolver, VendorTicketEntryResolver, VendorTicketResolver } from './vendor-ticket.resolver';

/**
 * Escalation to vendors: tickets with a thread both sides write, evidence frozen at escalation with
 * personal data removed (pseudonyms keyed per vendor, scrubbing rules in redaction.ts), the
 * vendor's webhook told of every change (notifications), proposals turned into resolution drafts,
 * and tickets reopened when the fault regresses.
 */
export const vendorTicketsModule = defineModule({
  name: 'vendor-tickets',
  entities: [VendorTicket, VendorTicketEntry],
  resolvers: [VendorTicketResolver, VendorTicketEntryResolver, SignatureTicketsResolver, ActivityTicketResolver],
  loaders: (em) => ({
    vendorTicket: byId(em, VendorTicket),
    vendor: byId(em, Vendor),
    ticketThread: ticketThreadLoader(em),
    signatureTickets: signatureTicketsLoader(em),
  }),
  topics: VendorTicketTopics,
  reactions: {
    [ResolutionOutbox.RESOLUTION_PUBLISHED]: onResolutionPublished,
    [SignatureOutbox.SIGNATURE_REGRESSED]: onSignatureRegressed,
    [SignatureOutbox.SIGNATURES_MERGED]: onSignaturesMerged,
  },
});
