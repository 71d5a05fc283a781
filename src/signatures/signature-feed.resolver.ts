import { Authorized, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles';
import type { Context } from '../app/context';
import type { Services } from '../app/services';
import { oncePerEvent } from '../events/bus';
import { SignatureEventKind, SignatureEventType } from './signature-event.type';
import { FaultSignature } from './signature.entity';
import { SignatureTopics, type SignatureChangedEvent } from './signature.events';

@Resolver()
export class SignatureFeedResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Subscription(() => SignatureEventType, {
    topics: SignatureTopics.SIGNATURE_CHANGED,
    description: 'Technicians: signatures created, updated, merged, escalated, resolved or regressed.',
  })
  async signatureChanged(@Root() event: SignatureChangedEvent, @Ctx() ctx: Context) {
    ctx.refreshForEvent();
    const signature = await signatureOf(event, ctx.services);
    return { kind: SignatureEventKind[event.kind], signature };
  }
}

/**
 * The signature as the event left it, read once per event for all of this process's subscribers,
 * in an EntityManager of its own (each subscriber's fields then use their own loaders).
 */
const signatureOf = oncePerEvent((event: SignatureChangedEvent, services: Services) =>
  services.orm.em.fork().findOneOrFail(FaultSignature, event.signatureId),
);
