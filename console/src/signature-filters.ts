import type { SignatureFilter, SignatureOrder, SignatureOrderField, SignatureStatus, OrderDirection } from './gql/graphql';

/**
 * The signature list's filters and order as address parameters, so every filter set has an address
 * of its own that can be shared or bookmarked. One table: the parameter, and how it reads into the
 * API's SignatureFilter.
 */
export const TEXT_FILTERS = [
  { param: 'q', field: 'search', label: 'Search' },
  { param: 'app', field: 'applicationName', label: 'Application' },
  { param: 'version', field: 'applicationVersion', label: 'App version' },
  { param: 'errorCode', field: 'errorCode', label: 'Error code' },
  { param: 'exception', field: 'exceptionType', label: 'Exception type' },
  { param: 'model', field: 'model', label: 'Model' },
  { param: 'firmware', field: 'firmwareVersion', label: 'Firmware' },
] as const satisfies readonly { param: string; field: keyof SignatureFilter; label: string }[];

export const STATUSES: SignatureStatus[] = ['NEW', 'INVESTIGATING', 'ESCALATED', 'RESOLVED', 'REGRESSED', 'IGNORED'];
export const ORDER_FIELDS: { value: SignatureOrderField; label: string }[] = [
  { value: 'LAST_SEEN', label: 'Last seen' },
  { value: 'FIRST_SEEN', label: 'First seen' },
  { value: 'REPORT_COUNT', label: 'Reports' },
  { value: 'DEVICE_COUNT', label: 'Devices' },
];

export function filterOf(params: URLSearchParams): SignatureFilter {
  const filter: SignatureFilter = {};
  for (const { param, field } of TEXT_FILTERS) {
    const value = params.get(param)?.trim();
    if (value) filter[field] = value;
  }
  const status = (params.get('status') ?? '').split(',').filter((s): s is SignatureStatus => (STATUSES as string[]).includes(s));
  if (status.length) filter.status = status;
  const assignment = params.get('assigned');
  if (assignment === 'no') filter.unassigned = true;
  if (assignment === 'yes') filter.unassigned = false;
  return filter;
}

export function orderOf(params: URLSearchParams): SignatureOrder {
  const field = ORDER_FIELDS.find((f) => f.value === params.get('sort'))?.value ?? 'LAST_SEEN';
  const direction: OrderDirection = params.get('dir') === 'ASC' ? 'ASC' : 'DESC';
  return { field, direction };
}

/**
 * The reverse of filterOf and orderOf: the address parameters of a filter and an order, defaults
 * left out (LAST_SEEN, DESC, any assignee), so that `filterOf(paramsOf(f))` gives `f` back.
 */
export function paramsOf(filter: SignatureFilter, order?: SignatureOrder): URLSearchParams {
  const params = new URLSearchParams();
  for (const { param, field } of TEXT_FILTERS) {
    const value = filter[field]?.trim();
    if (value) params.set(param, value);
  }
  if (filter.status?.length) params.set('status', filter.status.join(','));
  if (filter.unassigned === true) params.set('assigned', 'no');
  if (filter.unassigned === false) params.set('assigned', 'yes');
  if (order?.field && order.field !== 'LAST_SEEN') params.set('sort', order.field);
  if (order?.direction === 'ASC') params.set('dir', 'ASC');
  return params;
}
