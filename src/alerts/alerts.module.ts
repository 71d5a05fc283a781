import { defineModule } from '../app/module';
import { SignatureOutbox } from '../signatures/signature.events';
import { onSignatureCreated, onSignatureRegressed } from './alert-firing.service';
import { AlertChannel, AlertFiring, AlertRule } from './alert-rule.entity';
import { alertChannelsLoader, alertFiringsLoader } from './alert.loaders';
import { AlertDeliveryResolver } from './alert-delivery.resolver';
import { AlertResolver } from './alert.resolver';

/**
 * Alerts: rules that tell people of the faults that matter, off the ingest path (reactions to the
 * outbox events ingest already writes), once per rule, signature and window (a unique key in the
 * database), with a cool-down per rule and signature whose held-back alerts are summed up in the
 * next one; channels through the shared delivery log (notifications).
 */
export const alertsModule = defineModule({
  name: 'alerts',
  entities: [AlertRule, AlertChannel, AlertFiring],
  resolvers: [AlertResolver, AlertDeliveryResolver],
  loaders: (em) => ({ alertChannels: alertChannelsLoader(em), alertFirings: alertFiringsLoader(em) }),
  reactions: { [SignatureOutbox.SIGNATURE_CREATED]: onSignatureCreated, [SignatureOutbox.SIGNATURE_REGRESSED]: onSignatureRegressed },
});
