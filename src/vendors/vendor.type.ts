import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Vendor', { description: 'An external organisation faults can be escalated to.' })
export class VendorType {
  @Field(() => ID, { description: "The vendor's id (vendorId in createVendorUser)." })
  id!: string;

  @Field({ description: "The organisation's name, unique among vendors." })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Where ticket events are posted (http or https); null when none is set.' })
  webhookUrl?: string | null;

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

@ObjectType('VendorUserRegistration', { description: 'A new vendor user and their token, shown only this once.' })
export class VendorUserRegistration {
  @Field(() => VendorUserType, { description: 'The new vendor user.' })
  user!: VendorUserType;

  @Field({ description: 'The bearer token the user authenticates with (`Authorization: Bearer <token>`). It is not shown again.' })
  token!: string;
}
