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

registerEnumType(ResolutionKind, {
  name: 'ResolutionKind',
  description: 'What a resolution asks to be done.',
  valuesConfig: {
    APPLICATION_UPDATE: { description: 'Install a version of the application that fixes the fault (fixVersion names it).' },
    FIRMWARE_UPDATE: { description: 'Update the device firmware to a version that fixes the fault (fixVersion names it).' },
    PATCH: { description: 'Apply a patch to the installed application or firmware.' },
    CONFIGURATION: { description: 'Change a setting of the device or the application.' },
    WORKAROUND: { description: 'Avoid the fault in another way until a fix is available.' },
  },
});
registerEnumType(ResolutionStatus, {
  name: 'ResolutionStatus',
  description: 'Where a resolution is in its life.',
  valuesConfig: {
    DRAFT: { description: 'Being written; not given to devices.' },
    PUBLISHED: { description: 'Given, in their receipts, to the reporting devices it applies to.' },
    WITHDRAWN: { description: 'No longer given to devices.' },
  },
});

/**
 * The knowledge-base answer to a fault. Receipts carry the published resolutions that apply to the
 * reporting device; creating and publishing them is the resolutions issue, so until it lands no
 * resolution exists and receipts carry none.
 */
@ObjectType('Resolution', {
  description: 'The knowledge-base answer to a fault: what to do about it. Receipts carry the published ones that apply to the reporting device.',
})
export class ResolutionType {
  @Field(() => ID, { description: "The resolution's id." })
  id!: string;

  @Field(() => ResolutionKind, { description: 'What kind of fix it is.' })
  kind!: ResolutionKind;

  @Field({ description: 'A short summary of the fix.' })
  title!: string;

  @Field({ description: 'What to do to fix or avoid the fault.' })
  instructions!: string;

  @Field(() => String, { nullable: true, description: 'The application or firmware version that fixes the fault; null when none does.' })
  fixVersion!: string | null;

  @Field(() => ResolutionStatus, { description: 'Where it is in its life: draft, published or withdrawn.' })
  status!: ResolutionStatus;
}
