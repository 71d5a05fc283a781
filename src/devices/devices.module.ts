import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { DeviceApplication } from './device-application.entity';
import { Device } from './device.entity';
import { deviceApplicationsLoader, deviceSignaturesLoader } from './device.loaders';
import { DeviceResolver } from './device.resolver';
import { ReportingPolicy } from './reporting-policy.embeddable';

/** Enrolled devices, their reporting policies, their tokens and what they run. */
export const devicesModule = defineModule({
  name: 'devices',
  entities: [Device, ReportingPolicy, DeviceApplication],
  resolvers: [DeviceResolver],
  loaders: (em) => ({ device: byId(em, Device), deviceSignatures: deviceSignaturesLoader(em), deviceApplications: deviceApplicationsLoader(em) }),
});
