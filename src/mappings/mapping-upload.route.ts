import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Services } from '../app/services';
import type { UserPrincipal } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { bytesOf } from '../config/config';
import { createErrorFormatter, forbidden, unauthenticated } from '../graphql/errors';
import { bearerToken } from '../http/bearer-token';
import { clientAddressOf } from '../http/client-address';
import { jsonErrors } from '../http/json-errors';
import { MappingKind } from './mapping-file.entity';
import { mappingKindInvalid, mappingTooLarge } from './mapping.errors';
import { uploadMappingFile } from './mapping.service';

const KINDS: Readonly<Record<string, MappingKind>> = { proguard: MappingKind.PROGUARD, sourcemap: MappingKind.SOURCE_MAP };

/**
 * `PUT /api/mappings/<application>/<version>?kind=proguard|sourcemap[&name=<minified file>]`, the
 * raw file as the body: the endpoint a build pipeline calls with curl. Staff tokens only (admin or
 * technician). Who is calling and what kind is checked before a byte of the body is read; the body
 * is refused past FAULTBASE_MAPPING_LIMIT. Answers and refusals are JSON in the GraphQL error shape
 * (`errors[].extensions.code` and `reason`), with the status the same codes get over GraphQL.
 */
export function mappingRoutes(services: Services): express.Router {
  const { config, authenticator } = services;
  const clientAddress = clientAddressOf(config.trustProxy);
  const limit = config.mappingLimit;
  const router = express.Router();
  const formatError = createErrorFormatter(services.logger, { debug: config.debugErrors });

  const admit: RequestHandler = async (req, res, next) => {
    res.set('cache-control', 'no-store');
    try {
      const token = bearerToken(req.headers.authorization);
      if (token === null) throw unauthenticated();
      const principal = await authenticator.authenticate(token, clientAddress(req));
      if (principal === null) throw unauthenticated('The bearer token is not valid.', true);
      if (principal.kind !== 'user' || (principal.role !== UserRole.ADMIN && principal.role !== UserRole.TECHNICIAN)) {
        throw forbidden('Only an admin or a technician may upload mapping files.');
      }
      const kind = KINDS[String(req.query.kind ?? '').toLowerCase()];
      if (kind === undefined) throw mappingKindInvalid(typeof req.query.kind === 'string' ? req.query.kind : null);
      // Refused unread, and the connection closed so the rest is not read either.
      if (Number(req.headers['content-length']) > bytesOf(limit)) {
        res.set('connection', 'close');
        throw mappingTooLarge(limit);
      }
      res.locals.uploader = principal;
      res.locals.kind = kind;
      next();
    } catch (err) {
      next(err);
    }
  };

  const store: RequestHandler = async (req, res, next) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const name = typeof req.query.name === 'string' ? req.query.name : null;
      const { file, created } = await uploadMappingFile(services, res.locals.uploader as UserPrincipal, {
        applicationName: String(req.params.application),
        applicationVersion: String(req.params.version),
        kind: res.locals.kind as MappingKind,
        name,
        body,
      });
      res.status(created ? 201 : 200).json({ mappingFile: file, created });
    } catch (err) {
      next(err);
    }
  };

  /** A body past the limit without a Content-Length (chunked) is refused by the parser. */
  const bodyErrors: ErrorRequestHandler = (err: { type?: string }, _req, _res, next) => {
    next(err?.type === 'entity.too.large' ? mappingTooLarge(limit) : err);
  };

  router.put('/mappings/:application/:version', admit, express.raw({ type: () => true, limit }), store, bodyErrors);
  // Last: also what is raised before `admit` runs (a path segment that does not percent-decode)
  // and whatever a handler did not expect, answered as JSON rather than express's HTML page.
  router.use('/mappings', jsonErrors(formatError));
  return router;
}
