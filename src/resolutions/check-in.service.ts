import type { Scope } from '../app/context';
import type { DevicePrincipal } from '../auth/principal';
import type { DeviceCheckInInput } from '../devices/check-in.input';
import { recordCheckIn } from '../devices/device.service';
import { pendingResolutions } from './delivery.service';
import { OFFER_TO_DEVICE } from './resolution.sql';

/**
 * A device's check-in, one round trip: what it runs is recorded, it is offered (in the same
 * transaction) the published resolutions that target it now for the faults it reported (a new
 * firmware or application version may bring it into a target), and it is answered with its policy
 * and what is pending for it.
 */
export async function checkIn({ em, caller, services }: Scope<DevicePrincipal>, input: DeviceCheckInInput) {
  await services.sql.transaction(async (tx) => {
    await recordCheckIn(tx, caller.id, input);
    await tx.query(OFFER_TO_DEVICE, [caller.id]);
  });
  return { policy: caller.policy, pendingResolutions: await pendingResolutions(em, caller.id) };
}
