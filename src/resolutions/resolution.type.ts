import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ResolutionKind {
  APPLICATION_UPDATE = 'APPLICATION_UPDATE',
  FIRMWARE_UPDATE = 'FIRMWARE_UPDATE',
  PATCH = 'PATCH',
  CONFIGURATION = 'CONFIGURATION',
  WORKAROUND = 'WORKAROUND',
}

export enum ResolutionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ResolutionKind, { name: 'ResolutionKind' });
registerEnumType(ResolutionStatus, { name: 'ResolutionStatus' });

/**
 * The knowledge-base answer to a fault. Receipts carry the published resolutions that apply to the
 * reporting device; creating and publishing them is the resolutions issue, so until it lands no
 * resolution exists and receipts carry none.
 */
@ObjectType('Resolution')
export class ResolutionType {
  @Field(() => ID)
  id!: string;

  @Field(() => ResolutionKind)
  kind!: ResolutionKind;

  @Field()
  title!: string;

  @Field()
  instructions!: string;

  @Field(() => String, { nullable: true })
  fixVersion!: string | null;

  @Field(() => ResolutionStatus)
  status!: ResolutionStatus;
}
