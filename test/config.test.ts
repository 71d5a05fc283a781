import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../dist/src/main.js');
const run = (env: Record<string, string>, args: string[] = []) =>
  spawnSync(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 20_000 });

it.each([
  ['PORT', { PORT: 'eighty' }, /PORT \(--port\): Expected number/],
  ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }, /DATABASE_URL \(--database-url\): must be a postgres/],
  ['REDIS_URL', { REDIS_URL: 'localhost:6379' }, /REDIS_URL \(--redis-url\): must be a redis/],
  ['FAULTBASE_ADMIN_TOKEN', { FAULTBASE_ADMIN_TOKEN: 'short' }, /FAULTBASE_ADMIN_TOKEN \(--admin-token\): must be at least 16/],
  ['FAULTBASE_EXPOSE_SQL_COUNT', { FAULTBASE_EXPOSE_SQL_COUNT: 'yes' }, /FAULTBASE_EXPOSE_SQL_COUNT \(--expose-sql-count\): must be true or false/],
  ['FAULTBASE_TRUST_PROXY', { FAULTBASE_TRUST_PROXY: 'the-proxy' }, /FAULTBASE_TRUST_PROXY \(--trust-proxy\): must be loopback, linklocal, uniquelocal, IP/],
  ['FAULTBASE_CORS_ORIGINS', { FAULTBASE_CORS_ORIGINS: 'console.example.com' }, /FAULTBASE_CORS_ORIGINS \(--cors-origins\): must be a comma-separated list of origins/],
  ['FAULTBASE_SMTP_URL', { FAULTBASE_SMTP_URL: 'mail.example.com:25' }, /FAULTBASE_SMTP_URL \(--smtp-url\): must be an smtp:\/\/ or smtps:\/\/ URL/],
  ['FAULTBASE_MAIL_FROM', { FAULTBASE_MAIL_FROM: 'Faultbase alerts' }, /FAULTBASE_MAIL_FROM \(--mail-from\): must be an e-mail address, optionally with a display name/],
  ['FAULTBASE_MAPPING_VERSION_LIMIT', { FAULTBASE_MAPPING_VERSION_LIMIT: '100mb' }, /FAULTBASE_MAPPING_VERSION_LIMIT \(--mapping-version-limit\): must fit in FAULTBASE_MAPPING_CACHE_MB \(256\) once parsed/],
  ['FAULTBASE_MAPPING_CACHE_MB too small for the version limit', { FAULTBASE_MAPPING_CACHE_MB: '100' }, /FAULTBASE_MAPPING_VERSION_LIMIT \(--mapping-version-limit\): must fit in FAULTBASE_MAPPING_CACHE_MB \(100\) once parsed, about 3 times its size: at most 34133kb/],
  ['FAULTBASE_WS_MAX_SUBSCRIPTIONS', { FAULTBASE_WS_MAX_SUBSCRIPTIONS: '0' }, /FAULTBASE_WS_MAX_SUBSCRIPTIONS \(--ws-max-subscriptions\): Number must be greater than or equal to 1/],
])('refuses an invalid %s with a clear message', (_name, env, message) => {
  const res = run(env);
  expect(res.status).toBe(1);
  expect(res.stderr).toMatch(message);
});

it('refuses an unknown flag', () => {
  const res = run({}, ['--prot', '4000']);
  expect(res.status).toBe(1);
  expect(res.stderr).toMatch(/Unknown option '--prot'/);
});
