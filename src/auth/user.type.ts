import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { UserRole } from './roles';

@ObjectType('User', { description: "An operator admin or technician (or, as `me`, a vendor partner's user)." })
export class UserType {
  @Field(() => ID, { description: "The user's id." })
  id!: string;

  @Field({ description: 'E-mail address, unique among users; stored lower-case.' })
  email!: string;

  @Field({ description: 'The name shown for the user, e.g. in signature activity.' })
  name!: string;

  @Field(() => UserRole, { description: 'What the user may do.' })
  role!: UserRole;

  @Field({ description: 'When the user was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the user's token was revoked (it no longer works); null while it works." })
  revokedAt?: Date | null;
}

@ObjectType('UserRegistration', { description: 'A new user and their token, shown only this once.' })
export class UserRegistration {
  @Field(() => UserType, { description: 'The new user.' })
  user!: UserType;

  @Field({ description: 'The bearer token the user authenticates with (`Authorization: Bearer <token>`). It is not shown again.' })
  token!: string;
}

export const UserConnection = Connection('User', UserType);
