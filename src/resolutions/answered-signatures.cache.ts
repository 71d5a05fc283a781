import type { Logger } from '../config/logger';
import type { Query, Sql } from '../db/sql';
import type { EventBus } from '../events/bus';
import { ReloadingCache } from '../events/reloading-cache';
import { ResolutionTopics } from './resolution.events';

const ANSWERED: Query = {
  name: 'resolutions_answered_signatures',
  text: `SELECT DISTINCT rs.signature_id FROM resolution_signature rs JOIN resolution r ON r.id = rs.resolution_id WHERE r.status = 'PUBLISHED'`,
};

/**
 * The signatures a published resolution answers, kept in memory so that ingest knows which of its
 * two statements a request needs (ingest.sql.ts) without asking. A publication, a withdrawal or a
 * merge (which links the target) is heard on the bus by every process; a short lifetime bounds
 * staleness should an event be missed. Staleness costs a retry, never a wrong answer: the plain
 * statement refuses (RESOLUTIONS_APPLY) when a published resolution answers one of its signatures.
 */
export class AnsweredSignatures {
  private readonly cache: ReloadingCache<ReadonlySet<string>>;

  constructor(sql: Sql, events: EventBus, logger: Logger) {
    const load = async () => new Set((await sql.query<{ signature_id: string }>(ANSWERED, [])).map((r) => r.signature_id));
    this.cache = new ReloadingCache(load, events, ResolutionTopics.RESOLUTIONS_CHANGED, logger);
  }

  /** Whether a published resolution answers any of these signatures (as far as this process knows). */
  async anyOf(signatureIds: readonly string[]): Promise<boolean> {
    const answered = await this.cache.current();
    return answered.size > 0 && signatureIds.some((id) => answered.has(id));
  }

  invalidate(): void {
    this.cache.invalidate();
  }
}
