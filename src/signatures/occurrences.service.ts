import { occurrenceRangeInvalid } from './signature.errors';
import { OccurrenceBucketSize } from './occurrence.type';

/** More buckets than this is not a chart anyone reads; ask for bigger buckets. */
export const MAX_BUCKETS = 1000;

export const BUCKET_SIZES = {
  [OccurrenceBucketSize.HOUR]: { unit: 'hour', ms: 3_600_000, defaultCount: 24 },
  [OccurrenceBucketSize.DAY]: { unit: 'day', ms: 86_400_000, defaultCount: 30 },
} as const;

/** Buckets checked and aligned: `count` buckets of `size` from `first` (a UTC hour or midnight). */
export interface BucketRange {
  size: OccurrenceBucketSize;
  first: Date;
  count: number;
}

/** How many buckets occurrence arguments ask for, for the cost estimate (1 when they are refused anyway). */
export function bucketCount(args: { bucket?: OccurrenceBucketSize; from?: Date | null; to?: Date | null }): number {
  try {
    return bucketRange(args.bucket ?? OccurrenceBucketSize.HOUR, args.from, args.to).count;
  } catch {
    return 1;
  }
}

/**
 * Every UTC hour or day that overlaps [from, to); `to` defaults to now, `from` to 24 hours or 30
 * days before it. Whole buckets are counted, so the first and last may include reports just outside
 * the range: a chart's bars then all mean the same.
 */
export function bucketRange(size: OccurrenceBucketSize, from?: Date | null, to?: Date | null): BucketRange {
  const { ms, defaultCount } = BUCKET_SIZES[size];
  const end = to ?? new Date();
  const start = from ?? new Date(end.getTime() - defaultCount * ms);
  if (start >= end) throw occurrenceRangeInvalid({ path: ['from'], message: 'must be before to' });
  // Epoch milliseconds divide into whole UTC hours and days (no leap seconds, no time zones).
  const first = Math.floor(start.getTime() / ms) * ms;
  const count = Math.ceil((end.getTime() - first) / ms);
  if (count > MAX_BUCKETS) {
    throw occurrenceRangeInvalid({ path: ['to'], message: `${count} ${size === OccurrenceBucketSize.HOUR ? 'hourly' : 'daily'} buckets asked for; at most ${MAX_BUCKETS}: shorten the range or use bigger buckets` });
  }
  return { size, first: new Date(first), count };
}
