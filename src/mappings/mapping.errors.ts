import { refusals } from '../errors/domain-error';

const { refuse, invalid } = refusals({
  MAPPING_KIND_INVALID: 'BAD_USER_INPUT',
  MAPPING_TARGET_INVALID: 'BAD_USER_INPUT',
  MAPPING_NAME_REQUIRED: 'BAD_USER_INPUT',
  MAPPING_MALFORMED: 'BAD_USER_INPUT',
  MAPPING_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  MAPPING_FILES_PER_VERSION: 'LIMIT_EXCEEDED',
  MAPPING_VERSION_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  MAPPING_FILE_NOT_FOUND: 'NOT_FOUND',
  REGROUP_CONTENDED: 'CONFLICT',
});

export const mappingKindInvalid = (kind: string | null) =>
  invalid('MAPPING_KIND_INVALID', [{ path: ['kind'], message: `must be proguard or sourcemap${kind === null ? '' : `, not ${JSON.stringify(kind.slice(0, 40))}`}` }]);

export const mappingTargetInvalid = (field: 'application' | 'version' | 'name', message: string) => invalid('MAPPING_TARGET_INVALID', [{ path: [field], message }]);

export const mappingNameRequired = () =>
  invalid('MAPPING_NAME_REQUIRED', [{ path: ['name'], message: 'a source map needs the minified file it maps: ?name=<URL, ~/path or file name>, or a `file` in the map' }]);

export const mappingMalformed = (kind: string, problem: string, line?: number) =>
  invalid('MAPPING_MALFORMED', [{ path: ['body'], message: `not a valid ${kind}: ${problem}` }], line === undefined ? {} : { line });

export const mappingTooLarge = (limit: string) =>
  refuse('MAPPING_TOO_LARGE', `A mapping file may be at most ${limit} (FAULTBASE_MAPPING_LIMIT).`, { limit });

export const mappingFilesPerVersion = (max: number) =>
  refuse('MAPPING_FILES_PER_VERSION', `An application version may have at most ${max} mapping files; delete some first.`, { limit: max });

export const mappingVersionTooLarge = (limit: string, versionBytes: number, fileBytes: number) =>
  refuse(
    'MAPPING_VERSION_TOO_LARGE',
    `An application version's mapping files may hold at most ${limit} together (FAULTBASE_MAPPING_VERSION_LIMIT): its other files hold ${versionBytes} bytes, this one ${fileBytes}. Delete some first.`,
    { limit, versionBytes, fileBytes },
  );

export const mappingFileNotFound = (id: string) => refuse('MAPPING_FILE_NOT_FOUND', `Mapping file ${id} was not found.`);

/**
 * Re-grouping kept meeting signatures that reports arriving meanwhile opened (right after an upload,
 * the newly mapped faults). The batches done so far stay done; a run again goes on where the rows say.
 */
export const regroupContended = (moved: number) =>
  refuse('REGROUP_CONTENDED', `Reports kept arriving into the signatures being regrouped; ${moved} were moved. Run regroupReports again to finish.`, { moved });
