import { Authorized, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles';
import { refreshForEvent, type Context } from '../graphql/context';
import { Topic, type SignatureChangedEvent } from '../graphql/pubsub';
import { SignatureEventKind, SignatureEventType } from './signature-event.type';
import { FaultSignature } from './signature.entity';

@Resolver()
export class SignatureFeedResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Subscription(() => SignatureEventType, {
    topics: Topic.SIGNATURE_CHANGED,
    description: 'Technicians: signatures created, updated, merged, escalated, resolved or regressed.',
  })
  async signatureChanged(@Root() event: SignatureChangedEvent, @Ctx() ctx: Context) {
    refreshForEvent(ctx);
    const signature = await ctx.em.findOneOrFail(FaultSignature, event.signatureId);
    return { kind: SignatureEventKind[event.kind], signature };
  }
}
