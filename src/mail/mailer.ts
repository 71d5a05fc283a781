import nodemailer, { type NodemailerError } from 'nodemailer';
import type { Config } from '../config/config';
import { parseMailbox } from './address';

/** One e-mail, as a sender composes it; the From address is the server's (FAULTBASE_MAIL_FROM). */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /**
   * A stable id (a delivery's): it becomes the Message-ID, so that a message sent again after its
   * acceptance went unheard is the same message to the recipients' mail programs.
   */
  id?: string;
}

/**
 * What one attempt came to. `permanent`: the SMTP server refused the message for good (a 5xx
 * reply): sending it again would be refused again. `responseCode`: the server's last reply code
 * (250, 451, 550…), null when none came (no connection, a timeout, nothing configured).
 */
export type SendResult =
  | { ok: true; messageId: string; responseCode: number | null }
  | { ok: false; error: string; permanent: boolean; responseCode: number | null };

export interface Mailer {
  /** Never throws: every failure is a result, so the caller decides about retries. */
  send(message: MailMessage): Promise<SendResult>;
  close(): void;
}

/** The error a sender sees (and the delivery log keeps) when the server has nowhere to send mail. */
export const NO_SMTP_SERVER = 'no SMTP server configured: set FAULTBASE_SMTP_URL';

export interface MailerOptions {
  /**
   * Connecting, the greeting and each pause of the server: nodemailer waits minutes by default,
   * while an attempt runs inside an outbox claim whose lease is a minute (a longer one would be
   * claimed and sent again by another process).
   */
  timeoutMs: number;
}

const DEFAULTS: MailerOptions = { timeoutMs: 15_000 };

/** The first line of an SMTP reply ("250 2.0.0 Ok: queued as …") and its code. */
const replyCode = (response: string | undefined): number | null => {
  const code = /^([2-5]\d\d)\b/.exec(response ?? '');
  return code ? Number(code[1]) : null;
};

/** Errors without a reply that no retry mends; every other one without a reply (network, timeout, TLS) may pass. */
const CONFIGURATION_ERRORS = new Set(['ECONFIG']);

/**
 * The SMTP mailer: `smtp://host:port` (STARTTLS when the server offers it), `smtps://host:465` (TLS
 * from the start), credentials as `smtp://user:password@host`. One connection per message: alerts
 * are few, and a pooled connection would need closing and health checks for nothing.
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, options: Partial<MailerOptions> = {}): Mailer {
  const { timeoutMs } = { ...DEFAULTS, ...options };
  if (!config.smtpUrl) {
    return { send: async () => ({ ok: false, error: NO_SMTP_SERVER, permanent: true, responseCode: null }), close: () => undefined };
  }
  const from = parseMailbox(config.mailFrom)!;
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  const url = new URL(config.smtpUrl);
  const transport = nodemailer.createTransport(
    {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      // Absent: nodemailer's defaults (587 for smtp, 465 for smtps).
      ...(url.port ? { port: Number(url.port) } : {}),
      secure: url.protocol === 'smtps:',
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    },
    { from: config.mailFrom },
  );

  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          ...(message.id ? { messageId: `<${message.id}@${domain}>` } : {}),
        });
        return { ok: true, messageId: info.messageId, responseCode: replyCode(info.response) };
      } catch (err) {
        const e = err as NodemailerError;
        const responseCode = e.responseCode ?? replyCode(e.response);
        // nodemailer reads the reply class itself (5xx but 503 is for good); without a reply, it is
        // the network or the configuration.
        const permanent = e.permanent ?? (responseCode !== null ? responseCode >= 500 && responseCode !== 503 : CONFIGURATION_ERRORS.has(e.code ?? ''));
        // The server's own words when it answered ("550 5.1.1 no such user"), else what failed.
        const error = (e.response ?? e.message ?? String(err)).replace(/\s+/g, ' ').trim();
        return { ok: false, error, permanent, responseCode };
      }
    },
    close: () => transport.close(),
  };
}
