import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { UserType } from '../auth/user.type';
import type { Context } from '../graphql/context';
import { listReportsOfSignature } from '../reports/report.service';
import type { FaultSignature } from './signature.entity';
import { FaultReportConnection, FaultSignatureConnection } from './signature.connection';
import { SignatureFilter, SignatureOrder } from './signature.input';
import { listSignatures, signatureById } from './signature.service';
import { FaultSignatureType, SignatureBreakdowns } from './signature.type';

@Resolver(() => FaultSignatureType)
export class SignatureResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => FaultSignatureConnection, { description: 'Signatures, newest activity first unless ordered otherwise.' })
  signatures(
    @Ctx() ctx: Context,
    @Arg('filter', () => SignatureFilter, { nullable: true }) filter?: SignatureFilter,
    @Arg('orderBy', () => SignatureOrder, { nullable: true }) orderBy?: SignatureOrder,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listSignatures(ctx.em, filter, orderBy, { first, after });
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => FaultSignatureType, { nullable: true })
  signature(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return signatureById(ctx.em, id);
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => UserType, { nullable: true })
  assignee(@Root() signature: FaultSignature, @Ctx() ctx: Context) {
    return signature.assignee ? ctx.loaders.user.load(signature.assignee.id) : null;
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => SignatureBreakdowns)
  breakdowns(@Root() signature: FaultSignature): SignatureBreakdowns {
    return { signatureId: signature.id };
  }

  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @FieldResolver(() => FaultReportConnection, { description: 'Its reports, newest first.' })
  reports(
    @Root() signature: FaultSignature,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listReportsOfSignature(ctx.em, signature.id, { first, after });
  }
}
