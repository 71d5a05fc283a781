import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { STAFF } from '../auth/roles';
import { wholeList } from '../graphql/cost';
import { FaultSignatureType } from '../signatures/signature.type';
import { MappingFileType, RegroupOutcome } from './mapping-file.type';
import { deleteMappingFile, listMappingFiles } from './mapping.service';
import { regroupReports } from './regroup.service';

@Resolver(() => MappingFileType)
export class MappingFileResolver {
  @Authorized(...STAFF)
  @Query(() => [MappingFileType], wholeList("An application version's mapping files (uploaded with PUT /api/mappings/<application>/<version>), ProGuard first, then source maps by name.", 10))
  mappingFiles(
    @Arg('applicationName', { description: 'The application, as devices name it in their reports.' }) applicationName: string,
    @Arg('applicationVersion', { description: 'The application version, as devices report it.' }) applicationVersion: string,
    @Ctx() ctx: Context,
  ) {
    return listMappingFiles(requireUser(ctx).em, applicationName, applicationVersion);
  }

  @Authorized(...STAFF)
  @Mutation(() => Boolean, {
    description: "Admin or technician: delete a mapping file. Reports of its version received from now on are grouped without it; reports already stored stay where they are until regroupReports.",
  })
  deleteMappingFile(@Arg('id', () => ID, { description: 'The mapping file to delete.' }) id: string, @Ctx() ctx: Context) {
    return deleteMappingFile(requireUser(ctx), id);
  }

  @Authorized(...STAFF)
  @Mutation(() => RegroupOutcome, {
    description:
      "Admin or technician: group an application version's reports again with its mapping files as they are now (reports that arrived before their mapping), and move those whose signature changes. Counts, devices, breakdowns and counters are rebuilt; each signature involved records a REGROUPED activity entry; a signature left empty is merged into the one that took its reports. Idempotent: REGROUP_CONTENDED (CONFLICT) when reports kept arriving into the signatures it moves into, after the batches it finished; run it again.",
  })
  regroupReports(
    @Arg('applicationName', { description: 'The application, as devices name it in their reports.' }) applicationName: string,
    @Arg('applicationVersion', { description: 'The application version whose reports to group again.' }) applicationVersion: string,
    @Ctx() ctx: Context,
  ) {
    return regroupReports(requireUser(ctx), applicationName, applicationVersion);
  }
}

@Resolver(() => RegroupOutcome)
export class RegroupOutcomeResolver {
  @FieldResolver(() => [FaultSignatureType], wholeList('The signatures that received reports, by id.', 5))
  async signatures(@Root() outcome: RegroupOutcome, @Ctx() ctx: Context) {
    const found = await ctx.loaders.signature.loadMany(outcome.signatureIds);
    return found.filter((s) => s !== null && !(s instanceof Error));
  }
}
