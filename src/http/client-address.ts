import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type ClientAddressOf = (request: IncomingMessage) => string;

/**
 * The client's address of an HTTP request or WebSocket upgrade: the connection's peer, or, behind
 * proxies the operator trusts (FAULTBASE_TRUST_PROXY: `loopback`, `uniquelocal`, addresses and
 * CIDRs, comma-separated), the nearest untrusted address in X-Forwarded-For. Per-address limits
 * (failed authentications) would otherwise count every client of a reverse proxy as one.
 */
export function clientAddressOf(trustProxy: string | undefined): ClientAddressOf {
  const trust = proxyaddr.compile(trustProxy ? trustProxy.split(',').map((entry) => entry.trim()) : []);
  return (request) => proxyaddr(request, trust);
}
