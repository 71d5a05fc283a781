import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { Role } from '../auth/roles';
import { DeviceType } from '../devices/device.type';
import { wholeList } from '../graphql/cost';
import type { SignatureActivity } from '../signatures/signature-activity.entity';
import { SignatureActivityType } from '../signatures/signature-activity.type';
import type { FaultSignature } from '../signatures/signature.entity';
import { FaultSignatureType } from '../signatures/signature.type';
import { ResolutionType } from './resolution.type';

/** A signature's resolutions: the resolutions module adds them to the signature (signatures know nothing of resolutions). */
@Resolver(() => FaultSignatureType)
export class SignatureResolutionsResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => [ResolutionType], wholeList('The resolutions that answer it, the newest first (drafts and withdrawn ones too).', 3))
  resolutions(@Root() signature: FaultSignature, @Ctx() ctx: Context) {
    return ctx.loaders.signatureResolutions.load(signature.id);
  }
}

/** The evidence on an activity entry (a regression, a publication). */
@Resolver(() => SignatureActivityType)
export class ActivityEvidenceResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => ResolutionType, { nullable: true, description: 'REGRESSED, RESOLUTION_PUBLISHED: the resolution.' })
  resolution(@Root() entry: SignatureActivity, @Ctx() ctx: Context) {
    return entry.resolutionId ? ctx.loaders.resolution.load(entry.resolutionId) : null;
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => DeviceType, { nullable: true, description: 'REGRESSED: the device whose report was the evidence.' })
  device(@Root() entry: SignatureActivity, @Ctx() ctx: Context) {
    return entry.deviceId ? ctx.loaders.device.load(entry.deviceId) : null;
  }
}
