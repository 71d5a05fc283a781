import { defineTopics, payload } from '../events/topics';
import type { ResolutionKind, ResolutionStatus } from './resolution.enums';

/** What a device is told of a resolution live: the fields it can see, as JSON (the bus may be Redis). */
export interface ResolutionSnapshot {
  id: string;
  kind: ResolutionKind;
  status: ResolutionStatus;
  title: string;
  instructions: string;
  fixVersion: string | null;
  packageUrl: string | null;
  packageSha256: string | null;
  packageSizeBytes: number | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
}

/** Reactions that must happen, written to the outbox with the change. */
export const ResolutionOutbox = defineTopics({
  /** A resolution was published: offer it to every affected, targeted device (set-based, in batches). */
  RESOLUTION_PUBLISHED: payload<{ resolutionId: string }>(),
});

export const ResolutionTopics = defineTopics({
  /** A resolution's fan-out finished: the devices it was offered to hear it, if connected (after commit). */
  RESOLUTION_AVAILABLE: payload<ResolutionSnapshot>(),
  /** A resolution was withdrawn: the devices offered it that have not installed it hear it. */
  RESOLUTION_WITHDRAWN: payload<ResolutionSnapshot>(),
  /** Which signatures published resolutions answer changed (publication, withdrawal, a merge): caches reload. */
  RESOLUTIONS_CHANGED: payload<{ at: string }>(),
});
