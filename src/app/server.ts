import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { ensureBootstrapAdmin } from '../auth/bootstrap-admin';
import type { Principal } from '../auth/principal';
import { bytesOf, type Config } from '../config/config';
import { createLogger, type Logger } from '../config/logger';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded';
import { initOrm, type Entities } from '../db/orm';
import { SqlPool } from '../db/sql';
import { countOrmStatements } from '../db/statement-count';
import { channelPrefixFor, createEventBus } from '../events/bus';
import { DomainError } from '../errors/domain-error';
import { asGraphQLError, createErrorFormatter } from '../graphql/errors';
import { httpStatusPlugin, withHttpHead } from '../graphql/http-status';
import { checkDocumentSize, limitErrorOfParse, limitRules, parseOptions } from '../graphql/limits';
import { operationChecksPlugin } from '../graphql/operation-checks.plugin';
import { resumeStatementCount, startStatementCount, statementCountPlugin } from '../graphql/statement-count.plugin';
import { attachWebSocket } from '../graphql/websocket';
import { healthRoute, securityHeaders } from '../http/app';
import { consoleDir, consoleRoutes } from '../http/console';
import { clientAddressOf } from '../http/client-address';
import { callerOf, graphqlAdmission } from '../http/graphql-admission';
import { apiNotFound, jsonErrors } from '../http/json-errors';
import { createContext, type Context } from './context';
import { ENTITIES, httpRoutes, TOPIC_NAMES } from './modules';
import { createSchema } from './schema';
import { buildServices, type Services } from './services';

/** The ORM's single connection, plus spares for its pool's turnover and for tools. */
const EMBEDDED_CONNECTIONS = 4;

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

/**
 * The composition root: starts everything a faultbase process runs, from the modules' parts
 * (modules.ts) and the plumbing, and returns a handle that stops it in order.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase(config.dataDir, EMBEDDED_CONNECTIONS, logger);
  try {
    return await startOn(config, logger, embedded);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

async function startOn(config: Config, logger: Logger, embedded: EmbeddedDatabase | null): Promise<RunningServer> {
  const dbUrl = config.databaseUrl ?? embedded!.url;
  // PGlite executes one statement at a time: one shared connection loses nothing (see SqlPool).
  const orm = await initOrm(dbUrl, embedded ? 1 : config.dbPoolSize, ENTITIES as unknown as Entities, logger, { migrationLock: !embedded });
  // Counted always (a listener call per statement): the outbox logs what each reaction cost; only
  // FAULTBASE_EXPOSE_SQL_COUNT shows requests' counts to clients.
  countOrmStatements(orm.em.getKnex());
  const sql = embedded
    ? SqlPool.sharedWith(orm.em.getKnex())
    : SqlPool.ownPool(dbUrl, config.dbPoolSize, (err) => logger.warn({ err }, 'idle database connection failed'));
  const bus = await createEventBus(config.redisUrl, channelPrefixFor(dbUrl), TOPIC_NAMES, logger);
  const services = buildServices({ config, logger, orm, sql, bus });
  const { authenticator } = services;
  await ensureBootstrapAdmin(orm.em.fork(), authenticator, config.adminToken, logger);

  const schema = await createSchema(bus, config.subscriptionBuffer);
  const formatError = createErrorFormatter(logger, { debug: config.debugErrors });
  const clientAddress = clientAddressOf(config.trustProxy);
  const authenticate = (token: string, address: string) => authenticator.authenticate(token, address);
  const app = express();
  const httpServer = createServer(app);
  const ws = attachWebSocket(httpServer, {
    schema,
    authenticate,
    createContext: (caller) => createContext(services, caller as Principal, true),
    revocations: () => authenticator.revocations(),
    formatError,
    clientAddress,
    limits: { maxPayload: bytesOf(config.bodyLimit), maxSubscriptions: config.wsMaxSubscriptions, maxConnections: config.wsMaxConnections },
    countStatements: config.exposeSqlCount,
  });

  /**
   * Apollo's context, built before it parses anything: the caller graphqlAdmission resolved, once
   * the query text is known not to be oversized. Errors here skip Apollo's plugins, so they carry
   * their HTTP status themselves.
   */
  const contextOf = (req: express.Request, res: express.Response): Context => {
    const source = (req.body as { query?: unknown } | undefined)?.query ?? req.query.query;
    try {
      if (typeof source === 'string') checkDocumentSize(source);
    } catch (err) {
      throw err instanceof DomainError ? withHttpHead(err) : err;
    }
    const { principal, tokenPresented } = callerOf(res);
    return createContext(services, principal as Principal | null, tokenPresented);
  };

  let stopping = false;
  const apollo = new ApolloServer<Context>({
    schema,
    // One formatting path for HTTP and WebSocket (errors.ts); Apollo's own stack traces are off.
    // Apollo parses with parseOptions' token limit and reports it as a syntax error; it is our limit error.
    formatError: (formatted, error) => {
      const tokens = limitErrorOfParse(error);
      if (tokens) return formatError(asGraphQLError(tokens));
      return formatError(error instanceof GraphQLError ? error : new GraphQLError(formatted.message, { originalError: error as Error }));
    },
    includeStacktraceInErrorResponses: false,
    // Open to signed-in users only, checked per operation (schema-visibility.ts).
    introspection: true,
    parseOptions,
    validationRules: limitRules,
    // A GET is a simple request unless it carries a header that makes browsers send a preflight;
    // Authorization does (urql sends queries as GET with it).
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // main.ts owns the signals and stops everything in order (Apollo, then database).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Installed by default, it wraps every field resolver to compute HTTP cache hints; no
      // response of ours is cacheable (every one depends on the caller's token).
      ApolloServerPluginCacheControlDisabled(),
      { async serverWillStart() { return { async drainServer() { await ws.dispose(); } }; } },
      operationChecksPlugin,
      httpStatusPlugin,
      ...(config.exposeSqlCount ? [statementCountPlugin] : []),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.use(securityHeaders(config.corsOrigins));
  app.get('/healthz', healthRoute(() => sql.query({ name: 'healthz', text: 'SELECT 1' }, []), logger, () => stopping));
  app.use(
    '/graphql',
    ...(config.exposeSqlCount ? [startStatementCount] : []),
    graphqlAdmission({ authenticate, clientAddress, bodyLimit: config.bodyLimit, formatError }),
    ...(config.exposeSqlCount ? [resumeStatementCount] : []),
    expressMiddleware(apollo, { context: async ({ req, res }) => contextOf(req, res) }),
  );
  app.use('/api', ...httpRoutes(services), apiNotFound, jsonErrors(formatError));
  app.use(consoleRoutes(consoleDir()));
  // Whatever else fails (a console asset that is not there, a bug) is answered in JSON, never with a stack.
  app.use(jsonErrors(formatError));

  await listen(httpServer, config.port, config.host);
  services.outbox.start();
  services.alertEvaluator.start();
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  logger.info({ port, url: `${url}/graphql`, database: embedded ? 'embedded' : 'postgresql' }, 'listening');

  return {
    url,
    port,
    services,
    async close() {
      stopping = true;
      await apollo.stop(); // stops accepting, waits for in-flight requests, closes subscriptions
      await services.alertEvaluator.stop();
      await services.outbox.stop();
      await authenticator.close();
      await bus.close();
      await sql.close();
      await orm.close();
      await embedded?.stop();
      logger.info('stopped');
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
