import { defineModule } from '../app/module';
import { StabilityResolver } from './stability.resolver';

/**
 * Fleet stability (issue 13): active devices, devices with a FATAL report and reports per model,
 * firmware or application version over a window, and the signatures that hit the most devices. Reads
 * only, in SQL over the window (stability.sql.ts says why without a rollup); no tables of its own.
 */
export const stabilityModule = defineModule({
  name: 'stability',
  resolvers: [StabilityResolver],
});
