import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { Services } from '../app/services';
import type { UserPrincipal } from '../auth/principal';
import { bytesOf } from '../config/config';
import { isId } from '../db/ids';
import { MappingFile, MappingKind } from './mapping-file.entity';
import { mappingFileNotFound, mappingFilesPerVersion, mappingMalformed, mappingNameRequired, mappingTargetInvalid, mappingVersionTooLarge } from './mapping.errors';
import { MappingTopics } from './mapping.events';
import { LOCK_VERSION_FILES, OTHER_FILES_OF_VERSION, UPSERT_MAPPING_FILE } from './mapping.sql';
import { ProguardMapping, ProguardMappingError } from './proguard';
import { SourceMap } from './source-maps';

/** Source maps per application version (a bundle split in chunks has one per chunk). */
export const MAX_FILES_PER_VERSION = 500;
const MAX_NAME_LENGTH = 256;
const MAX_FILE_NAME_LENGTH = 2048;

export interface MappingUpload {
  applicationName: string;
  applicationVersion: string;
  kind: MappingKind;
  /** SOURCE_MAP: the minified file it maps; absent: the map's own `file`. */
  name: string | null;
  body: Buffer;
}

/** A stored file as the upload answers it (the GraphQL type's fields). */
export interface StoredMappingFile {
  id: string;
  applicationName: string;
  applicationVersion: string;
  kind: MappingKind;
  name: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
}

/**
 * Stores a mapping file after checking it parses (a pipeline learns at once that it sent the wrong
 * file, not on the first crash), replacing the one under the same key; then every process forgets
 * what it had parsed of that version.
 */
export async function uploadMappingFile(services: Services, caller: UserPrincipal, upload: MappingUpload): Promise<{ file: StoredMappingFile; created: boolean }> {
  const applicationName = checkedName('application', upload.applicationName, MAX_NAME_LENGTH);
  const applicationVersion = checkedName('version', upload.applicationVersion, MAX_NAME_LENGTH);
  const content = textOf(upload.body, upload.kind);
  const name = upload.kind === MappingKind.PROGUARD ? '' : await sourceMapName(content, upload.name);
  const sha256 = createHash('sha256').update(upload.body).digest('hex');

  const versionLimit = services.config.mappingVersionLimit;
  const row = await services.sql.transaction(async (tx) => {
    // Uploads to one version take turns, so that parallel ones (a pipeline sending each chunk's map
    // at once) cannot each pass the checks below and together go past them.
    await tx.query(LOCK_VERSION_FILES, [applicationName, applicationVersion]);
    const [others] = await tx.query<{ n: number; bytes: number }>(OTHER_FILES_OF_VERSION, [applicationName, applicationVersion, upload.kind, name]);
    if (others!.n >= MAX_FILES_PER_VERSION) throw mappingFilesPerVersion(MAX_FILES_PER_VERSION);
    // A process parses a version's files together and keeps them in its cache (FAULTBASE_MAPPING_CACHE_MB,
    // which this limit fits: config.ts): a larger version could only be parsed and dropped again.
    if (others!.bytes + upload.body.length > bytesOf(versionLimit)) throw mappingVersionTooLarge(versionLimit, others!.bytes, upload.body.length);
    const [stored] = await tx.query<StoredRow>(UPSERT_MAPPING_FILE, [
      randomUUID(), applicationName, applicationVersion, upload.kind, name, content, upload.body.length, sha256, caller.id,
    ]);
    return stored!;
  });
  changed(services, applicationName, applicationVersion);
  return { file: storedFile(row), created: row.created };
}

export function listMappingFiles(em: EntityManager, applicationName: string, applicationVersion: string) {
  return em.find(MappingFile, { applicationName, applicationVersion }, { orderBy: { kind: 'asc', name: 'asc' } });
}

export async function deleteMappingFile({ em, services }: Scope<UserPrincipal>, id: string): Promise<boolean> {
  const file = isId(id) ? await em.findOne(MappingFile, id) : null;
  if (!file) throw mappingFileNotFound(id);
  await em.nativeDelete(MappingFile, { id });
  changed(services, file.applicationName, file.applicationVersion);
  return true;
}

/** This process forgets at once; the others when the event reaches them. */
function changed(services: Services, applicationName: string, applicationVersion: string) {
  services.mappings.forget(applicationName, applicationVersion);
  services.bus.publish(MappingTopics.MAPPINGS_CHANGED, { applicationName, applicationVersion });
}

function checkedName(field: 'application' | 'version' | 'name', value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === '') throw mappingTargetInvalid(field, 'must not be empty');
  if (trimmed.length > max) throw mappingTargetInvalid(field, `at most ${max} characters`);
  if (/[\u0000-\u001f]/.test(trimmed)) throw mappingTargetInvalid(field, 'must not contain control characters');
  return trimmed;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Both formats are UTF-8 text; PostgreSQL text cannot hold NUL, and no mapping file has one. */
function textOf(body: Buffer, kind: MappingKind): string {
  const label = kind === MappingKind.PROGUARD ? 'ProGuard mapping' : 'source map';
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw mappingMalformed(label, 'the file is not UTF-8 text');
  }
  if (text.includes('\u0000')) throw mappingMalformed(label, 'the file holds NUL bytes');
  if (kind === MappingKind.PROGUARD) {
    try {
      ProguardMapping.parse(text);
    } catch (err) {
      if (err instanceof ProguardMappingError) throw mappingMalformed(label, err.message, err.lineNumber);
      throw err;
    }
  }
  return text;
}

/** A source map parses (its mappings decoded whole), and says which minified file it maps. */
async function sourceMapName(content: string, given: string | null): Promise<string> {
  let map: SourceMap;
  try {
    map = await SourceMap.parse(content);
  } catch (err) {
    throw mappingMalformed('source map', (err as Error).message.slice(0, 200));
  }
  const name = given?.trim() || map.file;
  if (!name) throw mappingNameRequired();
  return checkedName('name', name, MAX_FILE_NAME_LENGTH);
}

interface StoredRow {
  [key: string]: unknown;
  id: string;
  application_name: string;
  application_version: string;
  kind: MappingKind;
  name: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date;
  created: boolean;
}

function storedFile(row: StoredRow): StoredMappingFile {
  return {
    id: row.id,
    applicationName: row.application_name,
    applicationVersion: row.application_version,
    kind: row.kind,
    name: row.name,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedAt: row.uploaded_at,
  };
}
