import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';
import { UserRole } from './roles';

@InputType({ description: 'An operator user (admin or technician).' })
export class CreateUserInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => UserRole, { defaultValue: UserRole.TECHNICIAN, description: 'ADMIN or TECHNICIAN; vendor users come from createVendorUser.' })
  @IsIn([UserRole.ADMIN, UserRole.TECHNICIAN], { message: 'must be ADMIN or TECHNICIAN' })
  role!: UserRole;
}
