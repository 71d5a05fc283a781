import type { SignatureFilter, SignatureOrder } from './gql/graphql';
import { filterOf, orderOf, paramsOf } from './signature-filters';

const read = (query: string) => filterOf(new URLSearchParams(query));

describe('signature filters in the address', () => {
  it.each<[string, SignatureFilter]>([
    ['', {}],
    ['q=level+load', { search: 'level load' }],
    ['app=SpaceRacer&version=1.4.2', { applicationName: 'SpaceRacer', applicationVersion: '1.4.2' }],
    ['errorCode=E_OOM&exception=java.lang.OutOfMemoryError', { errorCode: 'E_OOM', exceptionType: 'java.lang.OutOfMemoryError' }],
    ['model=N95&firmware=V+21.0', { model: 'N95', firmwareVersion: 'V 21.0' }],
    ['status=NEW,REGRESSED', { status: ['NEW', 'REGRESSED'] }],
    ['assigned=no', { unassigned: true }],
    ['assigned=yes', { unassigned: false }],
  ])('%j reads as %j', (query, filter) => {
    expect(read(query)).toEqual(filter);
  });

  it('ignores what it does not know: blank values, unknown statuses and parameters, other assignment words', () => {
    expect(read('q=++&app=&status=NEW,BOGUS,,&assigned=maybe&page=3')).toEqual({ status: ['NEW'] });
    expect(read('status=BOGUS')).toEqual({});
  });

  it('trims what was typed', () => {
    expect(read('q=%20level%20')).toEqual({ search: 'level' });
  });

  it('orders by last seen, newest first, unless the address says otherwise', () => {
    expect(orderOf(new URLSearchParams(''))).toEqual({ field: 'LAST_SEEN', direction: 'DESC' });
    expect(orderOf(new URLSearchParams('sort=DEVICE_COUNT&dir=ASC'))).toEqual({ field: 'DEVICE_COUNT', direction: 'ASC' });
    expect(orderOf(new URLSearchParams('sort=NONSENSE&dir=sideways'))).toEqual({ field: 'LAST_SEEN', direction: 'DESC' });
  });

  it.each<[SignatureFilter, SignatureOrder]>([
    [{}, { field: 'LAST_SEEN', direction: 'DESC' }],
    [{ search: 'level load', status: ['NEW', 'INVESTIGATING'], unassigned: true }, { field: 'REPORT_COUNT', direction: 'DESC' }],
    [{ applicationName: 'SpaceRacer', model: 'N95', firmwareVersion: 'V 21.0', unassigned: false }, { field: 'FIRST_SEEN', direction: 'ASC' }],
  ])('a filter and order written to the address read back the same: %j %j', (filter, order) => {
    const params = paramsOf(filter, order);
    expect(filterOf(params)).toEqual(filter);
    expect(orderOf(params)).toEqual(order);
  });

  it('writes no parameter for a default, so the plain list has the plain address', () => {
    expect(paramsOf({}, { field: 'LAST_SEEN', direction: 'DESC' }).toString()).toBe('');
    expect(paramsOf({ search: 'a b', status: ['NEW'] }).toString()).toBe('q=a+b&status=NEW');
  });
});
