import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType('FaultReportFilter', { description: "Which of a signature's reports; all given conditions must hold." })
export class FaultReportFilter {
  @Field(() => ID, { nullable: true, description: 'Sent by this device.' })
  @IsOptional()
  @MaxLength(64)
  deviceId?: string;

  @Field(() => String, { nullable: true, description: 'Of this application version.' })
  @IsOptional()
  @MaxLength(128)
  applicationVersion?: string;
}
