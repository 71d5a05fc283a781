import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MappingKind } from './mapping-file.entity';

@ObjectType('MappingFile', {
  description: 'A mapping file a build pipeline uploaded (PUT /api/mappings/<application>/<version>): ingest maps that version\'s frames back to the source with it.',
})
export class MappingFileType {
  @Field(() => ID, { description: "The file's id (deleteMappingFile takes it)." })
  id!: string;

  @Field({ description: 'The application it belongs to, as devices name it in their reports.' })
  applicationName!: string;

  @Field({ description: 'The application version it belongs to, as devices report it.' })
  applicationVersion!: string;

  @Field(() => MappingKind, { description: 'ProGuard mapping.txt or JavaScript source map.' })
  kind!: MappingKind;

  @Field({ description: 'SOURCE_MAP: the minified file it maps (URL, ~/path or file name), matched against the frames; PROGUARD: empty.' })
  name!: string;

  @Field(() => Int, { description: 'Size of the file as uploaded, in bytes.' })
  sizeBytes!: number;

  @Field({ description: 'Hex SHA-256 of the file as uploaded.' })
  sha256!: string;

  @Field({ description: 'When it was last uploaded (a new upload under the same key replaces it).' })
  uploadedAt!: Date;
}

@ObjectType('RegroupOutcome', { description: 'What regroupReports did.' })
export class RegroupOutcome {
  @Field(() => Int, { description: 'Reports of the version with a stack trace that were grouped again.' })
  examined!: number;

  @Field(() => Int, { description: 'Reports that moved to another signature (0 when run again: re-grouping is idempotent).' })
  moved!: number;

  /** Read by the field resolver. */
  signatureIds!: string[];
}
