import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status, STATUS_TABLE } from '../../protocol/status.js';
import { SW_STATUS, statusSw, swStatus, swTriesLeft } from '../../protocol/card/sw.js';
import { SW_TABLE, swName } from '../../protocol/card/sw-names.js';

test('documented status words map to protocol statuses', () => {
  const cases: Array<[number, number]> = [
    [0x9000, Status.OK], [0x6110, Status.OK], [0x63c2, Status.WRONG_PIN], [0x63c1, Status.WRONG_PIN],
    [0x6982, Status.PIN_REQUIRED], [0x6983, Status.PIN_BLOCKED], [0x6a88, Status.NO_SUCH_BENEFIT],
    [0x6a83, Status.TRANSACTION_NOT_FOUND], [0x6a80, Status.BAD_REQUEST], [0x6700, Status.BAD_REQUEST],
    [0x6a82, Status.CARD_UNSUPPORTED], [0x6d00, Status.CARD_UNSUPPORTED], [0x9341, Status.INSUFFICIENT_BALANCE],
    [0x9342, Status.BENEFIT_EXPIRED], [0x9343, Status.NOT_YET_VALID], [0x9345, Status.INVALID_AMOUNT],
    [0x9346, Status.INDIVIDUAL_ONLY], [0x9347, Status.CARD_CLOCK_CONFLICT], [0x6f00, Status.CARD_ERROR],
    [0x1234, Status.CARD_ERROR], [0x6400, Status.CARD_ERROR],
    [0x6a86, Status.BAD_REQUEST], [0x6e00, Status.CARD_UNSUPPORTED], [0x6985, Status.CARD_ERROR],
    [0x6581, Status.CARD_ERROR], [0x9340, Status.BENEFIT_SUSPENDED], [0x9348, Status.NOT_ELIGIBLE],
    [0x19000, Status.OK], [0x9350, Status.CARD_ERROR],
  ];
  for (const [sw, st] of cases) assert.is(swStatus(sw), st, sw.toString(16));
});

test('63Cx carries the tries left', () => {
  assert.is(swTriesLeft(0x63c2), 2);
  assert.is(swTriesLeft(0x63c1), 1);
  assert.is(swTriesLeft(0x9000), -1);
  assert.is(statusSw(Status.WRONG_PIN, 2), 0x63c2);
});

test('statusSw and swStatus agree for every status the card sends', () => {
  for (const row of SW_TABLE) {
    const sw = statusSw(row.status, 1);
    assert.is(swStatus(sw), row.status, row.name);
  }
  for (const s of STATUS_TABLE) if (s.code >= 0x40 && s.code <= 0x4f) assert.is(swStatus(statusSw(s.code)), s.code, s.name);
  assert.is(statusSw(Status.OK), 0x9000);
  assert.is(statusSw(Status.BAD_REQUEST), 0x6a80);
  assert.is(statusSw(Status.TIMEOUT), 0x6f00);
});

test('every table row maps to a known status and has a unique value', () => {
  const seen = new Set<number>();
  for (const row of SW_TABLE) {
    assert.ok(STATUS_TABLE.some((s) => s.code === row.status), row.name);
    assert.not.ok(seen.has(row.value), row.name);
    seen.add(row.value);
  }
  for (let i = 0; i < SW_STATUS.length; i += 2) {
    const sw = SW_STATUS[i];
    assert.ok(SW_TABLE.some((row) => row.value === sw && row.status === SW_STATUS[i + 1]), sw.toString(16));
  }
  assert.is(swName(0x63c1), 'WRONG_PIN');
  assert.is(swName(0x9345), 'INVALID_AMOUNT');
  assert.is(swName(0x6400), 'SW_6400');
});

test.run();
