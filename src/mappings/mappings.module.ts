import { defineModule } from '../app/module';
import { MappingFile } from './mapping-file.entity';
import { MappingFileResolver, RegroupOutcomeResolver } from './mapping.resolver';
import { MappingTopics } from './mapping.events';
import { mappingRoutes } from './mapping-upload.route';

/**
 * Deobfuscation (issue 15): the mapping files build pipelines upload per application version
 * (ProGuard mapping.txt, JavaScript source maps), the cache ingest maps frames with before grouping
 * (MappingCache, built in services.ts), and re-grouping of reports that arrived before their mapping.
 */
export const mappingsModule = defineModule({
  name: 'mappings',
  entities: [MappingFile],
  resolvers: [MappingFileResolver, RegroupOutcomeResolver],
  topics: MappingTopics,
  routes: mappingRoutes,
});
