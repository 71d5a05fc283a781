import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from '../config/logger';

/**
 * Headers every response gets: helmet's (content security policy, no sniffing, no framing, HSTS…);
 * CORS for the origins the operator allows (FAULTBASE_CORS_ORIGINS; none by default: the console
 * is served from the same origin); and `Cache-Control: no-store` on GraphQL, whose every answer
 * depends on the caller's token and must not be kept by a browser or a proxy.
 */
export function securityHeaders(corsOrigins: string[]): express.Router {
  const router = express.Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The console (console/, served at /) loads only its own files: no inline script, and
          // its GraphQL and graphql-ws traffic goes to this origin ('self' covers ws: and wss:).
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          // helmet's default would have browsers fetch the console's files over https even when
          // the server is reached over plain http on a LAN, and the page would stay blank.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  if (corsOrigins.length) {
    router.use(
      '/graphql',
      cors({
        origin: corsOrigins,
        methods: ['GET', 'POST'],
        allowedHeaders: ['authorization', 'content-type', 'x-apollo-operation-name', 'apollo-require-preflight'],
        maxAge: 600,
      }),
    );
  }
  router.use('/graphql', (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });
  return router;
}

/** GET /healthz: 200 once migrations ran and `databaseAnswers`; 503 otherwise or while stopping. */
export function healthRoute(databaseAnswers: () => Promise<unknown>, logger: Logger, isStopping: () => boolean): express.RequestHandler {
  return async (_req, res) => {
    if (isStopping()) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    try {
      await databaseAnswers();
      res.json({ status: 'ok' });
    } catch (err) {
      logger.warn({ err }, 'health check failed');
      res.status(503).json({ status: 'database unavailable' });
    }
  };
}
