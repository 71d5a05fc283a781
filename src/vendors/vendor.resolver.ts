import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { wholeList } from '../graphql/cost';
import type { Vendor } from './vendor.entity';
import { CreateVendorInput, UpdateVendorInput } from './vendor.input';
import { createVendor, listVendors, updateVendor } from './vendor.service';
import { VendorType } from './vendor.type';

@Resolver(() => VendorType)
export class VendorResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => [VendorType], wholeList('Every vendor, by name (disabled ones too).', 20))
  vendors(@Ctx() ctx: Context) {
    return listVendors(ctx.em);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => VendorType, { description: 'Admin: add a vendor that faults can be escalated to.' })
  createVendor(@Arg('input', { description: 'The new vendor.' }) input: CreateVendorInput, @Ctx() ctx: Context) {
    return createVendor(requireUser(ctx), input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => VendorType, {
    description:
      "Admin: change a vendor's name or webhook, or disable it (its users' tokens stop working at once) and enable it again. " +
      'A refused change changes nothing.',
  })
  updateVendor(
    @Arg('id', () => ID, { description: 'The vendor to change.' }) id: string,
    @Arg('input', { description: 'What to change; absent fields stay as they are.' }) input: UpdateVendorInput,
    @Ctx() ctx: Context,
  ) {
    return updateVendor(requireUser(ctx), id, input);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the vendor is disabled (see disabledAt).' })
  disabled(@Root() vendor: Vendor): boolean {
    return vendor.disabledAt != null;
  }
}
