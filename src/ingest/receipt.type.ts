import { Field, ObjectType } from 'type-graphql';
import { ReceiptStatus } from './receipts';

@ObjectType('FaultReportReceipt', { description: 'The answer to one reported fault, sent only after it is stored.' })
export class FaultReportReceiptType {
  @Field(() => ReceiptStatus, { description: 'What became of the report: STORED, DUPLICATE or FILTERED.' })
  status!: ReceiptStatus;

  @Field({ description: 'Whether this report opened a new signature.' })
  newSignature!: boolean;

  @Field({ description: 'Whether this clientReportId was already stored; nothing was counted again.' })
  duplicate!: boolean;
}
