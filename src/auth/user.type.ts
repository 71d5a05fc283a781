import { Field, ID, ObjectType } from 'type-graphql';
import { UserRole } from './roles';

@ObjectType('User', { description: 'An operator admin or technician.' })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  name!: string;

  @Field(() => UserRole)
  role!: UserRole;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt?: Date | null;
}

@ObjectType('UserRegistration', { description: 'A new user and their token, shown only this once.' })
export class UserRegistration {
  @Field(() => UserType)
  user!: UserType;

  @Field()
  token!: string;
}
