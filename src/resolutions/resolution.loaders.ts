import DataLoader from 'dataloader';
import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupedBy } from '../graphql/loaders';
import { FaultSignature } from '../signatures/signature.entity';
import { RESULT_CODES } from './delivery-workflow';
import { ResolutionDeliveryEvent, ResolutionSignature, type Resolution } from './resolution.entity';
import { DeliveryState } from './resolution.enums';
import { ResolutionOutbox } from './resolution.events';
import type { DailyReports, DeliveryStatsType, EffectivenessType, ResultCodeCount } from './resolution.type';

/** How far before its publication a resolution's "before" rate looks, and how far the daily series goes. */
export const BEFORE_DAYS = 7;
export const AFTER_DAYS = 30;

/** The signatures each resolution answers, by id; one query for every resolution of a request. */
export function resolutionSignaturesLoader(em: EntityManager) {
  return new DataLoader<string, FaultSignature[]>(async (ids) => {
    const links = await em.find(ResolutionSignature, { resolution: { $in: [...ids] } }, { populate: ['signature'], orderBy: { signature: { id: QueryOrder.ASC } } });
    return groupedBy(ids, links, (l) => l.resolution.id).map((list) => list.map((l) => l.signature));
  });
}

/** The resolutions answering each signature, the newest first. */
export function signatureResolutionsLoader(em: EntityManager) {
  return new DataLoader<string, Resolution[]>(async (ids) => {
    const links = await em.find(
      ResolutionSignature,
      { signature: { $in: [...ids] } },
      { populate: ['resolution'], orderBy: { resolution: { createdAt: QueryOrder.DESC, id: QueryOrder.DESC } } },
    );
    return groupedBy(ids, links, (l) => l.signature.id).map((list) => list.map((l) => l.resolution));
  });
}

/** The steps each delivery went through after it was offered, oldest first. */
export function deliveryHistoryLoader(em: EntityManager) {
  return new DataLoader<string, ResolutionDeliveryEvent[]>(async (ids) => {
    const events = await em.find(ResolutionDeliveryEvent, { delivery: { $in: [...ids] } }, { orderBy: { createdAt: QueryOrder.ASC, id: QueryOrder.ASC } });
    return groupedBy(ids, events, (e) => e.delivery.id);
  });
}

const byCode = (rows: { result_code: number; devices: number }[]): ResultCodeCount[] =>
  rows
    .map((r) => ({ resultCode: r.result_code, meaning: RESULT_CODES[r.result_code] ?? 'Unknown', devices: r.devices }))
    .sort((a, b) => b.devices - a.devices || a.resultCode - b.resultCode);

/**
 * Which resolutions are still being offered: their publication waits in the outbox for the fan-out,
 * or for its retry. Read from the outbox rather than kept on the resolution, so it cannot disagree
 * with what the dispatcher will do; PENDING rows are few, and the outbox's status index finds them.
 */
export function offeringLoader(em: EntityManager) {
  return new DataLoader<string, boolean>(async (ids) => {
    const rows: { id: string }[] = await em.getConnection().execute(
      `SELECT DISTINCT payload->>'resolutionId' AS id FROM outbox_event
        WHERE status = 'PENDING' AND type = ? AND payload->>'resolutionId' IN (?)`,
      [ResolutionOutbox.RESOLUTION_PUBLISHED, [...ids]],
    );
    const pending = new Set(rows.map((r) => r.id));
    return ids.map((id) => pending.has(id));
  });
}

/** Where each resolution's deliveries are, counted in SQL by state and failure code. */
export function deliveryStatsLoader(em: EntityManager) {
  return new DataLoader<string, DeliveryStatsType>(async (ids) => {
    const rows: { resolution_id: string; state: DeliveryState; result_code: number | null; devices: number }[] = await em
      .getConnection()
      .execute(
        `SELECT resolution_id, state, result_code, count(*)::int AS devices FROM resolution_delivery
          WHERE resolution_id IN (?) GROUP BY 1, 2, 3`,
        [[...ids]],
      );
    return groupedBy(ids, rows, (r) => r.resolution_id).map((list) => {
      const count = (state: DeliveryState) => list.filter((r) => r.state === state).reduce((n, r) => n + r.devices, 0);
      const failed = list.filter((r) => r.state === DeliveryState.FAILED && r.result_code != null) as { result_code: number; devices: number }[];
      return {
        notified: list.reduce((n, r) => n + r.devices, 0),
        downloading: count(DeliveryState.DOWNLOADING),
        downloaded: count(DeliveryState.DOWNLOADED),
        installing: count(DeliveryState.INSTALLING),
        installed: count(DeliveryState.INSTALLED),
        failed: count(DeliveryState.FAILED),
        failedByResultCode: byCode(failed),
      };
    });
  });
}

interface EffectivenessRow {
  id: string;
  published_at: Date | string | null;
  installed: number;
  failed: number;
  reported_after_install: number;
  before: number;
  after: number;
  hours_after: number;
  daily: { day: string; reports: number }[] | null;
  failures: { result_code: number; devices: number }[] | null;
}

/**
 * Whether each resolution worked, from the fleet's evidence, in one statement: installs, devices
 * that reported a linked signature again after installing (their reports by device and time, an
 * index range per installed device), the reports of the linked signatures in the week before
 * publication and since (the signature's reports by time), and the failures by result code.
 */
export function effectivenessLoader(em: EntityManager) {
  return new DataLoader<string, EffectivenessType>(async (ids) => {
    const rows: EffectivenessRow[] = await em.getConnection().execute(
      `SELECT r.id, r.published_at,
              (SELECT count(*) FROM resolution_delivery d WHERE d.resolution_id = r.id AND d.state = 'INSTALLED')::int AS installed,
              (SELECT count(*) FROM resolution_delivery d WHERE d.resolution_id = r.id AND d.state = 'FAILED')::int AS failed,
              (SELECT count(*) FROM resolution_delivery d
                WHERE d.resolution_id = r.id AND d.state = 'INSTALLED' AND EXISTS (
                  SELECT 1 FROM fault_report f JOIN resolution_signature rs ON rs.signature_id = f.signature_id AND rs.resolution_id = r.id
                   WHERE f.device_id = d.device_id AND least(f.occurred_at, f.received_at) > d.installed_at))::int AS reported_after_install,
              (SELECT count(*) FROM fault_report f JOIN resolution_signature rs ON rs.signature_id = f.signature_id
                WHERE rs.resolution_id = r.id AND f.received_at >= r.published_at - interval '${BEFORE_DAYS} days' AND f.received_at < r.published_at)::int AS before,
              (SELECT count(*) FROM fault_report f JOIN resolution_signature rs ON rs.signature_id = f.signature_id
                WHERE rs.resolution_id = r.id AND f.received_at >= r.published_at)::int AS after,
              extract(epoch FROM now() - r.published_at) / 3600 AS hours_after,
              (SELECT json_agg(json_build_object('day', to_char(g.day, 'YYYY-MM-DD'), 'reports', coalesce(c.n, 0)) ORDER BY g.day)
                 FROM generate_series(date_trunc('day', r.published_at AT TIME ZONE 'UTC') - interval '${BEFORE_DAYS} days',
                                      least(date_trunc('day', now() AT TIME ZONE 'UTC'),
                                            date_trunc('day', r.published_at AT TIME ZONE 'UTC') + interval '${AFTER_DAYS} days'),
                                      interval '1 day') AS g(day)
                 LEFT JOIN (SELECT date_trunc('day', f.received_at AT TIME ZONE 'UTC') AS day, count(*)::int AS n
                              FROM fault_report f JOIN resolution_signature rs ON rs.signature_id = f.signature_id
                             WHERE rs.resolution_id = r.id AND f.received_at >= r.published_at - interval '${BEFORE_DAYS} days'
                             GROUP BY 1) c ON c.day = g.day) AS daily,
              (SELECT json_agg(json_build_object('result_code', result_code, 'devices', devices)) FROM (
                  SELECT result_code, count(*)::int AS devices FROM resolution_delivery d
                   WHERE d.resolution_id = r.id AND d.state = 'FAILED' GROUP BY 1) x) AS failures
         FROM resolution r WHERE r.id IN (?)`,
      [[...ids]],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id): EffectivenessType => {
      const row = byId.get(id);
      const published = row?.published_at != null;
      const outcomes = (row?.installed ?? 0) + (row?.failed ?? 0);
      return {
        devicesInstalled: row?.installed ?? 0,
        devicesReportedAfterInstall: row?.reported_after_install ?? 0,
        reportsPerDayBefore: published ? row!.before / BEFORE_DAYS : null,
        reportsPerDayAfter: published ? row!.after / (Math.max(1, Number(row!.hours_after)) / 24) : null,
        installFailureRate: outcomes ? row!.failed / outcomes : null,
        failuresByResultCode: byCode(row?.failures ?? []),
        dailyReports: (row?.daily ?? []) as DailyReports[],
      };
    });
  });
}

