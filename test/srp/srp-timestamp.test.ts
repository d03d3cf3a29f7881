import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSrpTimestamp, parseSrpTimestamp } from '../../services/srp/srp-timestamp.js';

// Reference section 4.6.
const TABLE: Array<[Date, string]> = [
  [new Date(Date.UTC(2024, 2, 5, 9, 4, 7)), 'Tue Mar 5 09:04:07 UTC 2024'],
  [new Date(Date.UTC(2023, 10, 25, 14, 3, 9)), 'Sat Nov 25 14:03:09 UTC 2023'],
  [new Date(Date.UTC(2025, 0, 1, 0, 0, 0)), 'Wed Jan 1 00:00:00 UTC 2025'],
];

describe('SRP TIMESTAMP', () => {
  it.each(TABLE)('formats %s as %s', (date, text) => {
    expect(formatSrpTimestamp(date)).toBe(text);
    expect(parseSrpTimestamp(text)?.getTime()).toBe(date.getTime());
  });

  it('ignores milliseconds and the local time zone', () => {
    expect(formatSrpTimestamp(new Date('2024-12-31T23:59:59.999Z'))).toBe('Tue Dec 31 23:59:59 UTC 2024');
  });

  it('agrees with the UTC fields of Date.toUTCString for any instant, and parses back to the same second', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const text = formatSrpTimestamp(date);
        // toUTCString: "Tue, 05 Mar 2024 09:04:07 GMT"
        const [weekday, day, month, year, time] = date.toUTCString().replace(',', '').split(' ');
        expect(text).toBe(`${weekday} ${month} ${Number(day)} ${time} UTC ${year}`);
        expect(parseSrpTimestamp(text)?.getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    'Tue Mar 05 09:04:07 UTC 2024', // padded day
    'Wed Mar 5 09:04:07 UTC 2024', // wrong weekday
    'Tue Mar 5 9:04:07 UTC 2024', // unpadded hour
    'Tue Mar  5 09:04:07 UTC 2024', // double space
    'Tue Mar 5 09:04:07 GMT 2024',
    'tue mar 5 09:04:07 UTC 2024',
    'Thu Feb 30 09:04:07 UTC 2024', // no such day
    'Tue Mar 5 24:00:00 UTC 2024',
    'Tue Mar 5 09:04:60 UTC 2024',
    'Tue Mar 5 09:04:07 UTC 2024 ',
    '',
  ])('refuses %j', (text) => {
    expect(parseSrpTimestamp(text)).toBeNull();
  });

  it('refuses an invalid Date', () => {
    expect(() => formatSrpTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
