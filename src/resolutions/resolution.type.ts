import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { wholeList } from '../graphql/cost';
import { DeliveryState, ResolutionKind, ResolutionStatus } from './resolution.enums';

/**
 * The knowledge-base answer to a fault. Devices see what they need to apply it (these fields);
 * what only staff may see (targeting, linked signatures, deliveries, statistics) is added by field
 * resolvers that check the caller (resolution.resolver.ts).
 */
@ObjectType('Resolution', {
  description: 'The knowledge-base answer to one or more fault signatures: what to do about them, and how that went on the devices.',
})
export class ResolutionType {
  @Field(() => ID, { description: "The resolution's id." })
  id!: string;

  @Field(() => ResolutionKind, { description: 'What kind of fix it is.' })
  kind!: ResolutionKind;

  @Field(() => ResolutionStatus, { description: 'DRAFT, PUBLISHED or WITHDRAWN.' })
  status!: ResolutionStatus;

  @Field({ description: 'A short summary of the fix.' })
  title!: string;

  @Field({ description: 'What to do, in Markdown; the device shows it to the subscriber.' })
  instructions!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The version that fixes the fault (the firmware version for FIRMWARE_UPDATE, else the application version); null when none does.',
  })
  fixVersion?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was published; null while a draft.' })
  publishedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was withdrawn; null unless withdrawn.' })
  withdrawnAt?: Date | null;
}

@ObjectType('ResolutionPackage', { description: 'The package a device downloads to apply a resolution.' })
export class ResolutionPackageType {
  @Field({ description: 'Where to download it (http or https).' })
  url!: string;

  @Field({ description: 'Its SHA-256, 64 lower-case hex digits: the device checks the download against it.' })
  sha256!: string;

  @Field(() => GraphQLSafeInt, { description: 'Its size in bytes.' })
  sizeBytes!: number;
}

@ObjectType('ResolutionTarget', {
  description: 'Which of the affected devices a resolution is for; every given condition must hold. Versions in the order of docs/versions.md.',
})
export class ResolutionTargetType {
  @Field(() => String, { nullable: true, description: 'Devices of this manufacturer (compared without case).' })
  manufacturer?: string | null;

  @Field(() => String, { nullable: true, description: 'Devices of this model (compared without case).' })
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'Devices running this application.' })
  applicationName?: string | null;

  @Field(() => String, { nullable: true, description: 'Its versions, e.g. `>=1.2 <1.4.2`.' })
  applicationVersionRange?: string | null;

  @Field(() => String, { nullable: true, description: 'Devices whose firmware version is in this range, e.g. `<22.0`.' })
  firmwareRange?: string | null;
}

@ObjectType('ResultCodeCount', { description: 'How many deliveries ended with one result code.' })
export class ResultCodeCount {
  @Field(() => Int, { description: 'The OMA DM result code.' })
  resultCode!: number;

  @Field({ description: 'What the code means.' })
  meaning!: string;

  @Field(() => Int, { description: 'Deliveries whose latest result is this code.' })
  devices!: number;
}

@ObjectType('ResolutionDeliveryStats', { description: 'Where the devices offered a resolution are with it now.' })
export class DeliveryStatsType {
  @Field(() => Int, { description: 'Devices offered it (every delivery, whatever its state).' })
  notified!: number;

  @Field(() => Int, { description: 'Devices downloading its package now.' })
  downloading!: number;

  @Field(() => Int, { description: 'Devices that have downloaded it and not gone further yet.' })
  downloaded!: number;

  @Field(() => Int, { description: 'Devices installing it now.' })
  installing!: number;

  @Field(() => Int, { description: 'Devices that installed it.' })
  installed!: number;

  @Field(() => Int, { description: 'Devices whose latest attempt failed.' })
  failed!: number;

  @Field(() => [ResultCodeCount], wholeList('The failed deliveries by result code, the most frequent first.', 7))
  failedByResultCode!: ResultCodeCount[];
}

@ObjectType('DailyReports', { description: 'Reports of a resolution’s signatures received on one day (UTC).' })
export class DailyReports {
  @Field({ description: 'The day, as YYYY-MM-DD (UTC).' })
  day!: string;

  @Field(() => Int, { description: 'Reports received that day.' })
  reports!: number;
}

@ObjectType('ResolutionEffectiveness', {
  description: 'Whether the fix worked, from the fleet’s own evidence: installs, faults after installing, and the report rate before and after publication.',
})
export class EffectivenessType {
  @Field(() => Int, { description: 'Devices that installed it.' })
  devicesInstalled!: number;

  @Field(() => Int, { description: 'Of those, devices that reported one of its signatures again after installing it.' })
  devicesReportedAfterInstall!: number;

  @Field(() => Float, { nullable: true, description: 'Reports per day of its signatures in the 7 days before publication; null while a draft.' })
  reportsPerDayBefore!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Reports per day of its signatures since publication (counting at least one hour); null while a draft.',
  })
  reportsPerDayAfter!: number | null;

  @Field(() => Float, { nullable: true, description: 'Failed ÷ (installed + failed) deliveries; null before any outcome.' })
  installFailureRate!: number | null;

  @Field(() => [ResultCodeCount], wholeList('The failed deliveries by result code, the most frequent first.', 7))
  failuresByResultCode!: ResultCodeCount[];

  @Field(
    () => [DailyReports],
    wholeList('Reports of its signatures per day (UTC), from 7 days before publication to today (at most 30 days after); empty while a draft.', 38),
  )
  dailyReports!: DailyReports[];
}

@ObjectType('ResolutionDeliveryEvent', { description: 'One step a device reported for a delivery.' })
export class DeliveryEventType {
  @Field(() => DeliveryState, { description: 'The state it reported.' })
  state!: DeliveryState;

  @Field(() => Int, { nullable: true, description: 'The result code it gave (INSTALLED: 200; FAILED: why).' })
  resultCode?: number | null;

  @Field(() => String, { nullable: true, description: 'What the device said.' })
  message?: string | null;

  @Field({ description: 'When the server recorded it.' })
  createdAt!: Date;
}

@ObjectType('ResolutionDelivery', { description: 'One resolution offered to one device, and where the device is with it.' })
export class ResolutionDeliveryType {
  @Field(() => ID, { description: "The delivery's id." })
  id!: string;

  @Field(() => DeliveryState, { description: 'Where the device is with the resolution.' })
  state!: DeliveryState;

  @Field(() => Int, { nullable: true, description: 'The latest result code (200 installed; 4xx device-side, 5xx download failures).' })
  resultCode?: number | null;

  @Field(() => String, { nullable: true, description: "The device's latest message about it." })
  message?: string | null;

  @Field({ description: 'When it was offered.' })
  createdAt!: Date;

  @Field({ description: 'When its state last changed.' })
  updatedAt!: Date;
}

export const ResolutionConnection = Connection('Resolution', ResolutionType);
export const ResolutionDeliveryConnection = Connection('ResolutionDelivery', ResolutionDeliveryType);
