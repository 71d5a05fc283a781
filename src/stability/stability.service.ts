import type { EntityManager } from '@mikro-orm/postgresql';
import { applicationRequired, windowInvalid, windowTooLong } from './stability.errors';
import { StabilityDimension } from './stability.enums';
import { bindNamed } from '../db/named-params';
import { BY_APPLICATION_VERSION, byDeviceColumnSql, DEVICE_VALUE, TOP_SIGNATURES } from './stability.sql';
import type { SignatureImpact, StabilityRow } from './stability.type';

/** The longest window asked for: a year and a day, so that "the last year" always fits. */
export const MAX_WINDOW_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface StabilityWindow {
  from: Date;
  to: Date;
  applicationName: string | null;
}

function checkWindow({ from, to }: StabilityWindow): void {
  if (from.getTime() >= to.getTime()) throw windowInvalid();
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) throw windowTooLong(MAX_WINDOW_DAYS);
}

const SQL_BY_DIMENSION: Record<StabilityDimension, string> = {
  [StabilityDimension.APPLICATION_VERSION]: BY_APPLICATION_VERSION,
  [StabilityDimension.MODEL]: byDeviceColumnSql(DEVICE_VALUE.MODEL),
  [StabilityDimension.FIRMWARE]: byDeviceColumnSql(DEVICE_VALUE.FIRMWARE),
};

/**
 * Runs one of stability.sql.ts's statements without parallel workers or JIT. The planner's
 * estimate of a BRIN bitmap scan grows with the table, not the window, so past a few million
 * reports it costs the window's ~100k rows as if they were many more:
 * - it plans two workers: measured on 5 M reports, 190 ms against 50 ms serial, the startup of
 *   workers dominating on a busy machine;
 * - the total crosses jit_above_cost, and compiling the expressions took 37 ms of a 140 ms
 *   statement, which 1 M reports do not pay (BENCHMARKS.md, "Fleet stability").
 * set_config(…, true) is SET LOCAL: both settings end with this transaction.
 */
async function runSerial<R>(em: EntityManager, [sql, params]: [string, unknown[]]): Promise<R[]> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    await connection.execute(
      `SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`,
      [],
      'run',
      tx.getTransactionContext(),
    );
    return connection.execute<R[]>(sql, params, 'all', tx.getTransactionContext());
  });
}

interface TotalsRow {
  value: string;
  active_devices: number;
  faulty_devices: number;
  reports: number;
}

/** Active devices, devices with a FATAL report and reports per value; most active devices first, then by value. */
export async function fleetStability(em: EntityManager, window: StabilityWindow, groupBy: StabilityDimension): Promise<StabilityRow[]> {
  checkWindow(window);
  if (groupBy === StabilityDimension.APPLICATION_VERSION && !window.applicationName) throw applicationRequired();
  const rows = await runSerial<TotalsRow>(em, bindNamed(SQL_BY_DIMENSION[groupBy], { from: window.from, to: window.to, app: window.applicationName }));
  return rows
    .map((row) => ({
      value: row.value,
      activeDevices: row.active_devices,
      faultyDevices: row.faulty_devices,
      faultFreeRate: 1 - row.faulty_devices / row.active_devices,
      reports: row.reports,
      reportsPer1000Devices: (row.reports / row.active_devices) * 1000,
    }))
    .sort((a, b) => b.activeDevices - a.activeDevices || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The signatures that hit the most devices in the window, then the most reports. */
export async function topSignatures(em: EntityManager, window: StabilityWindow, first: number): Promise<SignatureImpact[]> {
  checkWindow(window);
  const rows = await runSerial<{ signature_id: string; devices: number; reports: number }>(
    em,
    bindNamed(TOP_SIGNATURES, { from: window.from, to: window.to, app: window.applicationName, first }),
  );
  return rows.map((row) => ({ signatureId: row.signature_id, devices: row.devices, reports: row.reports }));
}
