import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { wholeList } from '../graphql/cost';
import { CreateVendorInput, CreateVendorUserInput } from './vendor.input';
import { createVendor, createVendorUser, listVendors } from './vendor.service';
import { VendorType, VendorUserRegistration } from './vendor.type';

@Resolver(() => VendorType)
export class VendorResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => [VendorType], wholeList('Every vendor, by name.', 20))
  vendors(@Ctx() ctx: Context) {
    return listVendors(ctx.em);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => VendorType, { description: 'Admin: add a vendor that faults can be escalated to.' })
  createVendor(@Arg('input', { description: 'The new vendor.' }) input: CreateVendorInput, @Ctx() ctx: Context) {
    return createVendor(requireUser(ctx), input);
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
}
