import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Vendor', { description: 'An external organisation faults can be escalated to.' })
export class VendorType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  webhookUrl?: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType('VendorUser', { description: "A vendor partner's user." })
export class VendorUserType {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;
}

@ObjectType('VendorUserRegistration', { description: 'A new vendor user and their token, shown only this once.' })
export class VendorUserRegistration {
  @Field(() => VendorUserType)
  user!: VendorUserType;

  @Field()
  token!: string;
}
