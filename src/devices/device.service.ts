import { QueryOrder, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { DEVICE_TOKEN_PREFIX, generateToken, hashToken } from '../auth/token';
import { isId } from '../db/ids';
import { paginate, type PageArgs } from '../graphql/connection';
import type { Sql } from '../db/sql';
import type { DeviceCheckInInput } from './check-in.input';
import { Device } from './device.entity';
import { checkInInvalid, deviceNotFound, lastSeenRangeInverted, serialAlreadyRegistered } from './device.errors';
import { CHECK_IN } from './device.sql';
import { versionKey } from './version-order';
import type { DeviceFilter, RegisterDeviceInput, ReportingPolicyInput } from './device.input';
import { DeviceStatus } from './device-status';

export async function registerDevice({ em }: Scope<UserPrincipal>, input: RegisterDeviceInput) {
  const token = generateToken(DEVICE_TOKEN_PREFIX);
  const device = new Device({
    serialNumber: input.serialNumber.trim(),
    manufacturer: input.manufacturer.trim(),
    model: input.model.trim(),
    firmwareVersion: input.firmwareVersion,
    firmwareVersionKey: input.firmwareVersion ? versionKey(input.firmwareVersion) : null,
    runtimeName: input.runtime?.name,
    runtimeVersion: input.runtime?.version,
    subscriberId: input.subscriberId,
    tokenHash: hashToken(token),
  });
  try {
    await em.persistAndFlush(device);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw serialAlreadyRegistered(device.manufacturer, device.serialNumber);
    }
    throw err;
  }
  return { device, token };
}

export async function deviceById(em: EntityManager, id: string): Promise<Device | null> {
  return isId(id) ? em.findOne(Device, id) : null;
}

export async function findDevice(em: EntityManager, id: string): Promise<Device> {
  const device = await deviceById(em, id);
  if (!device) throw deviceNotFound(id);
  return device;
}

export async function setReportingPolicy({ em, services }: Scope<UserPrincipal>, id: string, input: ReportingPolicyInput) {
  const device = await findDevice(em, id);
  for (const key of ['enabled', 'minSeverity', 'maxReportsPerHour', 'collectStackTrace', 'collectAttributes'] as const) {
    const value = input[key];
    if (value !== undefined && value !== null) (device.policy[key] as unknown) = value;
  }
  await em.flush();
  services.authenticator.changed({ kind: 'device', id: device.id });
  return device;
}

/**
 * The device's token stops working on its next request (auth looks up ACTIVE devices only, and
 * every process forgets the principal it remembered), and its open subscriptions are closed.
 */
export async function revokeDevice({ em, services }: Scope<UserPrincipal>, id: string) {
  const device = await findDevice(em, id);
  if (device.status !== DeviceStatus.REVOKED) {
    device.status = DeviceStatus.REVOKED;
    device.revokedAt = new Date();
    await em.flush();
  }
  services.authenticator.revoked({ kind: 'device', id: device.id });
  return device;
}

/**
 * Most recently reporting first; devices that never reported come last, newest enrolled first.
 * Not backed by an index on purpose: ingest updates last_seen_at on every report, and unindexed
 * that update stays HOT (no index writes); a page sorts the filtered devices instead.
 */
export const DEVICE_ORDER = {
  lastSeenAt: QueryOrder.DESC_NULLS_LAST,
  createdAt: QueryOrder.DESC,
  id: QueryOrder.DESC,
} as const satisfies QueryOrderMap<Device>;

export function listDevices(em: EntityManager, filter: DeviceFilter | undefined, page: PageArgs) {
  if (filter?.lastSeenFrom && filter.lastSeenTo && filter.lastSeenFrom > filter.lastSeenTo) {
    throw lastSeenRangeInverted();
  }
  const where = (): FilterQuery<Device> => ({
    ...(filter?.model ? { model: filter.model } : {}),
    ...(filter?.manufacturer ? { manufacturer: filter.manufacturer } : {}),
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.lastSeenFrom || filter?.lastSeenTo
      ? {
          lastSeenAt: {
            ...(filter.lastSeenFrom ? { $gte: filter.lastSeenFrom } : {}),
            ...(filter.lastSeenTo ? { $lt: filter.lastSeenTo } : {}),
          },
        }
      : {}),
  });
  return paginate(em, Device, where, DEVICE_ORDER, page);
}

/**
 * Records what a device runs and that it is alive, in the caller's transaction (`tx`): the
 * resolutions module offers it what now targets it in the same transaction. Versions are stored
 * with their sort keys (version-order.ts).
 */
export async function recordCheckIn(tx: Sql, deviceId: string, input: DeviceCheckInInput): Promise<void> {
  const apps = input.applications ?? [];
  const names = new Set<string>();
  for (const [index, app] of apps.entries()) {
    if (names.has(app.name)) throw checkInInvalid(['applications', index, 'name'], `${app.name} is listed twice`);
    names.add(app.name);
  }
  const firmware = input.firmwareVersion?.trim() || null;
  await tx.query(CHECK_IN, [
    deviceId,
    firmware,
    firmware && versionKey(firmware),
    input.runtime?.name ?? null,
    input.runtime?.version ?? null,
    input.applications != null,
    JSON.stringify(apps.map((a) => ({ name: a.name, version: a.version, version_key: versionKey(a.version), type: a.type ?? null, vendor: a.vendor ?? null }))),
  ]);
}
