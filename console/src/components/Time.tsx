import { Tooltip } from '@mantine/core';
import { localTime, utcTime } from '../format';

/** A time in the user's time zone, with its UTC value on hover and for assistive technology. */
export function Time({ iso, style = 'full' }: { iso: string; style?: 'full' | 'time' }) {
  const utc = utcTime(iso);
  return (
    <Tooltip label={utc} openDelay={300}>
      <time dateTime={iso} title={utc}>
        {localTime(iso, style)}
      </time>
    </Tooltip>
  );
}
