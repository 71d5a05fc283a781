import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { Vendor } from '../vendors/vendor.entity';
import { UserRole } from './roles';

/** A person who calls faultbase: operator admin, technician or a vendor partner's user. */
@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  @Property({ type: 'text', unique: true })
  email: string;

  @Property({ type: 'text' })
  name: string;

  @Enum({ items: () => UserRole, nativeEnumName: 'user_role' })
  role: UserRole;

  @ManyToOne(() => Vendor, { nullable: true, deleteRule: 'cascade' })
  vendor?: Vendor;

  /** sha256 of the bearer token; the token itself is shown once and never stored. */
  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash: string;

  /** The operator's bootstrap admin, whose token comes from FAULTBASE_ADMIN_TOKEN or the first start. */
  @Property({ type: 'boolean', default: false })
  bootstrap = false;

  @Index()
  @Property({ type: 'timestamptz', length: 3, nullable: true })
  revokedAt?: Date;

  constructor(email: string, name: string, role: UserRole, tokenHash: string) {
    super();
    this.email = email;
    this.name = name;
    this.role = role;
    this.tokenHash = tokenHash;
  }
}
