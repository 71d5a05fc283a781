import { IsInt, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';
import { Severity } from '../reports/severity';
import { DeviceStatus } from './device-status';
import { RuntimeInput } from './runtime';

@InputType({ description: 'A device to enrol.' })
export class RegisterDeviceInput {
  @Field({ description: 'IMEI or serial number; unique among active devices of a manufacturer.' })
  @IsNotBlank()
  @MaxLength(64)
  serialNumber!: string;

  @Field({ description: 'e.g. Nokia; not blank, at most 128 characters, stored trimmed.' })
  @IsNotBlank()
  @MaxLength(128)
  manufacturer!: string;

  @Field({ description: 'e.g. N95; not blank, at most 128 characters, stored trimmed.' })
  @IsNotBlank()
  @MaxLength(128)
  model!: string;

  @Field(() => String, { nullable: true, description: 'The firmware version installed, e.g. 21.0.0; at most 64 characters.' })
  @IsOptional()
  @MaxLength(64)
  firmwareVersion?: string;

  @Field(() => RuntimeInput, { nullable: true, description: 'The execution environment applications run in on the device.' })
  @IsOptional()
  @ValidateNested()
  runtime?: RuntimeInput;

  @Field(() => String, { nullable: true, description: 'e.g. MSISDN; personal data, never shown to vendors.' })
  @IsOptional()
  @MaxLength(64)
  subscriberId?: string;
}

@InputType({ description: 'Changes to a reporting policy; absent fields stay as they are.' })
export class ReportingPolicyInput {
  @Field(() => Boolean, { nullable: true, description: 'Whether the device reports faults at all; when false, reports are refused with FORBIDDEN.' })
  enabled?: boolean;

  @Field(() => Severity, { nullable: true, description: 'Faults below this severity are not stored (receipt status FILTERED).' })
  minSeverity?: Severity;

  @Field(() => Int, {
    nullable: true,
    description: 'Reports accepted per clock hour, 0 to 1,000,000; more are refused with RATE_LIMITED (0 refuses every new report).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxReportsPerHour?: number;

  @Field(() => Boolean, { nullable: true, description: 'Whether stack traces are collected; when false the server discards them.' })
  collectStackTrace?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether attributes are collected; when false the server discards them.' })
  collectAttributes?: boolean;
}

@InputType({ description: 'Which devices; all given conditions must hold.' })
export class DeviceFilter {
  @Field(() => String, { nullable: true, description: 'Of exactly this model (case-sensitive); at most 128 characters.' })
  @IsOptional()
  @MaxLength(128)
  model?: string;

  @Field(() => String, { nullable: true, description: 'Of exactly this manufacturer (case-sensitive); at most 128 characters.' })
  @IsOptional()
  @MaxLength(128)
  manufacturer?: string;

  @Field(() => DeviceStatus, { nullable: true, description: 'In this status.' })
  status?: DeviceStatus;

  @Field(() => Date, { nullable: true, description: 'Last reported at or after this instant (devices that never reported are left out).' })
  lastSeenFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Last reported before this instant (exclusive).' })
  lastSeenTo?: Date;
}
