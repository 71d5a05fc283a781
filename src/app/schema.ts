import { createPubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import type { EventBus } from '../events/bus';
import { buildGraphQLSchema } from '../graphql/build-schema';
import { RESOLVERS } from './modules';

/** The server's schema, from every module's resolvers. Emitting the SDL needs no bus: an in-process one stands in. */
export function createSchema(bus?: EventBus, subscriptionBuffer = 1000): Promise<GraphQLSchema> {
  return buildGraphQLSchema({ resolvers: RESOLVERS, pubSub: bus?.pubSub ?? createPubSub(), subscriptionBuffer });
}
