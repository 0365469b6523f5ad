/** Europe/Paris local time conversions (simulator/issuer/paris-time.ts), DST days included. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { addMonths, daysInMonth, formatParis, parisFields, parisMidnight, parisOffset, parisToUnix } from '../../simulator/issuer/paris-time.js';

const utc = (iso: string) => Date.parse(iso) / 1000;

const MIDNIGHTS: [string, [number, number, number], string][] = [
  ['winter day', [2025, 1, 15], '2025-01-14T23:00:00Z'],
  ['summer day', [2024, 7, 14], '2024-07-13T22:00:00Z'],
  ['spring DST day 30 March 2025 starts in winter time', [2025, 3, 30], '2025-03-29T23:00:00Z'],
  ['the day after, 31 March 2025, starts in summer time', [2025, 3, 31], '2025-03-30T22:00:00Z'],
  ['autumn DST day 27 October 2024 starts in summer time', [2024, 10, 27], '2024-10-26T22:00:00Z'],
  ['the day after, 28 October 2024, starts in winter time', [2024, 10, 28], '2024-10-27T23:00:00Z'],
  ['26 October 2024 (the day before the change)', [2024, 10, 26], '2024-10-25T22:00:00Z'],
  ['end of school benefits: 1 June 2025', [2025, 6, 1], '2025-05-31T22:00:00Z'],
  ['start of culture benefits: 1 September 2024', [2024, 9, 1], '2024-08-31T22:00:00Z'],
  ['end of culture benefits: 1 September 2025', [2025, 9, 1], '2025-08-31T22:00:00Z'],
  ['validation opening: 11 June 2024', [2024, 6, 11], '2024-06-10T22:00:00Z'],
];

for (const [name, [y, m, d], iso] of MIDNIGHTS) {
  test(`Paris midnight: ${name}`, () => {
    assert.is(parisMidnight(y, m, d), utc(iso));
    assert.is(formatParis(parisMidnight(y, m, d)), `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} 00:00:00`);
  });
}

test('Paris day lengths: 23 h on 30 March 2025, 25 h on 27 October 2024', () => {
  assert.is(parisMidnight(2025, 3, 31) - parisMidnight(2025, 3, 30), 23 * 3600);
  assert.is(parisMidnight(2024, 10, 28) - parisMidnight(2024, 10, 27), 25 * 3600);
  assert.is(parisMidnight(2025, 3, 30) - parisMidnight(2025, 3, 29), 24 * 3600);
});

test('Paris offsets around the transitions', () => {
  assert.is(parisOffset(utc('2025-03-30T00:59:59Z')), 3600);
  assert.is(parisOffset(utc('2025-03-30T01:00:00Z')), 7200);
  assert.is(parisOffset(utc('2024-10-27T00:59:59Z')), 7200);
  assert.is(parisOffset(utc('2024-10-27T01:00:00Z')), 3600);
});

test('skipped wall time 02:30 on 30 March 2025 moves forward to 03:30 summer time', () => {
  assert.is(parisToUnix(2025, 3, 30, 2, 30), utc('2025-03-30T01:30:00Z'));
  assert.is(parisToUnix(2025, 3, 30, 3, 0), utc('2025-03-30T01:00:00Z'));
});

test('repeated wall time 02:30 on 27 October 2024 takes the earlier (summer time) instant', () => {
  assert.is(parisToUnix(2024, 10, 27, 2, 30), utc('2024-10-27T00:30:00Z'));
  assert.is(parisToUnix(2024, 10, 27, 3, 0), utc('2024-10-27T02:00:00Z'));
});

test('31 May 2025 23:59:59 Paris is one second before 1 June 00:00 Paris', () => {
  assert.is(parisToUnix(2025, 5, 31, 23, 59, 59) + 1, parisMidnight(2025, 6, 1));
  assert.equal(parisFields(parisMidnight(2025, 6, 1) - 1), { year: 2025, month: 5, day: 31, hour: 23, minute: 59, second: 59 });
});

test('calendar helpers: days in month, month addition clamps to the month end', () => {
  assert.is(daysInMonth(2024, 2), 29);
  assert.is(daysInMonth(2025, 2), 28);
  assert.is(daysInMonth(2025, 12), 31);
  assert.equal(addMonths(2024, 2, 29, 24), { year: 2026, month: 2, day: 28 });
  assert.equal(addMonths(2024, 10, 15, 24), { year: 2026, month: 10, day: 15 });
  assert.equal(addMonths(2024, 12, 31, 2), { year: 2025, month: 2, day: 28 });
});

test('property: parisFields then parisToUnix gives back any instant outside the repeated autumn hour', () => {
  fc.assert(fc.property(fc.integer({ min: utc('2020-01-01T00:00:00Z'), max: utc('2035-12-31T00:00:00Z') }), (t) => {
    const f = parisFields(t);
    const back = parisToUnix(f.year, f.month, f.day, f.hour, f.minute, f.second);
    // In the repeated hour the earlier instant is chosen, one hour before t.
    return back === t || back === t - 3600;
  }), { numRuns: 300 });
});

test.run();
