import { registerEnumType } from 'type-graphql';

export enum SignatureStatus {
  NEW = 'NEW',
  INVESTIGATING = 'INVESTIGATING',
  ESCALATED = 'ESCALATED',
  RESOLVED = 'RESOLVED',
  REGRESSED = 'REGRESSED',
  IGNORED = 'IGNORED',
}

registerEnumType(SignatureStatus, { name: 'SignatureStatus', description: 'Where technicians are with a fault.' });
