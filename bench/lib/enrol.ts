import type { DeviceProfile } from '../faults/fleet';
import type { GraphQLClient } from './graphql';
import { CREATE_TECHNICIAN, REGISTER_DEVICE, SET_POLICY } from './operations';

/** High enough that the per-device hourly limit never refuses a benchmark's reports. */
export const UNLIMITED_REPORTS_PER_HOUR = 1_000_000;

export interface EnrolledDevice {
  id: string;
  token: string;
}

/**
 * Enrols the fleet the way an operator does: `registerDevice` with the admin token, then
 * `setReportingPolicy` so the rate limit doesn't interfere. A few requests in flight at a time:
 * enrolment is set-up, not the thing measured.
 */
export async function enrolFleet(
  client: GraphQLClient,
  adminToken: string,
  fleet: readonly DeviceProfile[],
  maxReportsPerHour = UNLIMITED_REPORTS_PER_HOUR,
): Promise<EnrolledDevice[]> {
  const out = new Array<EnrolledDevice>(fleet.length);
  let next = 0;
  const worker = async () => {
    while (next < fleet.length) {
      const i = next++;
      const { platform: _platform, ...input } = fleet[i]!;
      const reg = await client.must<{ registerDevice: { token: string; device: { id: string } } }>(
        REGISTER_DEVICE,
        { input },
        adminToken,
      );
      const id = reg.registerDevice.device.id;
      await client.must(SET_POLICY, { id, input: { maxReportsPerHour } }, adminToken);
      out[i] = { id, token: reg.registerDevice.token };
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

/** A technician: the console's queries are measured with a technician's token, as in real use. */
export async function createTechnician(client: GraphQLClient, adminToken: string, tag: string): Promise<string> {
  const r = await client.must<{ createUser: { token: string } }>(
    CREATE_TECHNICIAN,
    { input: { email: `tech-${tag}@bench.faultbase.local`, name: 'Bench Technician', role: 'TECHNICIAN' } },
    adminToken,
  );
  return r.createUser.token;
}
