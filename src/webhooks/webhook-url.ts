import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface WebhookUrlPolicy {
  /** FAULTBASE_WEBHOOK_ALLOW_PRIVATE: private, loopback and link-local targets are allowed (tests, closed networks). */
  allowPrivate: boolean;
}

/**
 * Why a webhook URL may not be used, or null when it may. faultbase calls webhook URLs from inside
 * the operator's network; a URL that points back into it (loopback, private ranges, link-local
 * such as the cloud metadata service at 169.254.169.254, and the IPv6 forms that embed those) would
 * let whoever sets it make the server reach what the internet cannot. A host name is resolved and
 * every address it resolves to must be public; one that does not resolve is refused too, so the
 * operator hears of a typo now. Delivery checks the address it connects to again (DNS can change).
 */
export async function webhookUrlProblem(url: string, { allowPrivate }: WebhookUrlPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return `names a host that does not resolve (${host})`;
    }
  }
  const inside = addresses.find((address) => ipaddr.process(address).range() !== 'unicast');
  return inside === undefined
    ? null
    : `points to a private, loopback or link-local address (${inside}); set FAULTBASE_WEBHOOK_ALLOW_PRIVATE=true to allow it`;
}
