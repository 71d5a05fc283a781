import { localTime, minutes, plural, timeFormats, utcTime } from './format';

const HELSINKI = timeFormats('en-GB', 'Europe/Helsinki');

describe('time formatting', () => {
  it.each([
    ['2026-12-02T10:15:30.123Z', '2026-12-02 10:15:30Z UTC'],
    ['2026-01-01T00:00:00Z', '2026-01-01 00:00:00Z UTC'],
    ['2026-06-30T23:59:59.999+02:00', '2026-06-30 21:59:59Z UTC'],
  ])('utcTime(%s) is %s, to the second, whatever the browser', (iso, expected) => {
    expect(utcTime(iso)).toBe(expected);
  });

  it("shows local time in the time zone's offset for the date (winter and summer time)", () => {
    expect(localTime('2026-12-02T10:15:30Z', 'full', HELSINKI)).toBe('2 Dec 2026, 12:15:30');
    expect(localTime('2026-07-02T10:15:30Z', 'full', HELSINKI)).toBe('2 Jul 2026, 13:15:30');
    expect(localTime('2026-12-02T22:05:09Z', 'time', HELSINKI)).toBe('00:05:09');
  });

  it('gives back what is not a time as it came, rather than "Invalid Date"', () => {
    expect(localTime('not a time', 'full', HELSINKI)).toBe('not a time');
    expect(utcTime('')).toBe('');
  });

  it('counts in words', () => {
    expect([plural(0, 'report'), plural(1, 'report'), plural(2, 'device')]).toEqual(['0 reports', '1 report', '2 devices']);
    expect([0, 45, 60, 90, 1440, 2880, 1500].map(minutes)).toEqual(['0 min', '45 min', '1 h', '1 h 30 min', '1 day', '2 days', '25 h']);
  });
});
