import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DEFAULT_PAGE, MAX_PAGE, pagedList } from '../graphql/cost';
import type { Context } from '../app/context';
import { requireUser } from './caller';
import { Role } from './roles';
import { CreateUserInput, UserFilter } from './user.input';
import { createUser, listUsers, revokeUser } from './user.service';
import { User } from './user.entity';
import { UserConnection, UserRegistration, UserType } from './user.type';

@Resolver(() => UserType)
export class UserResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN, Role.VENDOR)
  @Query(() => UserType, { description: 'The calling user.' })
  me(@Ctx() ctx: Context) {
    return ctx.em.findOneOrFail(User, requireUser(ctx).caller.id);
  }

  @Authorized(Role.ADMIN)
  @Query(() => UserConnection, pagedList("Admin: users (staff and vendors' users), the newest first; revoked ones too unless the filter says otherwise."))
  users(
    @Ctx() ctx: Context,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Only the users that match; every user when absent.' }) filter?: UserFilter,
    @Arg('first', () => Int, { nullable: true, description: `Users to return: 0 to ${MAX_PAGE}, default ${DEFAULT_PAGE}.` }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from this list: return the users after it.' }) after?: string,
  ) {
    return listUsers(ctx.em, filter, { first, after });
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
