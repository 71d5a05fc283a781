import { gql, type GqlError } from './client';
import { openSocket } from './subscriptions';

export type Transport = 'http' | 'ws';
export const TRANSPORTS: Transport[] = ['http', 'ws'];

export interface OperationResult {
  data?: Record<string, any> | null;
  errors?: GqlError[];
  /** HTTP only. */
  status?: number;
}

/**
 * One query or mutation over HTTP (POST /graphql) or over its own graphql-ws connection, so a test
 * can assert that both transports answer alike. Over WebSocket the result is the operation's
 * `next` message, or the errors of its `error` message.
 */
export async function runOperation(
  transport: Transport,
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<OperationResult> {
  if (transport === 'http') return gql(url, token, query, variables);
  const socket = await openSocket(url, token);
  if (!socket.acknowledged) {
    const code = await socket.closeCode();
    return { errors: [{ message: `connection closed with ${code}`, extensions: { closeCode: code } }] };
  }
  try {
    const operation = socket.subscribe(query, variables);
    const closed = socket.closeCode().then((code) => ({ closedWith: code }));
    const outcome = await Promise.race([operation.ended.then(() => null), closed]);
    if (outcome) return { errors: [{ message: `socket closed with ${outcome.closedWith}`, extensions: { closeCode: outcome.closedWith } }] };
    const result = operation.results[0];
    return result ? { data: result.data as Record<string, any>, errors: result.errors as GqlError[] | undefined } : { errors: operation.errors as GqlError[] };
  } finally {
    await socket.dispose();
  }
}
