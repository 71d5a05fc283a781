import { ArrayMaxSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ApplicationInput } from '../ingest/report.input';
import { RuntimeInput } from './runtime';

/** The most applications one check-in may list. */
export const MAX_CHECK_IN_APPLICATIONS = 500;

@InputType('DeviceCheckInInput', { description: 'What the device runs now; absent fields leave what the server knows as it is.' })
export class DeviceCheckInInput {
  @Field(() => String, { nullable: true, description: 'The firmware version installed; at most 64 characters.' })
  @IsOptional()
  @MaxLength(64)
  firmwareVersion?: string | null;

  @Field(() => RuntimeInput, { nullable: true, description: 'The execution environment applications run in.' })
  @IsOptional()
  @ValidateNested()
  runtime?: RuntimeInput | null;

  @Field(() => [ApplicationInput], {
    nullable: true,
    description: `Every installed application (the list replaces the one the server had), at most ${MAX_CHECK_IN_APPLICATIONS}, each name once.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_CHECK_IN_APPLICATIONS)
  @ValidateNested({ each: true })
  applications?: ApplicationInput[] | null;
}
