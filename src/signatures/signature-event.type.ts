import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { FaultSignatureType } from './signature.type';

export enum SignatureEventKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  REGRESSED = 'REGRESSED',
  ESCALATED = 'ESCALATED',
  RESOLVED = 'RESOLVED',
  MERGED = 'MERGED',
}

registerEnumType(SignatureEventKind, {
  name: 'SignatureEventKind',
  description: 'What happened to a signature.',
  valuesConfig: {
    CREATED: { description: 'Its first report was stored: a new signature.' },
    UPDATED: {
      description:
        'A technician changed its status (other than to RESOLVED) or its assignee, or added a note; or an unmerge moved reports into or out of it.',
    },
    REGRESSED: { description: 'It was reported again after it was resolved (status REGRESSED).' },
    ESCALATED: { description: 'It was escalated to a vendor (status ESCALATED).' },
    RESOLVED: { description: 'A technician set its status to RESOLVED.' },
    MERGED: { description: 'Other signatures were merged into it (it is the target).' },
  },
});

@ObjectType('SignatureEvent', { description: 'Something happened to a signature.' })
export class SignatureEventType {
  @Field(() => SignatureEventKind, { description: 'What happened.' })
  kind!: SignatureEventKind;

  @Field(() => FaultSignatureType, { description: 'The signature as it is now.' })
  signature!: FaultSignatureType;
}
