import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';
import { eventually } from './eventually';

export interface ReceivedMail {
  /** The envelope: MAIL FROM and RCPT TO, as the SMTP server was told. */
  envelope: { from: string; to: string[] };
  /** The parsed message. */
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
}

export interface Rejection {
  /** The reply code: 451 (try again later) or 550 (refused for good). */
  code: 451 | 550;
  message: string;
}

/**
 * A real SMTP server on 127.0.0.1 for e-mail tests (smtp-server, messages parsed with mailparser):
 * it records every message it accepts, and refuses the next ones it is told to, after reading
 * them, with a temporary (451) or permanent (550) reply, as a mail server would. STARTTLS is not
 * offered (the server would have no trusted certificate); with `auth`, it requires a login.
 */
export class SmtpReceiver {
  readonly received: ReceivedMail[] = [];
  /** Every message it was sent, accepted or not: attempts. */
  attempts = 0;
  private readonly rejections: Rejection[] = [];

  private constructor(private readonly server: SMTPServer) {}

  static async start({ auth }: { auth?: { user: string; pass: string } } = {}): Promise<SmtpReceiver> {
    let receiver: SmtpReceiver | undefined;
    const server = new SMTPServer({
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      // Logins over plain text: this is a loopback test server.
      allowInsecureAuth: true,
      authOptional: !auth,
      logger: false,
      onAuth(login: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
        if (auth && login.username === auth.user && login.password === auth.pass) callback(null, { user: login.username });
        else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        // The whole message is read before answering, as a server that refuses after DATA does.
        simpleParser(stream)
          .then((mail) => {
            receiver!.attempts += 1;
            const rejection = receiver!.rejections.shift();
            if (rejection) return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
            const addresses = (field: typeof mail.to) => (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
            receiver!.received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              from: mail.from?.text ?? '',
              to: addresses(mail.to),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              headers: mail.headers,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    receiver = new SmtpReceiver(server);
    await new Promise<void>((resolve, reject) => {
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return receiver;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** FAULTBASE_SMTP_URL for this server (with the login when it asks for one). */
  url(login?: { user: string; pass: string }): string {
    const auth = login ? `${encodeURIComponent(login.user)}:${encodeURIComponent(login.pass)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  /** Refuse the next `count` messages with this reply (after any refusals already planned). */
  rejectNext(count: number, code: Rejection['code'], message = code === 451 ? 'Try again later (test)' : 'Mailbox unavailable (test)'): void {
    for (let i = 0; i < count; i++) this.rejections.push({ code, message });
  }

  /** Refuse nothing more. */
  acceptAll(): void {
    this.rejections.length = 0;
  }

  /** Waits until a message matching `match` was accepted; returns the first that was. */
  async waitFor(match: (m: ReceivedMail) => boolean, what: string): Promise<ReceivedMail> {
    await eventually(() => this.received.some(match), what);
    return this.received.find(match)!;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
