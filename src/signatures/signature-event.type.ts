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

registerEnumType(SignatureEventKind, { name: 'SignatureEventKind' });

@ObjectType('SignatureEvent', { description: 'Something happened to a signature.' })
export class SignatureEventType {
  @Field(() => SignatureEventKind)
  kind!: SignatureEventKind;

  @Field(() => FaultSignatureType, { description: 'The signature as it is now.' })
  signature!: FaultSignatureType;
}
