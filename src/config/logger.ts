import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'faultbase', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.token', 'token'], censor: '[redacted]' },
    serializers: { err: serializeError },
  });
}

/** Fields of a PostgreSQL error that name where it happened, never the values involved. */
const SAFE_DATABASE_FIELDS = ['code', 'severity', 'routine', 'schema', 'table', 'column', 'dataType', 'constraint'] as const;

/**
 * Errors as logs show them. A database error carries the values of the statement that failed:
 * knex (under MikroORM) prefixes the message with the statement, parameters interpolated; `detail`
 * quotes the offending key ("Key (serial_number)=(IMEI…)"); PGlite adds `query` and `params`. Those
 * are personal data and token hashes, so a database error is logged by its SQLSTATE, the server's
 * own message and where it happened; anything else by pino's standard serializer.
 */
export function serializeError(err: unknown): unknown {
  if (!isDatabaseError(err)) return pino.stdSerializers.err(err as Error);
  const message = serverMessage(err.message);
  const safe: Record<string, unknown> = { type: err.constructor?.name ?? 'Error', message };
  for (const field of SAFE_DATABASE_FIELDS) if (err[field] !== undefined) safe[field] = err[field];
  const frames = err.stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
  safe.stack = [`${safe.type}: ${message}`, ...frames].join('\n');
  return safe;
}

type DatabaseError = Error & Partial<Record<(typeof SAFE_DATABASE_FIELDS)[number], string>>;

/** pg's DatabaseError, and MikroORM's exceptions that copy its fields: a SQLSTATE and the server's routine. */
function isDatabaseError(err: unknown): err is DatabaseError {
  const e = err as DatabaseError | null;
  return e instanceof Error && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && (e.routine !== undefined || e.severity !== undefined);
}

/** The server's message without the statement knex puts before it (`<sql> - <message>`). */
function serverMessage(message: string): string {
  const cut = message.lastIndexOf(' - ');
  return cut === -1 ? message : message.slice(cut + 3);
}
