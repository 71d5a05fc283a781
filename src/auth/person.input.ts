import { IsEmail, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';

/** Who a new user is; every kind of user's input extends this (its fields are inherited). */
@InputType()
export abstract class PersonInput {
  @Field({ description: 'Unique; stored lower-case.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'The name shown for the user; not blank, at most 200 characters, stored trimmed.' })
  @IsNotBlank()
  @MaxLength(200)
  name!: string;
}
