import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';

/** Where `npm run build` puts the console (console/dist), from dist/src/http/ or src/http/. */
export function consoleDir(): string {
  const fromBuild = resolve(__dirname, '../../../console/dist');
  return existsSync(fromBuild) ? fromBuild : resolve(__dirname, '../../console/dist');
}

/**
 * The web console at `/`: its files, and for any other GET that asks for a page (deep links such as
 * /signatures/<id>, followed from e-mails and webhooks) its index.html, so the console's router
 * draws the screen (history-API fallback). Hashed assets are cached for good; index.html never, so
 * a new build is picked up on the next load. Mounted after /graphql and /healthz, which it never
 * shadows; an address with a file extension that is not there stays a 404.
 */
export function consoleRoutes(dir: string): express.Router {
  const router = express.Router();
  const index = join(dir, 'index.html');
  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(dir, { index: false }));
  router.get(/^\/(?!graphql(\/|$)|healthz$)[^.]*$/, (req, res) => {
    if (!req.accepts('html')) {
      res.sendStatus(404);
      return;
    }
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The console is not built: run `npm run build` (npm start does it).\n');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(index);
  });
  return router;
}
