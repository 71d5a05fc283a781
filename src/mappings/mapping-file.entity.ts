import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { User } from '../auth/user.entity';
import { BaseEntity } from '../db/base.entity';

export enum MappingKind {
  PROGUARD = 'PROGUARD',
  SOURCE_MAP = 'SOURCE_MAP',
}

registerEnumType(MappingKind, {
  name: 'MappingKind',
  description: 'What a mapping file maps back: obfuscated Java names or minified JavaScript positions.',
  valuesConfig: {
    PROGUARD: { description: 'A ProGuard or R8 `mapping.txt` (Java, Java ME, Android): one per application version.' },
    SOURCE_MAP: { description: 'A JavaScript source map (version 3): several per application version, one per minified file.' },
  },
});

/**
 * A mapping file a build pipeline uploaded for one application version. Ingest maps that
 * version's frames back to the source with it before grouping (src/mappings, docs/grouping.md).
 * The content is read only to parse it into the cache, never with the list.
 */
@Entity({ tableName: 'mapping_file' })
@Unique({ name: 'mapping_file_version_kind_name_key', properties: ['applicationName', 'applicationVersion', 'kind', 'name'] })
export class MappingFile extends BaseEntity {
  @Property({ type: 'text' })
  applicationName!: string;

  @Property({ type: 'text' })
  applicationVersion!: string;

  @Enum({ items: () => MappingKind, type: 'text' })
  kind!: MappingKind;

  /** SOURCE_MAP: the minified file it maps (a URL, `~/path` or file name); PROGUARD: empty. */
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', lazy: true })
  content!: string;

  @Property({ type: 'integer' })
  sizeBytes!: number;

  /** Hex SHA-256 of the content as uploaded, so a pipeline can tell whether its file is there. */
  @Property({ type: 'text' })
  sha256!: string;

  /** The last upload (a new upload under the same name replaces the file). */
  @Property({ type: 'timestamptz', length: 3 })
  uploadedAt!: Date;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  uploadedBy?: User;
}
