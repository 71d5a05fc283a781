import { defineModule } from '../app/module';
import { IngestResolver } from './ingest.resolver';

/**
 * The reporting use case: a device's reports validated, filtered by its policy, grouped and
 * stored with their counts in one statement, answered with receipts. It writes tables the
 * reports, signatures and devices modules own, through SQL fragments they own.
 */
export const ingestModule = defineModule({
  name: 'ingest',
  resolvers: [IngestResolver],
});
