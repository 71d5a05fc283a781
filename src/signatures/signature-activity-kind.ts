import { registerEnumType } from 'type-graphql';

export enum SignatureActivityKind {
  STATUS_CHANGED = 'STATUS_CHANGED',
  ASSIGNED = 'ASSIGNED',
  UNASSIGNED = 'UNASSIGNED',
  NOTE = 'NOTE',
  REGRESSED = 'REGRESSED',
  RESOLUTION_PUBLISHED = 'RESOLUTION_PUBLISHED',
  ESCALATED = 'ESCALATED',
  MUTED = 'MUTED',
  UNMUTED = 'UNMUTED',
  REGROUPED = 'REGROUPED',
}

registerEnumType(SignatureActivityKind, {
  name: 'SignatureActivityKind',
  description: 'What a change to a signature did.',
  valuesConfig: {
    STATUS_CHANGED: { description: 'fromStatus → toStatus.' },
    ASSIGNED: { description: 'assignee is the new assignee.' },
    UNASSIGNED: { description: 'assignee is the one removed.' },
    NOTE: { description: 'note is the text written.' },
    REGRESSED: {
      description:
        'RESOLVED → REGRESSED by evidence: a report (reportId) from a device (device) that had installed the resolution, or runs version (version) at or past its fixVersion.',
    },
    RESOLUTION_PUBLISHED: { description: 'A resolution (resolution) answering this signature was published; fromStatus → toStatus when it moved the signature to RESOLVED.' },
    ESCALATED: { description: 'Escalated to a vendor (vendorTicket; note names the vendor); fromStatus → ESCALATED when the status moved.' },
    MUTED: { description: 'Muted: alert rules stay quiet about it until mutedUntil (null: until unmuted). A new mute replaces the one before.' },
    UNMUTED: { description: 'Unmuted by hand.' },
    REGROUPED: {
      description:
        "Reports of one application version (version) were grouped again with its mapping files (regroupReports) and moved into or out of this signature; note says how many and where.",
    },
  },
});
