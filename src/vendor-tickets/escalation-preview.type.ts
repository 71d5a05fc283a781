import { Field, ObjectType } from 'type-graphql';
import { EvidenceBundleType, TicketVendorType } from './vendor-ticket.type';

@ObjectType('EscalationPreview', { description: 'Exactly what escalateSignature would send the vendor now.' })
export class EscalationPreviewType {
  @Field(() => TicketVendorType, { description: 'The vendor it would go to.' })
  vendor!: TicketVendorType;

  @Field(() => EvidenceBundleType, { description: 'The evidence bundle, pseudonymised and scrubbed for this vendor.' })
  evidence!: EvidenceBundleType;

  @Field(() => String, { nullable: true, description: 'The message as the vendor would read it (scrubbed); null when none was given.' })
  message!: string | null;
}
