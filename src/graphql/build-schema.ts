import type { PubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth-checker';
import { boundedSubscription } from './bounded-subscription';
import { validateArgument } from './validation';

export interface SchemaParts {
  resolvers: readonly (new (...args: never[]) => object)[];
  pubSub: PubSub<Record<string, [unknown]>>;
  /** Events a subscription may fall behind before it is ended (FAULTBASE_SUBSCRIPTION_BUFFER). */
  subscriptionBuffer: number;
}

/**
 * The GraphQL schema of the resolvers given (the composition root passes every module's), with
 * the checks every field gets: authorisation, argument validation, bounded subscriptions.
 */
export function buildGraphQLSchema({ resolvers, pubSub, subscriptionBuffer }: SchemaParts): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<Function>,
    pubSub: {
      publish: pubSub.publish,
      subscribe: (topic: string) => boundedSubscription(pubSub.subscribe(topic), subscriptionBuffer),
    } as PubSub<Record<string, [unknown]>>,
    authChecker,
    authMode: 'error',
    validateFn: validateArgument,
    emitSchemaFile: false,
  });
}
