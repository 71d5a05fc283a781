import { IsIn } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonInput } from './person.input';
import { UserRole } from './roles';

@InputType({ description: 'An operator user (admin or technician).' })
export class CreateUserInput extends PersonInput {
  @Field(() => UserRole, { defaultValue: UserRole.TECHNICIAN, description: 'ADMIN or TECHNICIAN; vendor users come from createVendorUser.' })
  @IsIn([UserRole.ADMIN, UserRole.TECHNICIAN], { message: 'must be ADMIN or TECHNICIAN' })
  role!: UserRole;
}
