import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsId, IsNotBlank } from '../graphql/validators/validators';
import { ResolutionContentInput } from '../resolutions/resolution.input';
import { VendorTicketStatus } from './vendor-ticket.enums';
import { describeTicketTransitions } from './vendor-ticket-workflow';

/** Limits of what people write on a ticket, stated in the API's descriptions. */
export const TICKET_LIMITS = { comment: 10_000, message: 10_000, externalRef: 200, rejectReason: 2000 } as const;

@InputType('UpdateVendorTicketInput', { description: 'A change to a vendor ticket: a move, a comment, the external reference… in one step.' })
export class UpdateVendorTicketInput {
  @Field(() => VendorTicketStatus, {
    nullable: true,
    description: `The new status. Who may make which move: ${describeTicketTransitions()}. REJECTED needs rejectReason.`,
  })
  @IsOptional()
  status?: VendorTicketStatus;

  @Field(() => String, {
    nullable: true,
    description: `A comment for the other side; not blank, at most ${TICKET_LIMITS.comment} characters. Control characters are removed; a staff comment is scrubbed of personal data (docs/redaction.md) before the vendor sees it.`,
  })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(TICKET_LIMITS.comment)
  comment?: string;

  @Field(() => String, { nullable: true, description: `The ticket's id in the vendor's own tracker, at most ${TICKET_LIMITS.externalRef} characters; "" clears it.` })
  @IsOptional()
  @MaxLength(TICKET_LIMITS.externalRef)
  externalRef?: string;

  @Field(() => String, { nullable: true, description: `Why the vendor rejects it (with status REJECTED); not blank, at most ${TICKET_LIMITS.rejectReason} characters.` })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(TICKET_LIMITS.rejectReason)
  rejectReason?: string;

  @Field(() => ResolutionContentInput, {
    nullable: true,
    description: 'Vendor: the resolution it proposes, with status SOLUTION_PROPOSED (or while it is). Technicians turn it into a draft with draftResolutionFromTicket.',
  })
  @IsOptional()
  @ValidateNested()
  proposal?: ResolutionContentInput;

  @Field(() => ID, { nullable: true, description: 'Staff: the admin or technician who owns the escalation.' })
  @IsOptional()
  @IsId()
  assigneeId?: string;
}

@InputType('VendorTicketFilter', { description: 'Which vendor tickets to list; all a caller may see when empty.' })
export class VendorTicketFilter {
  @Field(() => ID, { nullable: true, description: "Staff: only this vendor's tickets (a vendor user always sees only its own)." })
  @IsOptional()
  @IsId()
  vendorId?: string;

  @Field(() => [VendorTicketStatus], { nullable: true, description: 'Only tickets in one of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(6)
  status?: VendorTicketStatus[];

  @Field(() => ID, { nullable: true, description: 'Only tickets of this signature.' })
  @IsOptional()
  @IsId()
  signatureId?: string;

  @Field(() => ID, { nullable: true, description: 'Only tickets this technician owns.' })
  @IsOptional()
  @IsId()
  assigneeId?: string;
}
