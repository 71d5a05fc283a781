import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { Role } from '../auth/roles';
import type { User } from '../auth/user.entity';
import { wholeList } from '../graphql/cost';
import { CreateVendorUserInput } from './vendor.input';
import { createVendorUser, disableVendorUser, listVendorUsers, rotateVendorUserToken } from './vendor.service';
import { VendorUserRegistration, VendorUserType } from './vendor.type';

/**
 * A vendor's users, for the admin. A root query rather than a `users` field on Vendor: technicians
 * read Vendor too, and a type whose fields all reach the same roles cannot leak by a forgotten
 * rule; and a list of vendors never loads their users (nothing to batch).
 */
@Resolver(() => VendorUserType)
export class VendorUserResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [VendorUserType], wholeList("Admin: a vendor's users, the oldest first (disabled ones too).", 10))
  vendorUsers(@Arg('vendorId', () => ID, { description: 'The vendor.' }) vendorId: string, @Ctx() ctx: Context) {
    return listVendorUsers(ctx.em, vendorId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => VendorUserRegistration, { description: "Admin: create a vendor partner's user; the token is shown once." })
  createVendorUser(
    @Arg('vendorId', () => ID, { description: 'The vendor the user works for.' }) vendorId: string,
    @Arg('input', { description: 'Who the user is.' }) input: CreateVendorUserInput,
    @Ctx() ctx: Context,
  ) {
    return createVendorUser(requireUser(ctx), vendorId, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => VendorUserType, {
    description:
      "Admin: disable a vendor's user for good: their token stops working at once and their open connections close. " +
      'Disabling a disabled user changes nothing. Only vendor users are found here (staff: revokeUser).',
  })
  disableVendorUser(@Arg('id', () => ID, { description: 'The vendor user to disable.' }) id: string, @Ctx() ctx: Context) {
    return disableVendorUser(requireUser(ctx), id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => VendorUserRegistration, {
    description:
      "Admin: give a vendor's user a new token, shown once; the old one stops working at once and their open connections close. " +
      'Refused for a disabled user (VENDOR_USER_DISABLED).',
  })
  rotateVendorUserToken(@Arg('id', () => ID, { description: 'The vendor user.' }) id: string, @Ctx() ctx: Context) {
    return rotateVendorUserToken(requireUser(ctx), id);
  }

  @FieldResolver(() => Boolean, {
    description: "Whether the user is disabled (disableVendorUser or revokeUser). Disabling their vendor stops them too, without changing this.",
  })
  disabled(@Root() user: User): boolean {
    return user.revokedAt != null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the user was disabled; null while they are not.' })
  disabledAt(@Root() user: User): Date | null {
    return user.revokedAt ?? null;
  }
}
