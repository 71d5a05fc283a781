import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from './caller';
import { Role } from './roles';
import { CreateUserInput } from './user.input';
import { createUser, revokeUser } from './user.service';
import { User } from './user.entity';
import { UserRegistration, UserType } from './user.type';

@Resolver(() => UserType)
export class UserResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN, Role.VENDOR)
  @Query(() => UserType, { description: 'The calling user.' })
  me(@Ctx() ctx: Context) {
    return ctx.em.findOneOrFail(User, requireUser(ctx).caller.id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserType, { description: "Admin: revoke a user's token at once (their open subscriptions close)." })
  revokeUser(@Arg('id', () => ID, { description: 'The user to revoke; not yourself.' }) id: string, @Ctx() ctx: Context) {
    return revokeUser(requireUser(ctx), id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserRegistration, { description: 'Admin: create an admin or technician; the token is shown once.' })
  createUser(@Arg('input', { description: 'Who the user is and their role.' }) input: CreateUserInput, @Ctx() ctx: Context) {
    return createUser(requireUser(ctx), input);
  }
}
