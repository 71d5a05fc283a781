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
  @Field(() => ID)
  id!: string;

  @Field({ description: 'IMEI or serial number.' })
  serialNumber!: string;

  @Field()
  manufacturer!: string;

  @Field()
  model!: string;

  @Field(() => String, { nullable: true })
  firmwareVersion?: string | null;

  @Field(() => String, { nullable: true })
  subscriberId?: string | null;

  @Field(() => DeviceStatus)
  status!: DeviceStatus;

  @Field(() => ReportingPolicyType)
  policy!: ReportingPolicyType;

  @Field(() => Date, { nullable: true, description: 'When the device last reported.' })
  lastSeenAt?: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt?: Date | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('DeviceRegistration', { description: 'A new device and its token, shown only this once.' })
export class DeviceRegistration {
  @Field(() => DeviceType)
  device!: DeviceType;

  @Field({ description: 'The bearer token the device authenticates with. Store it on the device; it is not shown again.' })
  token!: string;
}

export const DeviceConnection = Connection('Device', DeviceType);
