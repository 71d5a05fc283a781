import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../app/context';
import type { Services } from '../app/services';
import { requireUser } from '../auth/caller';
import { Role, UserRole } from '../auth/roles';
import { oncePerEvent } from '../events/bus';
import { pagedList, wholeList } from '../graphql/cost';
import { ResolutionType } from '../resolutions/resolution.type';
import { SignatureActivityType } from '../signatures/signature-activity.type';
import type { SignatureActivity } from '../signatures/signature-activity.entity';
import type { FaultSignature } from '../signatures/signature.entity';
import { FaultSignatureType } from '../signatures/signature.type';
import { MAX_SAMPLES, DEFAULT_SAMPLES } from './evidence';
import { EscalationPreviewType } from './escalation-preview.type';
import { VendorTicket, type VendorTicketEntry } from './vendor-ticket.entity';
import { TicketSide, VendorTicketStatus } from './vendor-ticket.enums';
import { VendorTicketTopics, type VendorTicketChangedEvent } from './vendor-ticket.events';
import { UpdateVendorTicketInput, VendorTicketFilter } from './vendor-ticket.input';
import {
  draftResolutionFromTicket,
  escalateSignature,
  listTickets,
  movesFor,
  previewEscalation,
  ticketFor,
  updateTicket,
} from './vendor-ticket.service';
import {
  EvidenceBundleType,
  TicketParticipantType,
  TicketVendorType,
  VendorTicketConnection,
  VendorTicketEntryType,
  VendorTicketType,
} from './vendor-ticket.type';

const PEOPLE = [Role.ADMIN, Role.TECHNICIAN, Role.VENDOR] as const;
const STAFF = [Role.ADMIN, Role.TECHNICIAN] as const;

/** A vendor's user hears its vendor's tickets; staff hear all. */
const hears = ({ payload, context }: { payload: VendorTicketChangedEvent; context: Context }): boolean =>
  context.principal?.kind === 'user' && (context.principal.role !== UserRole.VENDOR || context.principal.vendorId === payload.vendorId);

/** The ticket as the event left it, read once per event for all of this process's subscribers. */
const ticketOf = oncePerEvent((event: VendorTicketChangedEvent, services: Services) =>
  services.orm.em.fork().findOneOrFail(VendorTicket, event.ticketId),
);

@Resolver(() => VendorTicketType)
export class VendorTicketResolver {
  @Authorized(...PEOPLE)
  @Query(() => VendorTicketConnection, pagedList('Vendor tickets, the most recently changed first: a vendor\'s user sees only its vendor\'s, staff see all.'))
  vendorTickets(
    @Ctx() ctx: Context,
    @Arg('filter', () => VendorTicketFilter, { nullable: true, description: 'Which tickets; all the caller may see when absent.' }) filter?: VendorTicketFilter,
    @Arg('first', () => Int, { nullable: true, description: 'Items to return: 0 to 100, default 20.' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the items after it.' }) after?: string,
  ) {
    return listTickets(ctx.em, requireUser(ctx).caller, filter, { first, after });
  }

  @Authorized(...PEOPLE)
  @Query(() => VendorTicketType, { description: "One ticket with its thread and evidence; VENDOR_TICKET_NOT_FOUND when there is none or it is another vendor's." })
  vendorTicket(@Arg('id', () => ID, { description: "The ticket's id." }) id: string, @Ctx() ctx: Context) {
    return ticketFor(ctx.em, requireUser(ctx).caller, id);
  }

  @Authorized(...STAFF)
  @Query(() => EscalationPreviewType, { description: 'Staff: exactly the evidence (and message) escalateSignature would send this vendor now. Changes nothing.' })
  previewEscalation(
    @Arg('signatureId', () => ID, { description: 'The signature to escalate.' }) signatureId: string,
    @Arg('vendorId', () => ID, { description: 'The vendor to escalate to.' }) vendorId: string,
    @Ctx() ctx: Context,
    @Arg('message', () => String, { nullable: true, description: 'The message, to see it as the vendor would.' }) message?: string,
    @Arg('samples', () => Int, { nullable: true, description: `Sample reports: 0 to ${MAX_SAMPLES}, default ${DEFAULT_SAMPLES}.` }) samples?: number,
  ) {
    return previewEscalation(requireUser(ctx), signatureId, vendorId, message, samples);
  }

  @Authorized(...STAFF)
  @Mutation(() => VendorTicketType, {
    description:
      'Staff: hand a fault to a vendor. Opens a ticket with the evidence frozen now (personal data removed) and moves the signature to ESCALATED; if the vendor has the fault open already, the message joins that ticket. Refused for a missing or merged signature and a missing or disabled vendor.',
  })
  escalateSignature(
    @Arg('signatureId', () => ID, { description: 'The signature to escalate.' }) signatureId: string,
    @Arg('vendorId', () => ID, { description: 'The vendor to escalate to.' }) vendorId: string,
    @Arg('message', { description: 'What the vendor should know; not blank, at most 10000 characters; scrubbed of personal data.' }) message: string,
    @Ctx() ctx: Context,
    @Arg('samples', () => Int, { nullable: true, description: `Sample reports to include: 0 to ${MAX_SAMPLES}, default ${DEFAULT_SAMPLES}.` }) samples?: number,
  ) {
    return escalateSignature(requireUser(ctx), signatureId, vendorId, message, samples);
  }

  @Authorized(...PEOPLE)
  @Mutation(() => VendorTicketType, { description: 'Move a ticket, comment, set the external reference, propose a fix (vendor) or take it over (staff), in one step.' })
  updateVendorTicket(
    @Arg('id', () => ID, { description: "The ticket's id." }) id: string,
    @Arg('input', () => UpdateVendorTicketInput, { description: 'What to change.' }) input: UpdateVendorTicketInput,
    @Ctx() ctx: Context,
  ) {
    return updateTicket(requireUser(ctx), id, input);
  }

  @Authorized(...STAFF)
  @Mutation(() => ResolutionType, { description: "Staff: turn the vendor's proposed fix into a Resolution DRAFT for the ticket's signature; publishing it closes the ticket." })
  draftResolutionFromTicket(@Arg('id', () => ID, { description: "The ticket's id." }) id: string, @Ctx() ctx: Context) {
    return draftResolutionFromTicket(requireUser(ctx), id);
  }

  @Authorized(...PEOPLE)
  @Subscription(() => VendorTicketType, {
    topics: VendorTicketTopics.VENDOR_TICKET_CHANGED,
    filter: hears,
    description: "A ticket was opened or changed: a vendor's user hears its vendor's tickets, staff hear all.",
  })
  async vendorTicketChanged(@Root() event: VendorTicketChangedEvent, @Ctx() ctx: Context) {
    ctx.refreshForEvent();
    return ticketOf(event, ctx.services);
  }

  @FieldResolver(() => TicketVendorType, { description: 'The vendor it is escalated to.' })
  async vendor(@Root() ticket: VendorTicket, @Ctx() ctx: Context): Promise<TicketVendorType> {
    const vendor = await ctx.loaders.vendor.load(ticket.vendor.id);
    return { id: ticket.vendor.id, name: vendor?.name ?? '' };
  }

  @FieldResolver(() => TicketParticipantType, { nullable: true, description: 'The technician who owns the escalation.' })
  async assignee(@Root() ticket: VendorTicket, @Ctx() ctx: Context): Promise<TicketParticipantType | null> {
    if (!ticket.assignee) return null;
    const user = await ctx.loaders.user.load(ticket.assignee.id);
    return user ? { id: user.id, name: user.name, side: TicketSide.STAFF } : null;
  }

  @FieldResolver(() => EvidenceBundleType, { description: 'What the vendor was given, frozen at escalation (personal data removed).' })
  evidence(@Root() ticket: VendorTicket) {
    return ticket.evidence;
  }

  @FieldResolver(() => ID, { description: 'The escalated signature (staff find it with `signature(id)`).' })
  signatureId(@Root() ticket: VendorTicket): string {
    return ticket.signature.id;
  }

  @FieldResolver(() => [VendorTicketEntryType], wholeList('The thread, oldest first: comments, moves, proposals, regressions.', 10))
  thread(@Root() ticket: VendorTicket, @Ctx() ctx: Context) {
    return ctx.loaders.ticketThread.load(ticket.id);
  }

  @FieldResolver(() => [VendorTicketStatus], wholeList('The statuses the caller may move it to now (the table in updateVendorTicket).', 3))
  allowedStatuses(@Root() ticket: VendorTicket, @Ctx() ctx: Context): VendorTicketStatus[] {
    return movesFor(ticket, requireUser(ctx).caller);
  }
}

@Resolver(() => VendorTicketEntryType)
export class VendorTicketEntryResolver {
  @FieldResolver(() => TicketParticipantType, { description: 'Who wrote or did it ("faultbase" for its own entries).' })
  async author(@Root() entry: VendorTicketEntry, @Ctx() ctx: Context): Promise<TicketParticipantType> {
    if (entry.side === TicketSide.SYSTEM || !entry.author) return { id: null, name: entry.side === TicketSide.SYSTEM ? 'faultbase' : 'former user', side: entry.side };
    const user = await ctx.loaders.user.load(entry.author.id);
    return { id: entry.author.id, name: user?.name ?? 'former user', side: entry.side };
  }
}

/** A signature's tickets and an activity entry's ticket: staff only (a device's receipt reaches FaultSignature). */
@Resolver(() => FaultSignatureType)
export class SignatureTicketsResolver {
  @Authorized(...STAFF)
  @FieldResolver(() => [VendorTicketType], wholeList('Staff: its vendor tickets, unfinished ones first.', 2))
  vendorTickets(@Root() signature: FaultSignature, @Ctx() ctx: Context) {
    return ctx.loaders.signatureTickets.load(signature.id);
  }
}

@Resolver(() => SignatureActivityType)
export class ActivityTicketResolver {
  @Authorized(...STAFF)
  @FieldResolver(() => VendorTicketType, { nullable: true, description: 'ESCALATED: the vendor ticket.' })
  vendorTicket(@Root() entry: SignatureActivity, @Ctx() ctx: Context) {
    return entry.vendorTicketId ? ctx.loaders.vendorTicket.load(entry.vendorTicketId) : null;
  }
}
