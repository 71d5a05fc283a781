import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { DeliveryResolver } from './delivery.resolver';
import { SignatureOutbox } from '../signatures/signature.events';
import { fanOut, followMerge } from './delivery.service';
import { ActivityEvidenceResolver, SignatureResolutionsResolver } from './resolution-links.resolver';
import { Resolution, ResolutionDelivery, ResolutionDeliveryEvent, ResolutionSignature } from './resolution.entity';
import { ResolutionOutbox, ResolutionTopics } from './resolution.events';
import {
  deliveryHistoryLoader,
  deliveryStatsLoader,
  effectivenessLoader,
  offeringLoader,
  resolutionSignaturesLoader,
  signatureResolutionsLoader,
} from './resolution.loaders';
import { ResolutionResolver } from './resolution.resolver';

/**
 * The knowledge base of fixes: resolutions written and published by staff, offered to the affected
 * devices (fan-out through the outbox), their installs reported by the devices, and the evidence
 * of whether they worked (ingest composes its SQL to regress a signature and answer receipts).
 */
export const resolutionsModule = defineModule({
  name: 'resolutions',
  entities: [Resolution, ResolutionSignature, ResolutionDelivery, ResolutionDeliveryEvent],
  resolvers: [ResolutionResolver, DeliveryResolver, SignatureResolutionsResolver, ActivityEvidenceResolver],
  loaders: (em) => ({
    resolution: byId(em, Resolution),
    resolutionSignatures: resolutionSignaturesLoader(em),
    signatureResolutions: signatureResolutionsLoader(em),
    deliveryStats: deliveryStatsLoader(em),
    offering: offeringLoader(em),
    effectiveness: effectivenessLoader(em),
    deliveryHistory: deliveryHistoryLoader(em),
  }),
  topics: ResolutionTopics,
  reactions: { [ResolutionOutbox.RESOLUTION_PUBLISHED]: fanOut, [SignatureOutbox.SIGNATURES_MERGED]: followMerge },
});
