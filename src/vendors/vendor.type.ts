import { Field, ID, ObjectType } from 'type-graphql';

/** The resolvers answer with the entities (Vendor, User); these classes say which of their properties the API shows. */
@ObjectType('Vendor', { description: 'An external organisation faults can be escalated to.' })
export class VendorType {
  @Field(() => ID, { description: "The vendor's id (vendorId in createVendorUser)." })
  id!: string;

  @Field({ description: "The organisation's name, unique among vendors." })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where ticket events are posted (http or https); null when none is set. Webhooks are sent only when both a URL and a secret are set.',
  })
  webhookUrl?: string | null;

  @Field({ description: 'Whether a webhook secret is set. The secret itself is never shown; updateVendor replaces or removes it.' })
  webhookSecretSet!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: "When the vendor was disabled (its users' tokens do not work, nothing can be escalated to it); null while it is enabled.",
  })
  disabledAt?: Date | null;

  @Field({ description: 'When the vendor was added.' })
  createdAt!: Date;
}

@ObjectType('VendorUser', { description: "A vendor partner's user." })
export class VendorUserType {
  @Field(() => ID, { description: "The user's id." })
  id!: string;

  @Field({ description: 'E-mail address, unique among users; stored lower-case.' })
  email!: string;

  @Field({ description: 'The name shown for the user.' })
  name!: string;

  @Field({ description: 'When the user was created.' })
  createdAt!: Date;
}

@ObjectType('VendorUserRegistration', { description: 'A vendor user and their new token, shown only this once.' })
export class VendorUserRegistration {
  @Field(() => VendorUserType, { description: 'The vendor user.' })
  user!: VendorUserType;

  @Field({ description: 'The bearer token the user authenticates with (`Authorization: Bearer <token>`). It is not shown again.' })
  token!: string;
}
