/** The pages' pure helpers: euro parsing in integer cents, CSV, Paris time, canteen services and counts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { formatCents, parseEuros, parseUnits } from '../../examples/shared/money.js';
import { csvField, toCsv } from '../../examples/shared/download.js';
import { formatDateTime, parisDayAndMinute } from '../../examples/shared/time.js';
import { checkWindows, DEFAULT_SERVICES, hhmm, parseHhmm, serviceAt } from '../../examples/canteen/services.js';
import { countToday, DOUBLE_TAP, outcome, passagesCsv, type Passage } from '../../examples/canteen/log.js';

test('parseEuros: comma or point, one or two decimals, exact cents', () => {
  assert.is(parseEuros('42,50'), 4250);
  assert.is(parseEuros('42.50'), 4250);
  assert.is(parseEuros('42,5'), 4250);
  assert.is(parseEuros('42'), 4200);
  assert.is(parseEuros(' 0,01 '), 1);
  assert.is(parseEuros('1 234,56'), 123456);
  assert.is(parseEuros('19,99 €'), 1999);
  assert.is(parseEuros('0.29'), 29); // 0.29 * 100 is 28.999... in floating point
  assert.is(parseEuros('1.005'), null);
  assert.is(parseEuros('0'), null);
  assert.is(parseEuros('-5'), null);
  assert.is(parseEuros('4,2,5'), null);
  assert.is(parseEuros('abc'), null);
  assert.is(parseEuros(''), null);
  assert.is(parseEuros('1e3'), null);
});

test('parseEuros inverts the French and English formats for every amount', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (cents) => {
    const fr = formatCents(cents, 'fr').replace(/\u00a0€$/, '');
    const en = formatCents(cents, 'en').replace(/^€/, '').replace(/,/g, '');
    return parseEuros(fr) === cents && parseEuros(en) === cents;
  }));
});

test('formatCents', () => {
  assert.is(formatCents(4250, 'fr'), '42,50\u00a0€');
  assert.is(formatCents(4250, 'en'), '€42.50');
  assert.is(formatCents(123456, 'fr'), '1\u202f234,56\u00a0€');
  assert.is(formatCents(5, 'en'), '€0.05');
});

test('parseUnits: 1 to 99 whole tickets', () => {
  assert.is(parseUnits('2'), 2);
  assert.is(parseUnits('0'), null);
  assert.is(parseUnits('1.5'), null);
  assert.is(parseUnits('100'), null);
});

test('CSV fields are quoted only when needed', () => {
  assert.is(csvField('plain'), 'plain');
  assert.is(csvField('a,b'), '"a,b"');
  assert.is(csvField('say "hi"'), '"say ""hi"""');
  assert.is(toCsv(['a', 'b'], [[1, 'x\ny']]), 'a,b\r\n1,"x\ny"\r\n');
});

test('Paris time across the summer-time change', () => {
  // 2026-03-29 00:30 UTC = 01:30 CET; 01:30 UTC = 03:30 CEST.
  assert.equal(parisDayAndMinute(Date.UTC(2026, 2, 29, 0, 30) / 1000), { day: '2026-03-29', minute: 90 });
  assert.equal(parisDayAndMinute(Date.UTC(2026, 2, 29, 1, 30) / 1000), { day: '2026-03-29', minute: 210 });
  assert.equal(parisDayAndMinute(Date.UTC(2026, 0, 1, 23, 30) / 1000), { day: '2026-01-02', minute: 30 });
  assert.ok(formatDateTime(Date.UTC(2026, 5, 1, 10, 5, 9) / 1000, 'fr').includes('12:05:09'));
});

test('services: windows, parsing and checks', () => {
  assert.is(parseHhmm('11:30'), 690);
  assert.is(parseHhmm('24:00'), null);
  assert.is(hhmm(690), '11:30');
  assert.is(serviceAt(12 * 60, DEFAULT_SERVICES), 'lunch');
  assert.is(serviceAt(19 * 60, DEFAULT_SERVICES), 'dinner');
  assert.is(serviceAt(16 * 60, DEFAULT_SERVICES), null);
  assert.is(checkWindows(DEFAULT_SERVICES), null);
  assert.is(checkWindows([{ id: 'lunch', from: 700, to: 600 }]), 'servicesOrder');
  assert.is(checkWindows([{ id: 'lunch', from: 600, to: 800 }, { id: 'dinner', from: 700, to: 900 }]), 'servicesOverlap');
});

test('canteen counts: meals per service today, double taps and refusals apart', () => {
  const at = (h: number, m: number, day = 10): number => Date.UTC(2026, 10, day, h - 1, m) / 1000; // Paris = UTC+1 in November
  const p = (time: number, allowed: boolean, reason = 0): Passage => ({ time, allowed, reason, cardId: '01', holderName: 'X' });
  const log = [
    p(at(12, 0), true), p(at(12, 0) + 2, false, DOUBLE_TAP), p(at(12, 5), false, 0x23),
    p(at(19, 0), true), p(at(16, 0), true), p(at(12, 0, 9), true),
  ];
  assert.equal(countToday(log, DEFAULT_SERVICES, at(20, 0)), { lunch: 1, dinner: 1, outside: 1, refused: 1, duplicate: 1 });
  assert.is(outcome(log[1]), 'duplicate');
  const csv = passagesCsv(log, DEFAULT_SERVICES, (c) => (c === DOUBLE_TAP ? 'DOUBLE_TAP' : 'CARD_REVOKED'));
  const rows = csv.trim().split('\r\n');
  assert.is(rows.length, 7);
  assert.ok(rows[1].endsWith(',allowed,,lunch'), rows[1]);
  assert.ok(rows[2].includes(',duplicate,DOUBLE_TAP,'), rows[2]);
});

test.run();
