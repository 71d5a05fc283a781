import { parseArgs } from 'node:util';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { parseMailbox } from '../mail/address';

/**
 * The only reader of process.env. Every setting may also be given as a CLI flag of the same
 * meaning (`--port 4000`, `--database-url …`); flags win over the environment.
 */
const flag = z
  .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
  .default('false')
  .transform((value) => value === 'true');

const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  host: z.string().min(1).default('0.0.0.0'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  dataDir: z.string().min(1).default('./data'),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  adminToken: z
    .string()
    .min(16, 'must be at least 16 characters (use a random secret)')
    .optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimit: z.string().regex(/^\d+(kb|mb)$/i, 'must look like 10mb or 512kb').default('10mb'),
  /** The largest mapping file (ProGuard mapping.txt, source map) a build pipeline may upload. */
  mappingLimit: z.string().regex(/^\d+(kb|mb)$/i, 'must look like 64mb or 512kb').default('64mb'),
  /**
   * The most one application version's mapping files may hold together: what a process reads and
   * parses at once for the version, and must keep in its cache (checked against mappingCacheMb).
   */
  mappingVersionLimit: z.string().regex(/^\d+(kb|mb)$/i, 'must look like 64mb or 512kb').default('64mb'),
  /** Memory for parsed mapping files, kept per application version (least recently used go first). */
  mappingCacheMb: z.coerce.number().int().min(1).max(65_536).default(256),
  dbPoolSize: z.coerce.number().int().min(1).max(200).default(10),
  /** Events a subscription may fall behind before it is ended with SUBSCRIBER_TOO_SLOW. */
  subscriptionBuffer: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** How long a token's principal is remembered (revocations reach every process at once anyway); 0 = off. */
  authCacheMs: z.coerce.number().int().min(0).max(300_000).default(10_000),
  /** Adds `extensions.sqlStatements` (statements the request ran) to every GraphQL response: for tests and profiling. */
  exposeSqlCount: flag,
  /** Subscriptions one WebSocket connection may hold at once. */
  wsMaxSubscriptions: z.coerce.number().int().min(1).max(10_000).default(25),
  /** WebSocket connections one device or user may hold at once (per server process). */
  wsMaxConnections: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Failed authentications a client address may make per minute before it is throttled (per server process). */
  authFailuresPerMinute: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Which proxies in front of the server to trust for the client's address (express's `trust proxy`: loopback, 10.0.0.0/8, …). */
  trustProxy: z
    .string()
    .optional()
    .refine((value) => !value || compiles(value), 'must be loopback, linklocal, uniquelocal, IP addresses or CIDRs, comma-separated'),
  /** Origins (scheme://host[:port]) whose browser pages may call the API; none when absent. */
  corsOrigins: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((o) => o.trim()).filter(Boolean) : []))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be a comma-separated list of origins like https://console.example.com'))),
  /** Webhook URLs may point at private, loopback and link-local addresses (tests, closed networks). */
  webhookAllowPrivate: flag,
  /** Where people reach this server's console (links in webhooks and e-mail); links are left out when absent. */
  publicUrl: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http or https URL, e.g. https://faultbase.example.com')
    .optional(),
  /** The SMTP server e-mail goes through (alerts, test e-mails): smtp://[user:password@]host[:port] or smtps://…; none: e-mails fail, visibly. */
  smtpUrl: z
    .string()
    .optional()
    .refine((value) => !value || isSmtpUrl(value), 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://mail.example.com:587'),
  /** The From of every e-mail: an address, optionally with a display name. */
  mailFrom: z
    .string()
    .default('faultbase <faultbase@localhost>')
    .refine((value) => parseMailbox(value) !== null, 'must be an e-mail address, optionally with a display name: alerts@example.com or Faultbase <alerts@example.com>'),
  /**
   * How long one webhook attempt may take, connection to the answer's last byte. At most 50 s: an
   * outbox claim lasts 60 s, and an attempt outliving it could be made again by another process.
   */
  webhookTimeoutMs: z.coerce.number().int().min(100).max(50_000).default(10_000),
  /** How often each process evaluates the alert rules no single event announces (SPIKE, RESOLUTION_FAILURE_RATE). */
  alertEvaluationMs: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  /** Unexpected errors show their message and stack to clients: development only. */
  debugErrors: flag,
  /** How often each process looks for due outbox events (it is also nudged after writing one). */
  outboxPollMs: z.coerce.number().int().min(10).max(60_000).default(1000),
});

/**
 * What a ProGuard mapping takes once parsed, per byte of its text (names, maps and arrays; measured
 * roughly by heap snapshots): the cache counts it so (mappings/mapping-cache.ts), and a version's
 * files at their limit must fit in the cache, or they would be parsed and thrown away again.
 */
export const PROGUARD_PARSED_BYTES_PER_BYTE = 3;

const checked = schema.superRefine((config, ctx) => {
  const parsed = bytesOf(config.mappingVersionLimit) * PROGUARD_PARSED_BYTES_PER_BYTE;
  if (parsed > config.mappingCacheMb * 1024 * 1024) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['mappingVersionLimit'],
      message: `must fit in FAULTBASE_MAPPING_CACHE_MB (${config.mappingCacheMb}) once parsed, about ${PROGUARD_PARSED_BYTES_PER_BYTE} times its size: at most ${Math.floor((config.mappingCacheMb * 1024) / PROGUARD_PARSED_BYTES_PER_BYTE)}kb, or raise the cache`,
    });
  }
});

export type Config = z.infer<typeof schema>;

/** A link into the console (`/signatures/<id>`, `/tickets/<id>`) at FAULTBASE_PUBLIC_URL; null when that is not set. */
export const consoleUrl = ({ publicUrl }: Pick<Config, 'publicUrl'>, path: string): string | null =>
  publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : null;

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '' && (url.pathname === '' || url.pathname === '/');
  } catch {
    return false;
  }
}

function compiles(trustProxy: string): boolean {
  try {
    proxyaddr.compile(trustProxy.split(',').map((entry) => entry.trim()));
    return true;
  } catch {
    return false;
  }
}

const sources: Record<keyof Config, { env: string; flag: string }> = {
  port: { env: 'PORT', flag: 'port' },
  host: { env: 'HOST', flag: 'host' },
  databaseUrl: { env: 'DATABASE_URL', flag: 'database-url' },
  dataDir: { env: 'FAULTBASE_DATA_DIR', flag: 'data-dir' },
  redisUrl: { env: 'REDIS_URL', flag: 'redis-url' },
  adminToken: { env: 'FAULTBASE_ADMIN_TOKEN', flag: 'admin-token' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level' },
  bodyLimit: { env: 'FAULTBASE_BODY_LIMIT', flag: 'body-limit' },
  mappingLimit: { env: 'FAULTBASE_MAPPING_LIMIT', flag: 'mapping-limit' },
  mappingVersionLimit: { env: 'FAULTBASE_MAPPING_VERSION_LIMIT', flag: 'mapping-version-limit' },
  mappingCacheMb: { env: 'FAULTBASE_MAPPING_CACHE_MB', flag: 'mapping-cache-mb' },
  dbPoolSize: { env: 'FAULTBASE_DB_POOL_SIZE', flag: 'db-pool-size' },
  subscriptionBuffer: { env: 'FAULTBASE_SUBSCRIPTION_BUFFER', flag: 'subscription-buffer' },
  authCacheMs: { env: 'FAULTBASE_AUTH_CACHE_MS', flag: 'auth-cache-ms' },
  exposeSqlCount: { env: 'FAULTBASE_EXPOSE_SQL_COUNT', flag: 'expose-sql-count' },
  wsMaxSubscriptions: { env: 'FAULTBASE_WS_MAX_SUBSCRIPTIONS', flag: 'ws-max-subscriptions' },
  wsMaxConnections: { env: 'FAULTBASE_WS_MAX_CONNECTIONS', flag: 'ws-max-connections' },
  authFailuresPerMinute: { env: 'FAULTBASE_AUTH_FAILURES_PER_MINUTE', flag: 'auth-failures-per-minute' },
  trustProxy: { env: 'FAULTBASE_TRUST_PROXY', flag: 'trust-proxy' },
  corsOrigins: { env: 'FAULTBASE_CORS_ORIGINS', flag: 'cors-origins' },
  webhookAllowPrivate: { env: 'FAULTBASE_WEBHOOK_ALLOW_PRIVATE', flag: 'webhook-allow-private' },
  webhookTimeoutMs: { env: 'FAULTBASE_WEBHOOK_TIMEOUT_MS', flag: 'webhook-timeout-ms' },
  publicUrl: { env: 'FAULTBASE_PUBLIC_URL', flag: 'public-url' },
  alertEvaluationMs: { env: 'FAULTBASE_ALERT_EVALUATION_MS', flag: 'alert-evaluation-ms' },
  smtpUrl: { env: 'FAULTBASE_SMTP_URL', flag: 'smtp-url' },
  mailFrom: { env: 'FAULTBASE_MAIL_FROM', flag: 'mail-from' },
  debugErrors: { env: 'FAULTBASE_DEBUG_ERRORS', flag: 'debug-errors' },
  outboxPollMs: { env: 'FAULTBASE_OUTBOX_POLL_MS', flag: 'outbox-poll-ms' },
};

/** A body limit such as `10mb` in bytes (the WebSocket message limit follows the HTTP one). */
export function bytesOf(limit: string): number {
  const [, amount, unit] = /^(\d+)(kb|mb)$/i.exec(limit)!;
  return Number(amount) * (unit!.toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

export class ConfigError extends Error {}

export function loadConfig(argv = process.argv.slice(2), env = process.env): Config {
  const options = Object.fromEntries(
    Object.values(sources).map(({ flag }) => [flag, { type: 'string' as const }]),
  );
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError(`faultbase: ${(err as Error).message}`);
  }
  const raw: Record<string, string | undefined> = {};
  for (const [key, { env: name, flag }] of Object.entries(sources)) {
    const value = flags[flag] ?? env[name];
    raw[key] = typeof value === 'string' && value !== '' ? value : undefined;
  }
  const parsed = checked.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as keyof Config;
      const src = sources[key];
      return `  ${src ? `${src.env} (--${src.flag})` : key}: ${issue.message}`;
    });
    throw new ConfigError(`faultbase: invalid configuration\n${lines.join('\n')}`);
  }
  return parsed.data;
}
