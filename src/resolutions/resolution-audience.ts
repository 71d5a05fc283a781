import DataLoader from 'dataloader';
import type { Sql } from '../db/sql';
import type { ResolutionSnapshot } from './resolution.events';
import { AUDIENCE } from './resolution.sql';

/**
 * Which of this process's subscribed devices are to hear a resolution's live event. A fan-out to
 * 100,000 devices publishes one event, not 100,000: each process asks the database, in one
 * statement per event, which of the devices subscribed there were offered it (for a withdrawal:
 * and have not installed it). The subscribers' checks of one event are batched together (they
 * arrive within milliseconds of each other) and the answer is kept with the event object, which
 * the bus hands to every subscriber of a process.
 */
export class ResolutionAudience {
  private readonly batches = new WeakMap<ResolutionSnapshot, DataLoader<string, boolean>>();

  constructor(private readonly sql: Sql) {}

  /** `installedToo`: whether devices that installed the resolution hear it too (not for a withdrawal). */
  includes(event: ResolutionSnapshot, deviceId: string, installedToo: boolean): Promise<boolean> {
    let batch = this.batches.get(event);
    if (!batch) {
      batch = new DataLoader<string, boolean>(
        async (ids) => {
          const rows = await this.sql.query<{ device_id: string }>(AUDIENCE, [event.id, ids, installedToo]);
          const hearing = new Set(rows.map((r) => r.device_id));
          return ids.map((id) => hearing.has(id));
        },
        { batchScheduleFn: (run) => setTimeout(run, 5), maxBatchSize: 10_000 },
      );
      this.batches.set(event, batch);
    }
    return batch.load(deviceId);
  }
}
