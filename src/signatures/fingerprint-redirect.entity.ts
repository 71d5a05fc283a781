import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { FaultSignature } from './signature.entity';

/** A merged fingerprint: new reports of it land in `signature` (read by ingest in SQL). */
@Entity({ tableName: 'fingerprint_redirect' })
export class FingerprintRedirect {
  @PrimaryKey({ type: 'text' })
  fingerprint!: string;

  @ManyToOne(() => FaultSignature, { deleteRule: 'cascade' })
  signature!: FaultSignature;

  @Property({ type: 'timestamptz', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
