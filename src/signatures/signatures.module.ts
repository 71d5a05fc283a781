import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { signatureActivityLoader } from './activity.loaders';
import { SignatureBreakdown } from './breakdown.entity';
import { BreakdownResolver } from './breakdown.resolver';
import { FingerprintRedirect } from './fingerprint-redirect.entity';
import { GroupingRule } from './grouping-rule.entity';
import { GroupingRuleResolver } from './grouping-rule.resolver';
import { MergeResolver } from './merge.resolver';
import { occurrencesLoader } from './occurrences.loaders';
import { SignatureActivity } from './signature-activity.entity';
import { SignatureActivityResolver, SignatureWorkResolver } from './signature-activity.resolver';
import { SignatureDevice } from './signature-device.entity';
import { SignatureFeedResolver } from './signature-feed.resolver';
import { FaultSignature } from './signature.entity';
import { SignatureTopics } from './signature.events';
import { breakdownLoader } from './signature.loaders';
import { SignatureResolver } from './signature.resolver';
import { similarLoader } from './similar.loaders';
import { SimilarSignatureResolver, SimilarSignaturesResolver } from './similar.resolver';

/** Fault signatures: grouping, counts and breakdowns, technicians' work, merges and grouping rules. */
export const signaturesModule = defineModule({
  name: 'signatures',
  entities: [FaultSignature, SignatureDevice, SignatureBreakdown, SignatureActivity, FingerprintRedirect, GroupingRule],
  resolvers: [
    SignatureResolver,
    BreakdownResolver,
    SignatureFeedResolver,
    SignatureWorkResolver,
    SignatureActivityResolver,
    GroupingRuleResolver,
    MergeResolver,
    SimilarSignaturesResolver,
    SimilarSignatureResolver,
  ],
  loaders: (em) => ({
    signature: byId(em, FaultSignature),
    breakdown: breakdownLoader(em),
    signatureActivity: signatureActivityLoader(em),
    occurrences: occurrencesLoader(em),
    similar: similarLoader(em),
  }),
  topics: SignatureTopics,
});
