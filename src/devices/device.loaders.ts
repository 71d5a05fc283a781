import DataLoader from 'dataloader';
import { QueryOrder, type Dictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FaultSignature } from '../signatures/signature.entity';
import { DeviceApplication } from './device-application.entity';

export interface DeviceSignaturesKey {
  deviceId: string;
  first: number;
}

/**
 * The signatures each device of a page hit, the one it reported last first, in one statement:
 * per device a LATERAL read of its signature_device rows (indexed by device), joined to the
 * signatures. A device hits few signatures, so sorting its rows costs little.
 */
export function deviceSignaturesLoader(em: EntityManager) {
  return new DataLoader<DeviceSignaturesKey, FaultSignature[], string>(
    async (keys) => {
      const ids = [...new Set(keys.map((k) => k.deviceId))];
      const rows: Dictionary[] = await em.getConnection().execute(
        `SELECT sd.device_id AS hit_by_device_id, s.*
           FROM unnest(array[?]::uuid[]) AS p(id)
          CROSS JOIN LATERAL (
            SELECT signature_id, device_id, last_seen_at FROM signature_device
             WHERE device_id = p.id ORDER BY last_seen_at DESC, signature_id DESC LIMIT ?) sd
           JOIN fault_signature s ON s.id = sd.signature_id
          ORDER BY sd.device_id, sd.last_seen_at DESC, sd.signature_id DESC`,
        [ids, Math.max(...keys.map((k) => k.first))],
      );
      const byDevice = new Map<string, FaultSignature[]>();
      for (const { hit_by_device_id: deviceId, ...signature } of rows) {
        const list = byDevice.get(String(deviceId)) ?? [];
        list.push(em.map(FaultSignature, signature));
        byDevice.set(String(deviceId), list);
      }
      return keys.map((k) => (byDevice.get(k.deviceId) ?? []).slice(0, k.first));
    },
    { cacheKeyFn: (k) => `${k.deviceId}:${k.first}` },
  );
}

/** Each device's installed applications (as it last checked in), by name. */
export function deviceApplicationsLoader(em: EntityManager) {
  return new DataLoader<string, DeviceApplication[]>(async (ids) => {
    const apps = await em.find(DeviceApplication, { device: { $in: [...ids] } }, { orderBy: { name: QueryOrder.ASC } });
    const byDevice = new Map<string, DeviceApplication[]>(ids.map((id) => [id, []]));
    for (const app of apps) byDevice.get(app.device.id)?.push(app);
    return ids.map((id) => byDevice.get(id) ?? []);
  });
}
