import { defineTopics, payload } from '../events/topics';

export const MappingTopics = defineTopics({
  /**
   * An application version's mapping files were uploaded, replaced or deleted: every process drops
   * what it cached of them, so its next report of that version is mapped with the new files.
   */
  MAPPINGS_CHANGED: payload<{ applicationName: string; applicationVersion: string }>(),
});
