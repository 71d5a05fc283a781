import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { FeedResolver } from './feed.resolver';
import { FaultReport } from './report.entity';
import { ReportTopics } from './report.events';
import { deviceReportsLoader, signatureReportsLoader } from './report.loaders';
import { ReportResolver } from './report.resolver';

/** Stored fault reports, as devices sent them, and the live feed of new ones. */
export const reportsModule = defineModule({
  name: 'reports',
  entities: [FaultReport],
  resolvers: [ReportResolver, FeedResolver],
  loaders: (em) => ({
    report: byId(em, FaultReport),
    signatureReports: signatureReportsLoader(em),
    deviceReports: deviceReportsLoader(em),
  }),
  topics: ReportTopics,
});
