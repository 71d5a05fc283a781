import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';

/**
 * `refused`: the server closed the connection because the token is not (or no longer) accepted.
 * `stopped`: the server closed it with a code graphql-ws never retries (an internal error or a bad
 * request); live updates end until the page is reloaded, and the indicator says so.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'stopped';

/**
 * One urql client per signed-in token: queries and mutations over HTTP POST, subscriptions over
 * graphql-ws on the same origin and path (retried for ever, so the live view comes back by itself
 * after a restart or a network drop), and a cache normalised by id. Types without a global id are
 * kept inside their parent (keys → null).
 */
export function createConsoleClient(token: string, onState: (state: ConnectionState) => void): { client: Client; ws: WsClient } {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  let everConnected = false;
  const ws = createWsClient({
    url: wsUrl,
    lazy: false,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Everything but a refused token (4403: revoked, or mistyped) is worth retrying; a refused
    // token is the `me` query's to report, and it signs the person out.
    shouldRetry: (e) => !(e instanceof CloseEvent && e.code === 4403),
    retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** retries, 15_000))),
    connectionParams: { authorization: `Bearer ${token}` },
    // graphql-ws would console.error a close it does not retry; the indicator and the session
    // handle it instead (a refused token signs the person out).
    onNonLazyError: (e) => onState(e instanceof CloseEvent && e.code === 4403 ? 'refused' : 'stopped'),
    on: {
      connecting: () => onState(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        everConnected = true;
        onState('connected');
      },
      closed: () => onState(everConnected ? 'reconnecting' : 'connecting'),
    },
  });
  const noKey = () => null;
  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      cacheExchange({
        keys: {
          GroupingComponent: noKey,
          StackFrame: noKey,
          OccurrenceBucket: noKey,
          BreakdownEntry: noKey,
          SignatureBreakdowns: noKey,
          Application: noKey,
          Runtime: noKey,
          PageInfo: noKey,
          SignatureEvent: noKey,
          EvidenceBundle: noKey,
          TicketVendor: noKey,
          TicketParticipant: noKey,
          ProposedResolution: noKey,
          ReportingPolicy: noKey,
          InstalledApplication: noKey,
          DeviceRegistration: noKey,
          ResolutionDeliveryStats: noKey,
          ResolutionEffectiveness: noKey,
          ResolutionTarget: noKey,
          ResultCodeCount: noKey,
          DailyReports: noKey,
          EscalationPreview: noKey,
          EvidenceFrame: noKey,
          EvidenceCount: noKey,
          EvidenceSample: noKey,
          EvidenceDevice: noKey,
          AlertCondition: noKey,
          WebhookAttempt: noKey,
        },
        resolvers: { Query: { signatures: relayPagination() } },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, ws };
}
