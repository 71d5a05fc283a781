import { Field, ObjectType } from 'type-graphql';
import { ReportingPolicyType } from '../devices/device.type';
import type { Resolution } from './resolution.entity';
import { ResolutionType } from './resolution.type';
import { wholeList } from '../graphql/cost';

@ObjectType('DeviceCheckIn', { description: 'What the server has for a device that checked in: its policy and the fixes waiting for it.' })
export class DeviceCheckInType {
  @Field(() => ReportingPolicyType, { description: 'Its reporting policy (as deviceConfig answers).' })
  policy!: ReportingPolicyType;

  @Field(() => [ResolutionType], wholeList('Published resolutions offered to it that it has not installed, the newest first.', 3))
  pendingResolutions!: Resolution[];
}
