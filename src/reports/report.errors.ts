import { refusals } from '../errors/domain-error';

const { invalid } = refusals({ REPORT_FILTER_INVALID: 'BAD_USER_INPUT' });

export const notADeviceId = () => invalid('REPORT_FILTER_INVALID', [{ path: ['filter', 'deviceId'], message: 'not a device id' }]);
