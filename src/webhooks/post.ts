import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface PostResult {
  /** The receiver's HTTP status; null when no answer came (refused address, connection error, timeout). */
  statusCode: number | null;
  /** Why the attempt failed, for the delivery log; null on a 2xx. */
  error: string | null;
  durationMs: number;
}

export interface PostOptions {
  /** FAULTBASE_WEBHOOK_ALLOW_PRIVATE: private, loopback and link-local targets may be reached. */
  allowPrivate: boolean;
  /** The whole attempt, connection to last byte of the answer. */
  timeoutMs: number;
}

/** What a receiver's answer may be to count: the first bytes, for the log. */
const KEEP_ANSWER = 300;

/**
 * The agents check the address the socket actually connects to, after DNS resolution, not the
 * host name in the URL: the URL was checked when it was set (webhook-url.ts), but DNS can change
 * since, or answer differently now (rebinding). No keep-alive: receivers are many and rarely called.
 */
const agents = (allowPrivate: boolean) => ({
  http: new RequestFilteringHttpAgent({ allowPrivateIPAddress: allowPrivate, keepAlive: false }),
  https: new RequestFilteringHttpsAgent({ allowPrivateIPAddress: allowPrivate, keepAlive: false }),
});
const AGENTS = { open: agents(true), filtered: agents(false) };

/**
 * One POST of a webhook body: a 2xx answer is success, anything else (a redirect too: following
 * it could lead anywhere) is a failure with its reason. Never throws.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const finish = (statusCode: number | null, error: string | null): PostResult => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(finish(null, 'the URL is not valid'));
      return;
    }
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      resolve(finish(null, 'the URL is not http or https'));
      return;
    }
    const pool = options.allowPrivate ? AGENTS.open : AGENTS.filtered;
    let request: http.ClientRequest;
    try {
      request = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? pool.https : pool.http,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'faultbase-webhooks/1', ...headers },
      });
    } catch (err) {
      // The agent refuses an address given as an IP literal at once (a host name, once resolved).
      resolve(finish(null, err instanceof Error ? err.message : String(err)));
      return;
    }
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('error', (err) => {
      clearTimeout(deadline);
      resolve(finish(null, err.message));
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let answer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (answer.length < KEEP_ANSWER) answer += chunk;
      });
      response.on('error', () => undefined);
      // After 'end' this changes nothing (a promise settles once); without one, the answer was cut off.
      response.on('close', () => {
        clearTimeout(deadline);
        resolve(finish(status, 'the answer was cut off'));
      });
      response.on('end', () => {
        clearTimeout(deadline);
        if (status >= 200 && status < 300) resolve(finish(status, null));
        else {
          const said = answer.slice(0, KEEP_ANSWER).replace(/\s+/g, ' ').trim();
          const why = status >= 300 && status < 400 ? 'redirects are not followed' : `HTTP ${status}`;
          resolve(finish(status, said ? `${why}: ${said}` : why));
        }
      });
    });
    request.end(body);
  });
}
