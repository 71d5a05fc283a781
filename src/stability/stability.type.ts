import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType('StabilityRow', { description: 'Stability of the fleet for one value of a dimension, over a window [from, to).' })
export class StabilityRow {
  @Field(() => String, { description: 'The model, firmware version or application version.' })
  value!: string;

  @Field(() => Int, { description: 'Active devices: devices that checked in or reported a fault in the window.' })
  activeDevices!: number;

  @Field(() => Int, { description: 'Active devices with a FATAL report in the window (of applicationName, if given).' })
  faultyDevices!: number;

  @Field(() => Float, { description: '1 − faultyDevices / activeDevices: the share of active devices without a FATAL report.' })
  faultFreeRate!: number;

  @Field(() => Int, { description: 'Fault reports received in the window (of applicationName, if given), any severity.' })
  reports!: number;

  @Field(() => Float, { description: 'reports / activeDevices × 1000.' })
  reportsPer1000Devices!: number;
}

@ObjectType('SignatureImpact', { description: 'A signature and how widely it hit within a window.' })
export class SignatureImpact {
  /** Resolved by StabilityResolver.signature through the per-request loader. */
  signatureId!: string;

  @Field(() => Int, { description: 'Distinct devices that reported it in the window.' })
  devices!: number;

  @Field(() => Int, { description: 'Its reports received in the window.' })
  reports!: number;
}
