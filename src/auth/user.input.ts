import { ArrayMaxSize, IsIn, IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonInput } from './person.input';
import { UserRole } from './roles';

@InputType({ description: 'An operator user (admin or technician).' })
export class CreateUserInput extends PersonInput {
  @Field(() => UserRole, { defaultValue: UserRole.TECHNICIAN, description: 'ADMIN or TECHNICIAN; vendor users come from createVendorUser.' })
  @IsIn([UserRole.ADMIN, UserRole.TECHNICIAN], { message: 'must be ADMIN or TECHNICIAN' })
  role!: UserRole;
}

@InputType({ description: 'Which users to list; every user when empty.' })
export class UserFilter {
  @Field(() => [UserRole], { nullable: true, description: 'Only users with one of these roles (staff: ADMIN and TECHNICIAN).' })
  @IsOptional()
  @ArrayMaxSize(3)
  roles?: UserRole[];

  @Field(() => Boolean, { nullable: true, description: 'true: only users whose token was revoked; false: only those whose token works.' })
  @IsOptional()
  revoked?: boolean;
}
