import express, { type ErrorRequestHandler } from 'express';
import type { Services } from '../services';

/** GET /healthz: 200 once migrations ran and the database answers; 503 otherwise or while stopping. */
export function healthRoute(services: Services, isStopping: () => boolean): express.RequestHandler {
  return async (_req, res) => {
    if (isStopping()) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    try {
      await services.sql.query({ name: 'healthz', text: 'SELECT 1' }, []);
      res.json({ status: 'ok' });
    } catch (err) {
      services.logger.warn({ err }, 'health check failed');
      res.status(503).json({ status: 'database unavailable' });
    }
  };
}

/**
 * Body-parser failures (too large, malformed JSON) answered as GraphQL-shaped JSON with a stable
 * code, instead of express's HTML error page.
 */
export function bodyErrors(limit: string): ErrorRequestHandler {
  return (err: { status?: number; type?: string }, _req, res, next) => {
    if (err?.type === 'entity.too.large') {
      res.status(413).json({
        errors: [{ message: `The request body exceeds ${limit}.`, extensions: { code: 'PAYLOAD_TOO_LARGE', limit } }],
      });
      return;
    }
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    next(err);
  };
}
