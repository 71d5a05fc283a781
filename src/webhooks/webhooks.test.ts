import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from './post';
import { signatureHeader, verifySignatureHeader } from './signing';

describe('signatures', () => {
  const body = '{"id":"d1","type":"vendor_ticket.created","createdAt":"2026-12-02T12:00:00.000Z","data":{}}';
  const at = new Date('2026-12-02T12:00:00Z');

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    // Computed independently: printf '1796212800.%s' "$body" | openssl dgst -sha256 -hmac secret-of-sixteen-chars
    expect(signatureHeader('secret-of-sixteen-chars', body, at)).toBe(
      't=1796212800,v1=' + require('node:crypto').createHmac('sha256', 'secret-of-sixteen-chars').update(`1796212800.${body}`).digest('hex'),
    );
  });

  it('verifies within five minutes, and refuses another secret, another body, an old time or a malformed header', () => {
    const header = signatureHeader('secret-of-sixteen-chars', body, at);
    const now = (seconds: number) => ({ now: new Date(at.getTime() + seconds * 1000) });
    expect(verifySignatureHeader('secret-of-sixteen-chars', body, header, now(299))).toBe(true);
    expect(verifySignatureHeader('secret-of-sixteen-chars', body, header, now(301))).toBe(false);
    expect(verifySignatureHeader('another-secret-value', body, header, now(0))).toBe(false);
    expect(verifySignatureHeader('secret-of-sixteen-chars', body.replace('{}', '{"x":1}'), header, now(0))).toBe(false);
    expect(verifySignatureHeader('secret-of-sixteen-chars', body, 'v1=abc', now(0))).toBe(false);
    expect(verifySignatureHeader('secret-of-sixteen-chars', body, header.replace('t=1796212800', 't=1796212900'), now(0))).toBe(false);
  });
});

describe('postWebhook', () => {
  let server: http.Server;
  let url: string;
  const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let answer = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        if (answer === 302) res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        else if (answer === 0) setTimeout(() => res.end(), 2000);
        else res.writeHead(answer).end(answer === 200 ? 'ok' : 'overloaded, try later');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the body with its headers and reports a 2xx as success', async () => {
    answer = 200;
    const result = await postWebhook(url, '{"a":1}', { 'faultbase-delivery': 'd1' }, { allowPrivate: true, timeoutMs: 5000 });
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(seen.at(-1)).toMatchObject({ body: '{"a":1}', headers: { 'content-type': 'application/json', 'faultbase-delivery': 'd1' } });
  });

  it('reports an error status with what the receiver said, and does not follow a redirect', async () => {
    answer = 503;
    expect(await postWebhook(url, '{}', {}, { allowPrivate: true, timeoutMs: 5000 })).toMatchObject({ statusCode: 503, error: 'HTTP 503: overloaded, try later' });
    answer = 302;
    expect(await postWebhook(url, '{}', {}, { allowPrivate: true, timeoutMs: 5000 })).toMatchObject({ statusCode: 302, error: 'redirects are not followed' });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    answer = 0;
    const result = await postWebhook(url, '{}', {}, { allowPrivate: true, timeoutMs: 200 });
    expect(result).toMatchObject({ statusCode: null, error: 'no answer within 200 ms' });
  });

  it('refuses to connect to a private address unless allowed, checked at connection time', async () => {
    answer = 200;
    const before = seen.length;
    const refused = await postWebhook(url, '{}', {}, { allowPrivate: false, timeoutMs: 5000 });
    expect(refused.statusCode).toBeNull();
    expect(refused.error).toMatch(/private IP address/i);
    // localhost resolves to the same loopback address: the name does not get it through.
    const byName = await postWebhook(url.replace('127.0.0.1', 'localhost'), '{}', {}, { allowPrivate: false, timeoutMs: 5000 });
    expect(byName.statusCode).toBeNull();
    // The receiver saw neither: nothing was sent. (A request that was allowed arrives, as the first test shows.)
    expect(seen.length).toBe(before);
  });
});
