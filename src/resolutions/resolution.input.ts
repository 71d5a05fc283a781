import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsUrl, Matches, MaxLength, Min, registerDecorator, ValidateNested } from 'class-validator';
import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MAX_VERSION_LENGTH, parseVersionRange } from '../devices/version-order';
import { FreeText, IsNotBlank } from '../graphql/validators/validators';
import { DeliveryState, ResolutionKind, ResolutionStatus } from './resolution.enums';

/** Limits of a resolution's fields, stated in the API's descriptions. */
export const RESOLUTION_LIMITS = { title: 200, instructions: 20_000, signatures: 100, url: 2000, name: 200, message: 2000 } as const;

/** A version range in the syntax of docs/versions.md (`>=1.2 <1.4.2`), with the problem as the message. */
function IsVersionRange() {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isVersionRange',
      target: target.constructor,
      propertyName: property,
      options: {
        message: (args) => {
          const problem = typeof args.value === 'string' ? parseVersionRange(args.value) : 'must be text';
          return `is not a version range: it ${typeof problem === 'string' ? problem : 'cannot be read'} (write e.g. ">=1.2 <1.4.2")`;
        },
      },
      validator: { validate: (value: unknown) => value == null || (typeof value === 'string' && typeof parseVersionRange(value) !== 'string') },
    });
}

@InputType('ResolutionPackageInput', { description: 'The package a device downloads to apply the resolution.' })
export class ResolutionPackageInput {
  @Field({ description: `Where to download it: an http or https URL, at most ${RESOLUTION_LIMITS.url} characters.` })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'must be an http or https URL' })
  @MaxLength(RESOLUTION_LIMITS.url)
  url!: string;

  @Field({ description: 'Its SHA-256: 64 hex digits (stored lower-case).' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex digits (a SHA-256)' })
  sha256!: string;

  @Field(() => GraphQLSafeInt, { description: 'Its size in bytes, more than 0.' })
  @IsInt()
  @Min(1, { message: 'must be more than 0' })
  sizeBytes!: number;
}

@InputType('ResolutionTargetInput', {
  description: 'Which of the affected devices the resolution is for; every given condition must hold. Absent: every device that reported a linked signature.',
})
export class ResolutionTargetInput {
  @Field(() => String, { nullable: true, description: 'Devices of this manufacturer (compared without case).' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(128)
  manufacturer?: string | null;

  @Field(() => String, { nullable: true, description: 'Devices of this model (compared without case).' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(128)
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'Devices running this application (as they checked in, or as they reported it).' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(RESOLUTION_LIMITS.name)
  applicationName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'With applicationName: its versions, e.g. `>=1.2 <1.4.2` (one or two comparisons, or one version; see docs/versions.md).',
  })
  @IsOptional()
  @IsVersionRange()
  @MaxLength(2 * MAX_VERSION_LENGTH + 8)
  applicationVersionRange?: string | null;

  @Field(() => String, { nullable: true, description: 'Devices whose firmware version is in this range, e.g. `<22.0`.' })
  @IsOptional()
  @IsVersionRange()
  @MaxLength(2 * MAX_VERSION_LENGTH + 8)
  firmwareRange?: string | null;
}

/** What a fix is, apart from what it answers and whom it targets: also what a vendor proposes (vendor tickets). */
@InputType('ProposedResolutionInput', { description: 'A fix: its kind, text, fixing version and package (a vendor proposes one on a ticket).' })
export class ResolutionContentInput {
  @Field(() => ResolutionKind, { description: 'What kind of fix it is.' })
  kind!: ResolutionKind;

  @Field({ description: `A short summary; not blank, at most ${RESOLUTION_LIMITS.title} characters, stored trimmed.` })
  @IsNotBlank()
  @MaxLength(RESOLUTION_LIMITS.title)
  title!: string;

  @Field({ description: `What to do, in Markdown (the device shows it to the subscriber); not blank, at most ${RESOLUTION_LIMITS.instructions} characters.` })
  @IsNotBlank()
  @MaxLength(RESOLUTION_LIMITS.instructions)
  instructions!: string;

  @Field(() => String, {
    nullable: true,
    description: `The version that fixes the fault (firmware for FIRMWARE_UPDATE, else the application); at most ${MAX_VERSION_LENGTH} characters. A report from this version or later regresses the signature.`,
  })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(MAX_VERSION_LENGTH)
  fixVersion?: string | null;

  @Field(() => ResolutionPackageInput, { nullable: true, description: 'The package to download, if there is one.' })
  @IsOptional()
  @ValidateNested()
  package?: ResolutionPackageInput | null;
}

@InputType('CreateResolutionInput', { description: 'A resolution to write; it starts as a DRAFT.' })
export class CreateResolutionInput extends ResolutionContentInput {
  @Field(() => [ID], { description: `The signatures it answers: 1 to ${RESOLUTION_LIMITS.signatures}, none of them merged into another.` })
  @ArrayMinSize(1, { message: 'must name at least one signature' })
  @ArrayMaxSize(RESOLUTION_LIMITS.signatures)
  signatureIds!: string[];

  @Field(() => ResolutionTargetInput, { nullable: true, description: 'Which affected devices it is for; absent: all of them.' })
  @IsOptional()
  @ValidateNested()
  target?: ResolutionTargetInput | null;
}

@InputType('UpdateResolutionInput', { description: 'Changes to a draft; absent fields stay as they are, null clears an optional one.' })
export class UpdateResolutionInput {
  @Field(() => [ID], { nullable: true, description: `The signatures it answers (replaces the list): 1 to ${RESOLUTION_LIMITS.signatures}.` })
  @IsOptional()
  @ArrayMinSize(1, { message: 'must name at least one signature' })
  @ArrayMaxSize(RESOLUTION_LIMITS.signatures)
  signatureIds?: string[] | null;

  @Field(() => ResolutionKind, { nullable: true, description: 'What kind of fix it is.' })
  kind?: ResolutionKind | null;

  @Field(() => String, { nullable: true, description: `A short summary; not blank, at most ${RESOLUTION_LIMITS.title} characters.` })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(RESOLUTION_LIMITS.title)
  title?: string | null;

  @Field(() => String, { nullable: true, description: `What to do, in Markdown; not blank, at most ${RESOLUTION_LIMITS.instructions} characters.` })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(RESOLUTION_LIMITS.instructions)
  instructions?: string | null;

  @Field(() => String, { nullable: true, description: 'The version that fixes the fault; null: none does.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(MAX_VERSION_LENGTH)
  fixVersion?: string | null;

  @Field(() => ResolutionPackageInput, { nullable: true, description: 'The package to download (replaces it); null: none.' })
  @IsOptional()
  @ValidateNested()
  package?: ResolutionPackageInput | null;

  @Field(() => ResolutionTargetInput, { nullable: true, description: 'Which affected devices it is for (replaces it); null: all of them.' })
  @IsOptional()
  @ValidateNested()
  target?: ResolutionTargetInput | null;
}

@InputType('ResolutionFilter', { description: 'Which resolutions; all given conditions must hold.' })
export class ResolutionFilter {
  @Field(() => ResolutionStatus, { nullable: true, description: 'In this status.' })
  status?: ResolutionStatus | null;

  @Field(() => ResolutionKind, { nullable: true, description: 'Of this kind.' })
  kind?: ResolutionKind | null;

  @Field(() => ID, { nullable: true, description: 'Answering this signature.' })
  signatureId?: string | null;
}

@InputType('ResolutionOutcomeInput', { description: 'Where the device is with a resolution it was offered.' })
export class ResolutionOutcomeInput {
  @Field(() => DeliveryState, { description: 'The state it reached.' })
  state!: DeliveryState;

  @Field(() => Int, {
    nullable: true,
    description: 'The OMA DM result code: with INSTALLED 200 (the default), with FAILED the reason (required); none with the other states.',
  })
  @IsOptional()
  @IsInt()
  resultCode?: number | null;

  @Field(() => String, { nullable: true, description: `What the device has to say, at most ${RESOLUTION_LIMITS.message} characters.` })
  @IsOptional()
  @FreeText()
  @MaxLength(RESOLUTION_LIMITS.message)
  message?: string | null;
}
