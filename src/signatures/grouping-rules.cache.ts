import type { Logger } from '../config/logger';
import type { Sql } from '../db/sql';
import type { EventBus } from '../events/bus';
import { ReloadingCache } from '../events/reloading-cache';
import { compileRules, type CustomRules } from './grouping';
import { SignatureTopics } from './signature.events';

const ENABLED_RULES = {
  name: 'grouping_rules_enabled',
  text: `SELECT id, kind, application_name, error_code, frame_pattern, description
           FROM grouping_rule WHERE enabled ORDER BY created_at, id`,
};

interface RuleRow {
  [key: string]: unknown;
  id: string;
  kind: 'GROUP_TOGETHER' | 'IGNORE_FRAMES';
  application_name: string | null;
  error_code: string | null;
  frame_pattern: string | null;
  description: string;
}

/**
 * The operator's grouping rules, compiled once and kept in memory for the hot path. A change
 * made through this process is seen by its next report; other processes hear of it on the bus,
 * and a short lifetime bounds staleness should an event be missed (Redis reconnecting).
 */
export class GroupingRulesCache {
  private readonly cache: ReloadingCache<CustomRules>;

  constructor(
    private readonly sql: Sql,
    events: EventBus,
    logger: Logger,
  ) {
    this.cache = new ReloadingCache(() => this.load(), events, SignatureTopics.GROUPING_RULES_CHANGED, logger);
  }

  current(): Promise<CustomRules> {
    return this.cache.current();
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  private async load(): Promise<CustomRules> {
    const rows = await this.sql.query<RuleRow>(ENABLED_RULES, []);
    return compileRules(
      rows
        .filter((r) => r.kind === 'GROUP_TOGETHER' && r.error_code)
        .map((r) => ({ id: r.id, applicationName: r.application_name, errorCode: r.error_code!, description: r.description })),
      rows
        .filter((r) => r.kind === 'IGNORE_FRAMES' && r.frame_pattern)
        .map((r) => ({ id: r.id, applicationName: r.application_name, pattern: r.frame_pattern! })),
    );
  }
}
