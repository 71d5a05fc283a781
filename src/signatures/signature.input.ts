import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { SignatureStatus } from './signature-status';

export enum SignatureOrderField {
  LAST_SEEN = 'LAST_SEEN',
  FIRST_SEEN = 'FIRST_SEEN',
  REPORT_COUNT = 'REPORT_COUNT',
  DEVICE_COUNT = 'DEVICE_COUNT',
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(SignatureOrderField, { name: 'SignatureOrderField' });
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType({ description: 'All given conditions must hold.' })
export class SignatureFilter {
  @Field(() => [SignatureStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(6)
  status?: SignatureStatus[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  applicationName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(128)
  errorCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(512)
  exceptionType?: string;
}

@InputType({ description: 'Newest activity first when absent.' })
export class SignatureOrder {
  @Field(() => SignatureOrderField, { defaultValue: SignatureOrderField.LAST_SEEN })
  field!: SignatureOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}
