import { Agent, request } from 'node:http';
import { assertLoopbackUrl } from './loopback';

export interface GraphQLResponse<D> {
  status: number;
  data: D | null;
  errors: { message: string; extensions?: { code?: string } }[] | null;
  /** Milliseconds from sending the request to the last byte of the answer. */
  ms: number;
}

/**
 * A minimal GraphQL-over-HTTP client on node:http with keep-alive connections. Not fetch: on two
 * cores the load generator shares the CPU with the server it measures, and node:http costs less
 * per request than fetch's streams. One agent per client bounds the sockets to the concurrency.
 */
export class GraphQLClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;
  private readonly path: string;

  /**
   * `allowRemote` exists for the simulator's explicit opt-in only; the bench never sets it.
   * `localAddress` sends from another loopback address (127.0.0.2: another client, for the server).
   */
  constructor(url: string, maxSockets = 64, allowRemote = false, localAddress?: string) {
    if (!allowRemote) assertLoopbackUrl(url, 'GraphQL endpoint');
    const u = new URL(url);
    this.host = u.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(u.port || 80);
    this.path = u.pathname === '/' ? '/graphql' : u.pathname;
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, ...(localAddress ? { localAddress } : {}) });
  }

  /** Sends a pre-serialised body (the load loops build the JSON themselves, once). */
  async post<D>(body: string, token: string | null): Promise<GraphQLResponse<D>> {
    const started = performance.now();
    const { status, text } = await this.send(body, token);
    const ms = performance.now() - started;
    let parsed: { data?: D | null; errors?: GraphQLResponse<D>['errors'] };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return { status, data: null, errors: [{ message: `not JSON (HTTP ${status}): ${text.slice(0, 200)}` }], ms };
    }
    return { status, data: parsed.data ?? null, errors: parsed.errors ?? null, ms };
  }

  query<D>(query: string, variables: Record<string, unknown>, token: string | null): Promise<GraphQLResponse<D>> {
    return this.post<D>(JSON.stringify({ query, variables }), token);
  }

  /** Like query, but throws on any error: for set-up steps that must work. */
  async must<D>(query: string, variables: Record<string, unknown>, token: string | null): Promise<D> {
    const r = await this.query<D>(query, variables, token);
    if (r.errors?.length || r.data === null) {
      throw new Error(`GraphQL failed (HTTP ${r.status}): ${JSON.stringify(r.errors)}`);
    }
    return r.data;
  }

  close(): void {
    this.agent.destroy();
  }

  /** GET /healthz on the same server: its status and how long it took. */
  health(): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request({ host: this.host, port: this.port, path: '/healthz', method: 'GET', agent: this.agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out after 30 s')));
      req.on('error', reject);
      req.end();
    });
  }

  private send(body: string, token: string | null): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const req = request({ host: this.host, port: this.port, path: this.path, method: 'POST', agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      // A request that hangs must not hang the bench: 30 s is far beyond any p99 worth reporting.
      req.setTimeout(30_000, () => req.destroy(new Error('request timed out after 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  }
}
