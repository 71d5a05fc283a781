import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { UserResolver } from '../auth/user.resolver';
import { DeviceResolver } from '../devices/device.resolver';
import { FeedResolver } from '../reports/feed.resolver';
import { ReceiptResolver, ReportResolver } from '../reports/report.resolver';
import { BreakdownResolver } from '../signatures/breakdown.resolver';
import { GroupingRuleResolver } from '../signatures/grouping-rule.resolver';
import { MergeResolver } from '../signatures/merge.resolver';
import { SignatureFeedResolver } from '../signatures/signature-feed.resolver';
import { SignatureActivityResolver, SignatureWorkResolver } from '../signatures/signature-activity.resolver';
import { SignatureResolver } from '../signatures/signature.resolver';
import { VendorResolver } from '../vendors/vendor.resolver';
import { authChecker } from './auth-checker';
import { validateArgument } from './validation';
import { boundedSubscription } from './bounded-subscription';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { Topics } from './pubsub';

export const resolvers = [
  UserResolver,
  DeviceResolver,
  ReceiptResolver,
  ReportResolver,
  SignatureResolver,
  BreakdownResolver,
  VendorResolver,
  FeedResolver,
  SignatureFeedResolver,
  SignatureWorkResolver,
  SignatureActivityResolver,
  GroupingRuleResolver,
  MergeResolver,
] as const;

/**
 * Subscriptions read the bus through a bounded queue each (`subscriptionBuffer` events).
 * Emitting the SDL needs no bus: an in-process one stands in.
 */
export function createSchema(pubSub: PubSub<Topics> = createPubSub<Topics>(), subscriptionBuffer = 1000): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub: {
      publish: pubSub.publish,
      subscribe: (topic: keyof Topics) => boundedSubscription(pubSub.subscribe(topic), subscriptionBuffer),
    } as PubSub<Topics>,
    authChecker,
    authMode: 'error',
    validateFn: validateArgument,
    emitSchemaFile: false,
  });
}
