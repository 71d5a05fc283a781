import { DomainError, ErrorCode, forbidden } from '../graphql/errors';
import { REPORT_LIMITS } from './report.input';

export const reportingDisabled = () =>
  forbidden('Fault reporting is disabled for this device by its reporting policy.');

export const rateLimited = (limit: number, retryAfterSeconds: number) =>
  new DomainError(
    ErrorCode.RATE_LIMITED,
    `This device may send at most ${limit} reports per hour; try again in ${retryAfterSeconds} s.`,
    { retryAfterSeconds, limit },
  );

export const batchTooLarge = (size: number) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `A batch holds at most ${REPORT_LIMITS.batch} reports, not ${size}.`, {
    fields: [{ path: ['inputs'], message: `at most ${REPORT_LIMITS.batch} items` }],
  });
