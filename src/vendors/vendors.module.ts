import { defineModule } from '../app/module';
import { Vendor } from './vendor.entity';
import { VendorResolver } from './vendor.resolver';
import { VendorUserResolver } from './vendor-user.resolver';

/** Vendor partners (and, through auth, their users). */
export const vendorsModule = defineModule({
  name: 'vendors',
  entities: [Vendor],
  resolvers: [VendorResolver, VendorUserResolver],
});
