import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { Device } from './device.entity';
import { deviceSignaturesLoader } from './device.loaders';
import { DeviceResolver } from './device.resolver';
import { ReportingPolicy } from './reporting-policy.embeddable';

/** Enrolled devices, their reporting policies and their tokens. */
export const devicesModule = defineModule({
  name: 'devices',
  entities: [Device, ReportingPolicy],
  resolvers: [DeviceResolver],
  loaders: (em) => ({ device: byId(em, Device), deviceSignatures: deviceSignaturesLoader(em) }),
});
