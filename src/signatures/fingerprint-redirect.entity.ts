import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { FaultSignature } from './signature.entity';

/**
 * A fingerprint whose reports land in `signature` (read by ingest in SQL): a merged signature's
 * fingerprint, or a new grouping config's fingerprint of a fault that the previous config had
 * already made a signature for (then `upgradedFrom` is that signature's old fingerprint).
 */
@Entity({ tableName: 'fingerprint_redirect' })
export class FingerprintRedirect {
  @PrimaryKey({ type: 'text' })
  fingerprint!: string;

  @ManyToOne(() => FaultSignature, { deleteRule: 'cascade' })
  signature!: FaultSignature;

  /** Learnt during a grouping config transition from this (old) fingerprint; null for a merge. */
  @Property({ type: 'text', nullable: true })
  upgradedFrom: string | null = null;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
