import { registerEnumType } from 'type-graphql';

export enum VendorTicketStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  IN_PROGRESS = 'IN_PROGRESS',
  SOLUTION_PROPOSED = 'SOLUTION_PROPOSED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}

/** Who acted: the operator's staff, the vendor's people, or faultbase itself (a regression, a publication). */
export enum TicketSide {
  STAFF = 'STAFF',
  VENDOR = 'VENDOR',
  SYSTEM = 'SYSTEM',
}

/** What an entry of a ticket's thread records. */
export enum TicketEntryKind {
  ESCALATED = 'ESCALATED',
  COMMENT = 'COMMENT',
  STATUS_CHANGED = 'STATUS_CHANGED',
  EXTERNAL_REF_SET = 'EXTERNAL_REF_SET',
  ASSIGNED = 'ASSIGNED',
  SOLUTION_PROPOSED = 'SOLUTION_PROPOSED',
  RESOLUTION_DRAFTED = 'RESOLUTION_DRAFTED',
  RESOLUTION_PUBLISHED = 'RESOLUTION_PUBLISHED',
  REOPENED = 'REOPENED',
}

registerEnumType(VendorTicketStatus, {
  name: 'VendorTicketStatus',
  description: 'Where an escalation to a vendor is.',
  valuesConfig: {
    OPEN: { description: 'Escalated (or reopened); the vendor has not answered yet.' },
    ACKNOWLEDGED: { description: 'The vendor has seen it.' },
    IN_PROGRESS: { description: 'The vendor is working on it.' },
    SOLUTION_PROPOSED: { description: 'The vendor proposes a solution (see `proposal`).' },
    CLOSED: { description: 'Done: solved, or no longer needed. A regression of the fault reopens it.' },
    REJECTED: { description: 'The vendor declined it (`rejectReason` says why).' },
  },
});

registerEnumType(TicketSide, {
  name: 'TicketSide',
  description: 'Who acted on a ticket.',
  valuesConfig: {
    STAFF: { description: "The operator's admins and technicians." },
    VENDOR: { description: "The vendor's users." },
    SYSTEM: { description: 'faultbase itself: a regression reopened it, a resolution was published.' },
  },
});

registerEnumType(TicketEntryKind, {
  name: 'TicketEntryKind',
  description: 'What an entry of a ticket\'s thread records.',
  valuesConfig: {
    ESCALATED: { description: 'The escalation, with the technician\'s message.' },
    COMMENT: { description: 'A comment (from either side; escalating the same fault again adds one).' },
    STATUS_CHANGED: { description: 'The status moved (fromStatus → toStatus; a rejection carries its reason as body).' },
    EXTERNAL_REF_SET: { description: "The reference in the vendor's own tracker was set or changed." },
    ASSIGNED: { description: 'A technician took the ticket over (body: their name).' },
    SOLUTION_PROPOSED: { description: 'The vendor attached a proposed resolution.' },
    RESOLUTION_DRAFTED: { description: 'A technician turned the proposal into a resolution draft.' },
    RESOLUTION_PUBLISHED: { description: 'The resolution from this ticket was published to the devices.' },
    REOPENED: { description: 'The fault came back after the ticket was closed (regression evidence attached).' },
  },
});
