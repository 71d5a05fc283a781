import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { Severity } from '../reports/severity';
import { DeviceStatus } from './device-status';

@ObjectType('ReportingPolicy', { description: 'What and how much a device reports; written by the operator.' })
export class ReportingPolicyType {
  @Field({ description: 'Whether the device reports faults at all.' })
  enabled!: boolean;

  @Field(() => Severity, { description: 'Faults below this severity are not reported (FILTERED).' })
  minSeverity!: Severity;

  @Field(() => Int, { description: 'Reports accepted per clock hour; more are refused with RATE_LIMITED.' })
  maxReportsPerHour!: number;

  @Field({ description: 'Whether stack traces are collected; when false the server discards them.' })
  collectStackTrace!: boolean;

  @Field({ description: 'Whether attributes are collected; when false the server discards them.' })
  collectAttributes!: boolean;
}

@ObjectType('Device', { description: 'An enrolled device. Serial number and subscriber id are personal data.' })
export class DeviceType {
  @Field(() => ID, { description: "The device's id (not its serial number)." })
  id!: string;

  @Field({ description: 'IMEI or serial number.' })
  serialNumber!: string;

  @Field({ description: 'e.g. Nokia.' })
  manufacturer!: string;

  @Field({ description: 'e.g. N95.' })
  model!: string;

  @Field(() => String, { nullable: true, description: 'The firmware version, as given at enrolment or at its last check-in; null when none was given.' })
  firmwareVersion?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. MSISDN; personal data. Null when none was given.' })
  subscriberId?: string | null;

  @Field(() => DeviceStatus, { description: 'Whether its token works.' })
  status!: DeviceStatus;

  @Field(() => ReportingPolicyType, { description: 'What and how much it reports (set with setReportingPolicy).' })
  policy!: ReportingPolicyType;

  @Field(() => Date, { nullable: true, description: 'When the device last reported or checked in (it is active in a window when this falls in it).' })
  lastSeenAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it last checked in (said what it runs); null when it never did.' })
  lastCheckInAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while ACTIVE.' })
  revokedAt?: Date | null;

  @Field({ description: 'When it was enrolled.' })
  createdAt!: Date;
}

@ObjectType('DeviceRegistration', { description: 'A new device and its token, shown only this once.' })
export class DeviceRegistration {
  @Field(() => DeviceType, { description: 'The enrolled device.' })
  device!: DeviceType;

  @Field({ description: 'The bearer token the device authenticates with. Store it on the device; it is not shown again.' })
  token!: string;
}

export const DeviceConnection = Connection('Device', DeviceType);

@ObjectType('InstalledApplication', { description: 'An application installed on a device, as the device said at its last check-in.' })
export class InstalledApplicationType {
  @Field({ description: 'Its name.' })
  name!: string;

  @Field({ description: 'Its version.' })
  version!: string;

  @Field(() => String, { nullable: true, description: 'e.g. MIDlet, native, web.' })
  type?: string | null;

  @Field(() => String, { nullable: true, description: "Its publisher, as the device knows it." })
  vendor?: string | null;

  @Field({ description: 'When the device last said it runs this version.' })
  updatedAt!: Date;
}
