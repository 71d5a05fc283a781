import { escapeHtml } from '../mail/html';

/** What an alert says, as its webhook data carries it (DOMAIN.md, `alert.fired`). */
export interface AlertData {
  rule: { id: string; name: string };
  kind: string;
  reason: string;
  signature: { id: string; title: string; status: string; reportCount: number; deviceCount: number; url: string | null } | null;
  since?: { reports: number; devices: number; heldBack: number } | null;
}

/** The e-mail of an alert: a subject that says what happened, plain text and HTML with the console link. */
export function alertEmail(type: string, data: AlertData): { subject: string; text: string; html: string } {
  const test = type === 'alert.test';
  const subject = test ? `[faultbase] Test of "${data.rule.name}"` : `[faultbase] ${data.rule.name}: ${data.signature?.title ?? data.kind}`;
  const s = data.signature;
  const facts = s ? [`Status: ${s.status}`, `Reports: ${s.reportCount}`, `Devices: ${s.deviceCount}`] : [];
  const text = [data.reason, '', ...facts, ...(s?.url ? ['', `Open it: ${s.url}`] : []), '', `Rule: ${data.rule.name} (${data.kind})`].join('\n');
  const html =
    `<p>${escapeHtml(data.reason)}</p>` +
    (facts.length ? `<ul>${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '') +
    (s?.url ? `<p><a href="${escapeHtml(s.url)}">Open the signature in the console</a></p>` : '') +
    `<p style="color:#666">Rule: ${escapeHtml(data.rule.name)} (${escapeHtml(data.kind)})</p>`;
  return { subject, text, html };
}
