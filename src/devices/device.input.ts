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

  @Field()
  @IsNotBlank()
  @MaxLength(128)
  manufacturer!: string;

  @Field()
  @IsNotBlank()
  @MaxLength(128)
  model!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  firmwareVersion?: string;

  @Field(() => RuntimeInput, { nullable: true })
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
  @Field(() => Boolean, { nullable: true })
  enabled?: boolean;

  @Field(() => Severity, { nullable: true })
  minSeverity?: Severity;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxReportsPerHour?: number;

  @Field(() => Boolean, { nullable: true })
  collectStackTrace?: boolean;

  @Field(() => Boolean, { nullable: true })
  collectAttributes?: boolean;
}

@InputType({ description: 'Which devices; all given conditions must hold.' })
export class DeviceFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(128)
  model?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(128)
  manufacturer?: string;

  @Field(() => DeviceStatus, { nullable: true })
  status?: DeviceStatus;

  @Field(() => Date, { nullable: true, description: 'Last reported at or after this instant (devices that never reported are left out).' })
  lastSeenFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Last reported before this instant (exclusive).' })
  lastSeenTo?: Date;
}
