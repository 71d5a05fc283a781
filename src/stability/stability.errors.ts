import { refusals } from '../errors/domain-error';

const { invalid } = refusals({
  STABILITY_WINDOW_INVALID: 'BAD_USER_INPUT',
  STABILITY_WINDOW_TOO_LONG: 'BAD_USER_INPUT',
  STABILITY_APPLICATION_REQUIRED: 'BAD_USER_INPUT',
});

export const windowInvalid = () => invalid('STABILITY_WINDOW_INVALID', [{ path: ['to'], message: 'must be after from' }]);
export const windowTooLong = (days: number) => invalid('STABILITY_WINDOW_TOO_LONG', [{ path: ['to'], message: `the window is at most ${days} days` }]);
export const applicationRequired = () =>
  invalid('STABILITY_APPLICATION_REQUIRED', [{ path: ['applicationName'], message: 'groupBy APPLICATION_VERSION needs the application whose versions to compare' }]);
