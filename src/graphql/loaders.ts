import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { User } from '../auth/user.entity';
import { Device } from '../devices/device.entity';
import { deviceSignaturesLoader } from '../devices/device.loaders';
import { FaultReport } from '../reports/report.entity';
import { deviceReportsLoader, signatureReportsLoader } from '../reports/report.loaders';
import { signatureActivityLoader } from '../signatures/activity.loaders';
import { occurrencesLoader } from '../signatures/occurrences.loaders';
import { breakdownLoader } from '../signatures/signature.loaders';
import { FaultSignature } from '../signatures/signature.entity';

/** One loader per entity by id: a page of rows resolves each relation with one query. */
function byId<E extends { id: string }>(em: EntityManager, entity: EntityClass<E>) {
  return new DataLoader<string, E | null>(async (ids) => {
    const rows = await em.find(entity, { id: { $in: [...ids] } } as never);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

export function createLoaders(em: EntityManager) {
  return {
    device: byId(em, Device),
    signature: byId(em, FaultSignature),
    report: byId(em, FaultReport),
    user: byId(em, User),
    breakdown: breakdownLoader(em),
    /** First pages of lists, for a whole page of parents at once. */
    signatureReports: signatureReportsLoader(em),
    signatureActivity: signatureActivityLoader(em),
    occurrences: occurrencesLoader(em),
    deviceReports: deviceReportsLoader(em),
    deviceSignatures: deviceSignaturesLoader(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
