import { registerEnumType } from 'type-graphql';

export enum SignatureStatus {
  NEW = 'NEW',
  INVESTIGATING = 'INVESTIGATING',
  ESCALATED = 'ESCALATED',
  RESOLVED = 'RESOLVED',
  REGRESSED = 'REGRESSED',
  IGNORED = 'IGNORED',
}

registerEnumType(SignatureStatus, {
  name: 'SignatureStatus',
  description: 'Where technicians are with a fault.',
  valuesConfig: {
    NEW: { description: 'Nobody has looked at it yet; every signature starts here.' },
    INVESTIGATING: { description: 'A technician is working on it; also the status a resolved fault is reopened in.' },
    ESCALATED: { description: 'Handed to a vendor; set by escalation, never by hand.' },
    RESOLVED: { description: 'A technician marked it fixed.' },
    REGRESSED: { description: 'Reported again after it was resolved; set by such a report, never by hand.' },
    IGNORED: { description: 'A technician chose not to work on it; its reports are still stored and counted.' },
  },
});
