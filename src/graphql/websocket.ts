import type { IncomingMessage, Server } from 'node:http';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientAddressOf } from '../http/client-address';
import { bearerToken } from '../http/bearer-token';
import type { Caller, CallerContext } from './caller';
import { DomainError } from '../errors/domain-error';
import {
  asGraphQLError,
  domainErrorOf,
  GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED,
  GraphQLRefusals,
  unauthenticated,
  type ErrorFormatter,
} from './errors';
import { checkCost, checkDocumentSize, limitErrorOfParse, limitRules, parseOptions } from './limits';
import { checkIntrospection, hideSuggestions } from './schema-visibility';
import { countedExecute, countedSubscribe } from './statement-count.plugin';

/** graphql-ws's own code for "Forbidden": a missing, invalid or revoked token. */
export const CLOSE_REVOKED = 4403;
/** This caller already holds FAULTBASE_WS_MAX_CONNECTIONS connections. */
export const CLOSE_TOO_MANY_CONNECTIONS = 4430;
/** Too many failed authentications from this address (see AuthThrottle). */
export const CLOSE_AUTH_THROTTLED = 4431;

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  token?: string;
  principal?: Caller;
};

export interface WebSocketOptions {
  schema: GraphQLSchema;
  /** The caller of a token (throws RATE_LIMITED while the address is throttled), or null. */
  authenticate(token: string, address: string): Promise<Caller | null>;
  /** An operation's context, for its caller (as for an HTTP request). */
  createContext(caller: Caller): CallerContext;
  /** Tokens revoked in any process: their connections are closed. */
  revocations(): AsyncIterableIterator<{ kind: string; id: string }>;
  formatError: ErrorFormatter;
  clientAddress: ClientAddressOf;
  limits: {
    /** Bytes of one message: the HTTP body limit. */
    maxPayload: number;
    /** Operations one connection may run at once. */
    maxSubscriptions: number;
    /** Connections one caller may hold (in this process). */
    maxConnections: number;
  };
  /** FAULTBASE_EXPOSE_SQL_COUNT: results carry `extensions.sqlStatements`. */
  countStatements: boolean;
}

/**
 * graphql-ws on the HTTP server's port and path, with the checks HTTP has: messages no larger
 * than an HTTP body; the same operation limits, introspection rule and error formatting; the
 * token resolved again for every operation, so a device's current reporting policy applies (and a
 * revoked token closes the socket). A connection authenticates once, with
 * connectionParams.authorization, and is closed when its token is revoked (in any process).
 * Subscriptions per connection and connections per caller are capped; slow subscribers are
 * bounded per subscription (see bounded-subscription.ts).
 */
export function attachWebSocket(httpServer: Server, options: WebSocketOptions) {
  const { schema, authenticate, formatError, clientAddress, limits } = options;
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: limits.maxPayload });
  const open = new Map<WebSocket, Caller>();
  const connectionsOf = (p: Caller) => [...open.values()].filter((o) => o.kind === p.kind && o.id === p.id).length;

  /** The operation's caller, looked up again (a cache hit unless something changed); null when revoked. */
  const callerOf = async (extra: Extra): Promise<Caller | null> =>
    extra.token ? authenticate(extra.token, clientAddress(extra.request)) : null;

  const format = (errors: readonly GraphQLError[], principal: Caller | null | undefined) => {
    hideSuggestions(errors, principal);
    return errors.map(formatError);
  };

  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const raw = ctx.connectionParams?.authorization;
        const token = bearerToken(typeof raw === 'string' ? raw : null);
        let principal: Caller | null = null;
        try {
          principal = token ? await authenticate(token, clientAddress(request)) : null;
        } catch (err) {
          if (!(err instanceof DomainError && err.code === 'RATE_LIMITED')) throw err;
          socket.close(CLOSE_AUTH_THROTTLED, 'Too many failed authentications');
          return false;
        }
        if (!principal) return false; // graphql-ws closes with 4403 Forbidden
        if (connectionsOf(principal) >= limits.maxConnections) {
          socket.close(CLOSE_TOO_MANY_CONNECTIONS, 'Too many connections');
          return false;
        }
        Object.assign(ctx.extra, { token, principal });
        open.set(socket, principal);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Counted before anything is awaited: graphql-ws has just listed this operation among the
        // connection's, and operations arriving together each see those before them only.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptions) {
          return [
            asGraphQLError(
              GraphQLRefusals.refuse('SUBSCRIPTIONS_PER_CONNECTION', `A connection may hold at most ${limits.maxSubscriptions} operations at once.`, {
                limit: limits.maxSubscriptions,
              }),
            ),
          ];
        }
        const principal = await callerOf(ctx.extra);
        if (!principal) {
          ctx.extra.socket.close(CLOSE_REVOKED, 'Token revoked');
          return [asGraphQLError(unauthenticated('The bearer token is not valid or has been revoked.', true))];
        }
        const prepared = prepareOperation(schema, payload.query, payload.operationName, payload.variables, principal);
        if (Array.isArray(prepared)) return prepared;
        return {
          schema,
          document: prepared,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: options.createContext(principal),
        } satisfies ExecutionArgs;
      },
      onNext: (ctx, _id, _payload, _args, result: ExecutionResult): FormattedExecutionResult => {
        const { errors, ...rest } = result;
        return errors ? { ...rest, errors: format(errors, ctx.extra.principal) } : rest;
      },
      onError: (ctx, _id, _payload, errors) => format(errors, ctx.extra.principal),
      onClose: (ctx) => {
        open.delete(ctx.extra.socket);
      },
      ...(options.countStatements ? { execute: countedExecute, subscribe: countedSubscribe } : {}),
    },
    wsServer,
  );

  const revoked = options.revocations();
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

/**
 * What Apollo does for an HTTP request, for one graphql-ws operation: size, tokens, syntax,
 * validation with the limit rules, introspection, cost. Returns the document, or the errors that
 * answer this operation alone (the socket and its other subscriptions stay open).
 */
function prepareOperation(
  schema: GraphQLSchema,
  query: string,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  principal: Caller,
): DocumentNode | GraphQLError[] {
  let document: DocumentNode;
  try {
    checkDocumentSize(query);
    document = parse(query, parseOptions);
  } catch (err) {
    if (err instanceof DomainError) return [asGraphQLError(err)];
    const tokens = limitErrorOfParse(err);
    if (tokens) return [asGraphQLError(tokens)];
    return [requestError(err as GraphQLError, GRAPHQL_PARSE_FAILED)];
  }
  const invalid = validate(schema, document, [...specifiedRules, ...limitRules]);
  if (invalid.length) {
    hideSuggestions(invalid, principal);
    // The limit rules report refusals of their own (QUERY_TOO_COMPLEX); GraphQL's rules plain errors.
    return invalid.map((e) => (domainErrorOf(e) ? e : requestError(e, GRAPHQL_VALIDATION_FAILED)));
  }
  try {
    checkIntrospection(document, operationName, principal);
    checkCost(schema, document, operationName, variables);
  } catch (err) {
    if (err instanceof DomainError) return [asGraphQLError(err)];
    throw err;
  }
  return document;
}

/** A GraphQL request error with the code Apollo gives the same error over HTTP. */
const requestError = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code } });
