import type { MikroORM } from '@mikro-orm/postgresql';
import type { PrincipalResolver } from './auth/principal.cache';
import type { Config } from './config/config';
import type { Logger } from './config/logger';
import type { SqlPool } from './db/sql';
import type { EventBus } from './graphql/pubsub';
import type { IngestService } from './reports/ingest.service';
import type { GroupingRulesCache } from './signatures/grouping-rules.cache';

/** The long-lived parts of a running server, shared by every request. */
export interface Services {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  sql: SqlPool;
  bus: EventBus;
  principals: PrincipalResolver;
  groupingRules: GroupingRulesCache;
  ingest: IngestService;
}
