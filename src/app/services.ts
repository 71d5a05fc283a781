import type { MikroORM } from '@mikro-orm/postgresql';
import { AlertEvaluator } from '../alerts/alert-evaluator';
import { ALERT_CHANNEL_TARGET, alertChannelTarget } from '../alerts/alert-firing.service';
import { AuthThrottle } from '../auth/auth-throttle';
import { Authenticator } from '../auth/authenticator';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import { ServerSecrets } from '../db/server-secrets';
import type { SqlPool } from '../db/sql';
import type { EventBus } from '../events/bus';
import { OutboxDispatcher } from '../events/outbox';
import { IngestService } from '../ingest/ingest.service';
import { createMailer, type Mailer } from '../mail/mailer';
import { MappingCache } from '../mappings/mapping-cache';
import { AnsweredSignatures } from '../resolutions/answered-signatures.cache';
import { ResolutionAudience } from '../resolutions/resolution-audience';
import { GroupingRulesCache } from '../signatures/grouping-rules.cache';
import type { WebhookTargets } from '../notifications/webhook-delivery.service';
import { vendorWebhookTarget } from '../vendors/vendor.service';
import { outboxHandlers, outboxRetryPolicies } from './modules';

/** The infrastructure a running server has, before any domain service. */
export interface Infrastructure {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  sql: SqlPool;
  bus: EventBus;
}

/** The long-lived parts of a running server, shared by every request. */
export interface Services extends Infrastructure {
  authenticator: Authenticator;
  groupingRules: GroupingRulesCache;
  /** Application versions with mapping files, and their files parsed, for ingest's deobfuscation. */
  mappings: MappingCache;
  ingest: IngestService;
  /** Runs the outbox's reactions (started and stopped with the server). */
  outbox: OutboxDispatcher;
  /** Which subscribed devices hear a resolution's live event. */
  resolutionAudience: ResolutionAudience;
  /** Where each kind of webhook receiver is found, by kind. */
  webhookTargets: WebhookTargets;
  /** Keys the server made for itself (the vendors' pseudonym key). */
  secrets: ServerSecrets;
  /** Evaluates the alert rules no single event announces (started and stopped with the server). */
  alertEvaluator: AlertEvaluator;
  /** Sends e-mail through FAULTBASE_SMTP_URL (every send fails, visibly, without one). */
  mailer: Mailer;
}

/** The domains' long-lived services, wired to the infrastructure and to each other, here only. */
export function buildServices(infra: Infrastructure): Services {
  const { config, logger, sql, bus } = infra;
  const authenticator = new Authenticator(sql, bus, new AuthThrottle(config.authFailuresPerMinute), config.authCacheMs, logger);
  const groupingRules = new GroupingRulesCache(sql, bus, logger);
  const outbox = new OutboxDispatcher(sql, outboxHandlers(() => services), logger, { pollMs: config.outboxPollMs }, outboxRetryPolicies());
  const mappings = new MappingCache(sql, bus, logger, config.mappingCacheMb * 1024 * 1024);
  const ingest = new IngestService(sql, bus, outbox, groupingRules, new AnsweredSignatures(sql, bus, logger), mappings, logger);
  const resolutionAudience = new ResolutionAudience(sql);
  const webhookTargets: WebhookTargets = { VENDOR: vendorWebhookTarget, [ALERT_CHANNEL_TARGET]: alertChannelTarget };
  const secrets = new ServerSecrets(sql);
  const mailer = createMailer(config);
  const alertEvaluator = new AlertEvaluator(() => services, config.alertEvaluationMs, logger);
  const services: Services = { ...infra, authenticator, groupingRules, mappings, ingest, outbox, resolutionAudience, webhookTargets, secrets, alertEvaluator, mailer };
  return services;
}
