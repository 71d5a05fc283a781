import { refusals } from '../errors/domain-error';
import { REPORT_LIMITS } from './report.input';

const { refuse, invalid } = refusals({
  REPORTING_DISABLED: 'FORBIDDEN',
  REPORTS_PER_HOUR: 'RATE_LIMITED',
  BATCH_TOO_LARGE: 'BAD_USER_INPUT',
});

export const reportingDisabled = () => refuse('REPORTING_DISABLED', 'Fault reporting is disabled for this device by its reporting policy.');

export const rateLimited = (limit: number, retryAfterSeconds: number) =>
  refuse('REPORTS_PER_HOUR', `This device may send at most ${limit} reports per hour; try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
    limit,
  });

export const batchTooLarge = (size: number) =>
  invalid('BATCH_TOO_LARGE', [{ path: ['inputs'], message: `at most ${REPORT_LIMITS.batch} items, not ${size}` }]);
