/** Times are shown in the user's own time zone; the UTC value is the tooltip (see <Time>). */
export interface TimeFormats {
  full: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
}

/** The formats for a locale and time zone (both the browser's when absent; tests pass their own). */
export function timeFormats(locale?: string, timeZone?: string): TimeFormats {
  return {
    full: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }),
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone }),
  };
}

const browser = timeFormats();

export function localTime(iso: string, style: keyof TimeFormats = 'full', formats: TimeFormats = browser): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formats[style].format(date);
}

export function utcTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')} UTC`;
}

/** "1 report", "2 reports". */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A span of minutes in words, as a rule's window or cool-down is set: "45 min", "2 h", "1 h 30 min", "3 days". */
export function minutes(total: number): string {
  if (total % 1440 === 0 && total >= 1440) return plural(total / 1440, 'day');
  const h = Math.floor(total / 60);
  const m = total % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}
