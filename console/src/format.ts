/** Times are shown in the user's own time zone; the UTC value is the tooltip (see <Time>). */
const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const short = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function localTime(iso: string, style: 'full' | 'time' = 'full'): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : (style === 'time' ? short : local).format(date);
}

export function utcTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')} UTC`;
}

/** "1 report", "2 reports". */
export const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
