import { registerEnumType } from 'type-graphql';

export enum SignatureActivityKind {
  STATUS_CHANGED = 'STATUS_CHANGED',
  ASSIGNED = 'ASSIGNED',
  UNASSIGNED = 'UNASSIGNED',
  NOTE = 'NOTE',
}

registerEnumType(SignatureActivityKind, {
  name: 'SignatureActivityKind',
  description: 'What a change to a signature did.',
  valuesConfig: {
    STATUS_CHANGED: { description: 'fromStatus → toStatus.' },
    ASSIGNED: { description: 'assignee is the new assignee.' },
    UNASSIGNED: { description: 'assignee is the one removed.' },
    NOTE: { description: 'note is the text written.' },
  },
});
