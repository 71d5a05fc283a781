import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './eventually';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  /** The raw body, as signed. */
  raw: string;
  body: { id: string; type: string; createdAt: string; data: Record<string, any> };
  /** What this receiver answered. */
  answered: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it records every request and answers with
 * what `answer` says (200 unless told otherwise), as a vendor's endpoint would.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** The status to answer the next request with. */
  answer: (request: { raw: string; count: number }) => number = () => 200;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<WebhookReceiver> {
    const receiver: WebhookReceiver = new WebhookReceiver(
      http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const answered = receiver.answer({ raw, count: receiver.received.length + 1 });
          receiver.received.push({ headers: req.headers, raw, body: JSON.parse(raw), answered });
          res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'not now');
        });
      }),
    );
    await new Promise<void>((r) => receiver.server.listen(0, '127.0.0.1', r));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/faultbase`;
  }

  /** The requests of one event type (every attempt of each delivery). */
  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.body.type === type);
  }

  /** Waits until a request matching `match` arrived; returns the first that does. */
  async waitFor(match: (r: ReceivedWebhook) => boolean, what: string): Promise<ReceivedWebhook> {
    await eventually(() => this.received.some(match), what);
    return this.received.find(match)!;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
