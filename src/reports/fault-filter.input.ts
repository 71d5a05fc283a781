import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { FaultReportedEvent } from './report.events';
import { Severity } from './severity';

@InputType({ description: 'Which live reports to receive; all given conditions must hold.' })
export class FaultFilter {
  @Field(() => String, { nullable: true, description: 'Of exactly this application name (case-sensitive); at most 200 characters.' })
  @IsOptional()
  @MaxLength(200)
  applicationName?: string;

  @Field(() => [Severity], { nullable: true, description: 'Any of these severities.' })
  @IsOptional()
  @ArrayMaxSize(3)
  severity?: Severity[];

  @Field(() => String, { nullable: true, description: 'With exactly this error code (case-sensitive); at most 128 characters.' })
  @IsOptional()
  @MaxLength(128)
  errorCode?: string;

  @Field(() => ID, { nullable: true, description: 'Grouped in this signature.' })
  @IsOptional()
  @MaxLength(64)
  signatureId?: string;
}

export function matchesFaultFilter(filter: FaultFilter | undefined | null, event: FaultReportedEvent): boolean {
  if (!filter) return true;
  if (filter.applicationName != null && filter.applicationName !== event.applicationName) return false;
  if (filter.severity?.length && !filter.severity.includes(event.severity as Severity)) return false;
  if (filter.errorCode != null && filter.errorCode !== event.errorCode) return false;
  if (filter.signatureId != null && filter.signatureId !== event.signature.id) return false;
  return true;
}
