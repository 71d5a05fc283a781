import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import { bearerToken } from '../auth/token';
import type { Services } from '../services';
import { createContext } from './context';
import { Topic } from './pubsub';

export const CLOSE_REVOKED = 4403;

type Extra = {
  socket: WebSocket;
  principal?: Principal;
};

/**
 * graphql-ws on the HTTP server's port and path. A connection authenticates once, with
 * connectionParams.authorization; it is closed when its token is revoked (in any process).
 * Slow subscribers are bounded per subscription (see bounded-subscription.ts).
 */
export function attachWebSocket(httpServer: Server, schema: GraphQLSchema, services: Services) {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const open = new Map<WebSocket, Principal>();
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.authorization;
        const token = bearerToken(typeof raw === 'string' ? raw : null);
        const principal = token ? await services.principals.resolve(token) : null;
        if (!principal) return false; // graphql-ws closes with 4403 Forbidden
        ctx.extra.principal = principal;
        open.set(ctx.extra.socket, principal);
        return true;
      },
      onClose: (ctx) => {
        open.delete(ctx.extra.socket);
      },
      context: (ctx) => createContext(services, ctx.extra.principal ?? null, true),
    },
    wsServer,
  );

  const revoked = services.bus.pubSub.subscribe(Topic.PRINCIPAL_REVOKED);
  void (async () => {
    for await (const event of revoked) {
      for (const [socket, principal] of open) {
        if (principal.kind === event.kind && principal.id === event.id) socket.close(CLOSE_REVOKED, 'Token revoked');
      }
    }
  })();

  return {
    async dispose() {
      await revoked.return?.();
      await cleanup.dispose();
    },
  };
}
