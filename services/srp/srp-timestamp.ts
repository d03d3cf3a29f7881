/**
 * The TIMESTAMP of a PASSWORD_VERIFIER answer: `EEE MMM d HH:mm:ss 'UTC' yyyy` in UTC with English names and an
 * unpadded day (`Tue Mar 5 09:04:07 UTC 2024`). Cognito rejects a zero-padded day, so neither
 * `toUTCString()` nor a locale formatter will do.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number): string => String(n).padStart(2, '0');

export function formatSrpTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatSrpTimestamp: invalid date');
  const weekday = WEEKDAYS[date.getUTCDay()]!;
  const month = MONTHS[date.getUTCMonth()]!;
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${weekday} ${month} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`;
}

const PATTERN =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})$/;

/**
 * The instant a TIMESTAMP names, or null unless it is exactly what {@link formatSrpTimestamp} would produce for
 * that instant (so a padded day, a wrong weekday or 31 Feb are all refused, as Cognito refuses them).
 */
export function parseSrpTimestamp(ts: string): Date | null {
  const match = PATTERN.exec(ts);
  if (!match) return null;
  const [, , monthName, day, hours, minutes, seconds, year] = match;
  const date = new Date(
    Date.UTC(
      Number(year),
      MONTHS.indexOf(monthName as (typeof MONTHS)[number]),
      Number(day),
      Number(hours),
      Number(minutes),
      Number(seconds),
    ),
  );
  // Date.UTC maps years 0–99 to 1900–1999; set the year explicitly so "0024" stays year 24.
  date.setUTCFullYear(Number(year));
  return formatSrpTimestamp(date) === ts ? date : null;
}
