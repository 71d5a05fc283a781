import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { ResolutionKind } from '../resolutions/resolution.enums';
import { TicketEntryKind, TicketSide, VendorTicketStatus } from './vendor-ticket.enums';

/*
 * The types a vendor's user reaches. Each is a class of its own over the ticket's stored JSON, with
 * no field that leads to a Device, a FaultReport, a FaultSignature, a User or another vendor: what
 * is personal cannot be reached by construction, not filtered afterwards (test/vendor-tickets.test.ts
 * walks the schema from VendorTicket to hold this).
 */

@ObjectType('TicketVendor', { description: 'The vendor a ticket is escalated to.' })
export class TicketVendorType {
  @Field(() => ID, { description: "The vendor's id." })
  id!: string;

  @Field({ description: "The vendor's name." })
  name!: string;
}

@ObjectType('TicketParticipant', { description: 'Someone who acted on a ticket, as both sides see them.' })
export class TicketParticipantType {
  @Field(() => ID, { nullable: true, description: "The user's id; null for faultbase's own entries." })
  id!: string | null;

  @Field({ description: 'The name shown: the user\'s name, or "faultbase".' })
  name!: string;

  @Field(() => TicketSide, { description: 'Which side they are on.' })
  side!: TicketSide;
}

@ObjectType('EvidenceFrame', { description: 'A stack frame that identifies the fault.' })
export class EvidenceFrameType {
  @Field({ description: 'The function or method.' })
  function!: string;

  @Field(() => String, { nullable: true, description: 'Its class, package or module.' })
  module!: string | null;

  @Field(() => String, { nullable: true, description: 'Its file.' })
  file!: string | null;

  @Field(() => Int, { nullable: true, description: 'The line, as the first report had it.' })
  line!: number | null;
}

@ObjectType('EvidenceCount', { description: 'How often the fault was reported with one value (an application version, a model…).' })
export class EvidenceCountType {
  @Field({ description: 'The value.' })
  value!: string;

  @Field(() => Int, { description: 'Reports with it.' })
  reportCount!: number;

  @Field(() => Int, { description: 'Devices that reported it with it.' })
  deviceCount!: number;
}

@ObjectType('EvidenceApplication', { description: 'The application that failed.' })
export class EvidenceApplicationType {
  @Field({ description: 'Its name.' })
  name!: string;

  @Field({ description: 'Its version.' })
  version!: string;

  @Field(() => String, { nullable: true, description: 'Its type (e.g. MIDlet).' })
  type!: string | null;

  @Field(() => String, { nullable: true, description: 'Who makes it.' })
  vendor!: string | null;
}

@ObjectType('EvidenceRuntime', { description: 'The runtime it ran on.' })
export class EvidenceRuntimeType {
  @Field({ description: 'e.g. MIDP.' })
  name!: string;

  @Field({ description: 'e.g. 2.0.' })
  version!: string;
}

@ObjectType('EvidenceDevice', { description: 'The device of a sample report, without anything that identifies it or its subscriber.' })
export class EvidenceDeviceType {
  @Field({ description: "A pseudonym for the device's serial number: the same device has the same one in every ticket of your vendor, and another one for every other vendor." })
  pseudonym!: string;

  @Field(() => String, { nullable: true, description: "A pseudonym for the subscriber (same rules); null when the device has none." })
  subscriberPseudonym!: string | null;

  @Field({ description: 'Its manufacturer.' })
  manufacturer!: string;

  @Field({ description: 'Its model.' })
  model!: string;

  @Field(() => String, { nullable: true, description: 'Its firmware version.' })
  firmwareVersion!: string | null;
}

@ObjectType('EvidenceSample', { description: 'One report of the fault, with personal data removed (docs/redaction.md).' })
export class EvidenceSampleType {
  @Field({ description: 'When it happened on the device.' })
  occurredAt!: Date;

  @Field({ description: 'When faultbase received it.' })
  receivedAt!: Date;

  @Field({ description: 'The error code.' })
  errorCode!: string;

  @Field({ description: 'FATAL, ERROR or WARNING.' })
  severity!: string;

  @Field(() => EvidenceApplicationType, { description: 'The application that failed.' })
  application!: EvidenceApplicationType;

  @Field(() => EvidenceRuntimeType, { nullable: true, description: 'The runtime, when the device said.' })
  runtime!: EvidenceRuntimeType | null;

  @Field(() => String, { nullable: true, description: 'The exception type.' })
  exceptionType!: string | null;

  @Field(() => String, { nullable: true, description: 'The message, scrubbed.' })
  message!: string | null;

  @Field(() => String, { nullable: true, description: 'The stack trace, scrubbed.' })
  stackTrace!: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What the device collected (memory, network…), with sensitive keys and values removed.' })
  attributes!: Record<string, unknown> | null;

  @Field(() => EvidenceDeviceType, { description: 'The device, pseudonymised.' })
  device!: EvidenceDeviceType;
}

@ObjectType('EvidenceBundle', { description: 'What the vendor is given about the fault, as it was when it was escalated.' })
export class EvidenceBundleType {
  @Field({ description: 'When it was collected.' })
  collectedAt!: Date;

  @Field({ description: "The fault's title." })
  title!: string;

  @Field({ description: 'The error code.' })
  errorCode!: string;

  @Field(() => String, { nullable: true, description: 'The exception type.' })
  exceptionType!: string | null;

  @Field({ description: 'The application that fails.' })
  applicationName!: string;

  @Field(() => [EvidenceFrameType], { description: 'The frames that identify the fault, the crashing one first. Cost: 1 + 3 × the selection (an estimate of its length).', complexity: ({ childComplexity }) => 1 + 3 * childComplexity })
  frames!: EvidenceFrameType[];

  @Field({ description: 'First report of the fault.' })
  firstSeenAt!: Date;

  @Field({ description: 'Latest report of the fault (at escalation).' })
  lastSeenAt!: Date;

  @Field(() => Int, { description: 'Reports of the fault (at escalation).' })
  reportCount!: number;

  @Field(() => Int, { description: 'Devices that reported it (at escalation).' })
  deviceCount!: number;

  @Field(() => [EvidenceCountType], { description: 'By application version, the most reported first (at most 20). Cost: 1 + 20 × the selection.', complexity: ({ childComplexity }) => 1 + 20 * childComplexity })
  byApplicationVersion!: EvidenceCountType[];

  @Field(() => [EvidenceCountType], { description: 'By device model (at most 20). Cost: 1 + 20 × the selection.', complexity: ({ childComplexity }) => 1 + 20 * childComplexity })
  byModel!: EvidenceCountType[];

  @Field(() => [EvidenceCountType], { description: 'By firmware version (at most 20). Cost: 1 + 20 × the selection.', complexity: ({ childComplexity }) => 1 + 20 * childComplexity })
  byFirmware!: EvidenceCountType[];

  @Field(() => [EvidenceSampleType], { description: 'Sample reports, the newest first, one per device where possible (at most 20). Cost: 1 + 5 × the selection.', complexity: ({ childComplexity }) => 1 + 5 * childComplexity })
  samples!: EvidenceSampleType[];
}

@ObjectType('ProposedResolution', { description: "The vendor's proposed fix." })
export class ProposedResolutionType {
  @Field(() => ResolutionKind, { description: 'What kind of fix.' })
  kind!: ResolutionKind;

  @Field({ description: 'Its summary.' })
  title!: string;

  @Field({ description: 'What to do, in Markdown.' })
  instructions!: string;

  @Field(() => String, { nullable: true, description: 'The version that fixes it.' })
  fixVersion!: string | null;

  @Field(() => String, { nullable: true, description: 'Where the package is.' })
  packageUrl!: string | null;

  @Field(() => String, { nullable: true, description: "The package's SHA-256." })
  packageSha256!: string | null;

  @Field(() => Number, { nullable: true, description: "The package's size in bytes." })
  packageSizeBytes!: number | null;

  @Field({ description: 'When it was proposed.' })
  proposedAt!: Date;
}

@ObjectType('VendorTicketEntry', { description: "One entry of a ticket's thread." })
export class VendorTicketEntryType {
  @Field(() => ID, { description: "The entry's id." })
  id!: string;

  @Field(() => TicketEntryKind, { description: 'What it records.' })
  kind!: TicketEntryKind;

  @Field({ description: 'When.' })
  createdAt!: Date;

  // author is a field resolver (VendorTicketResolver): a participant, never a User.

  @Field(() => String, { nullable: true, description: 'The comment, message or reason; a name for ASSIGNED; the reference for EXTERNAL_REF_SET.' })
  body!: string | null;

  @Field(() => VendorTicketStatus, { nullable: true, description: 'STATUS_CHANGED, REOPENED: the status before.' })
  fromStatus!: VendorTicketStatus | null;

  @Field(() => VendorTicketStatus, { nullable: true, description: 'STATUS_CHANGED, REOPENED: the status after.' })
  toStatus!: VendorTicketStatus | null;

  @Field(() => EvidenceSampleType, { nullable: true, description: 'REOPENED: the report that proved the fault back, pseudonymised and scrubbed.' })
  regression!: EvidenceSampleType | null;
}

@ObjectType('VendorTicket', { description: 'A fault escalated to a vendor: its status, the thread of both sides, and the evidence (personal data removed).' })
export class VendorTicketType {
  @Field(() => ID, { description: "The ticket's id." })
  id!: string;

  @Field(() => VendorTicketStatus, { description: 'Where it is.' })
  status!: VendorTicketStatus;

  @Field({ description: "The fault's title when it was escalated." })
  title!: string;

  @Field(() => String, { nullable: true, description: "The ticket's id in the vendor's own tracker." })
  externalRef!: string | null;

  @Field(() => String, { nullable: true, description: 'REJECTED: why.' })
  rejectReason!: string | null;

  @Field({ description: 'When it was escalated.' })
  createdAt!: Date;

  @Field({ description: 'When anything last changed.' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last CLOSED or REJECTED; null while it is worked on.' })
  closedAt!: Date | null;

  @Field(() => ProposedResolutionType, { nullable: true, description: "The vendor's proposed fix, once there is one." })
  proposal!: ProposedResolutionType | null;

  @Field(() => ID, { nullable: true, description: 'The resolution drafted from the proposal (staff find it with `resolution(id)`).' })
  resolutionId!: string | null;

  // signatureId, vendor, assignee, evidence, thread and allowedStatuses are field resolvers (VendorTicketResolver).
}

export const VendorTicketConnection = Connection('VendorTicket', VendorTicketType);
