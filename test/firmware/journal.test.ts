/** Request ids, the journal (read, acknowledge, full) and the clock floor, end to end. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import type { Receipt } from '../../protocol/signed/receipt.js';
import {
  merchantBench, newCard, debit, verified, assertMoney, balanceOf, expectStatus, rid, CINEMA, EQUIPMENT,
} from './fixtures.js';

test('a repeated requestId returns the same receipt at once and never debits twice', () => {
  const b = merchantBench();
  const card = newCard();
  const a = debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1), reference: 'X' });
  expectStatus(a, Status.OK);
  b.reader.pull(card);
  const again = b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1), reference: 'X' });
  expectStatus(again, Status.OK);
  assert.is(again.result.replayed, true);
  assert.is(again.result.balance, 4);
  assert.is(again.keepalives.length, 0, 'no card, no PIN');
  assert.equal(Array.from(again.result.receipt as Uint8Array), Array.from(a.result.receipt as Uint8Array));
  assert.is(balanceOf(card, CINEMA), 4);
  assertMoney(card, [verified(b, a.result.receipt as Uint8Array)], CINEMA);
});

test('REQUEST_ID_CONFLICT when a requestId comes back with another benefit, amount or reference', () => {
  const b = merchantBench();
  const card = newCard();
  expectStatus(debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1), reference: 'X' }), Status.OK);
  expectStatus(b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'X' }), Status.REQUEST_ID_CONFLICT);
  expectStatus(b.host.call(Command.DEBIT, { benefit: EQUIPMENT, amount: 1, requestId: rid(1), reference: 'X' }), Status.REQUEST_ID_CONFLICT);
  expectStatus(b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1) }), Status.REQUEST_ID_CONFLICT);
  assert.is(balanceOf(card, CINEMA), 4);
});

test('GET_TRANSACTION by request id; unknown id', () => {
  const b = merchantBench();
  const card = newCard();
  const a = debit(b, card, { benefit: EQUIPMENT, amount: 1999, requestId: rid(5) });
  const t = b.host.call(Command.GET_TRANSACTION, { requestId: rid(5) });
  expectStatus(t, Status.OK);
  assert.equal(Array.from(t.result.receipt as Uint8Array), Array.from(a.result.receipt as Uint8Array));
  expectStatus(b.host.call(Command.GET_TRANSACTION, { requestId: rid(6) }), Status.TRANSACTION_NOT_FOUND);
});

test('SET_TIME before the newest receipt is CLOCK_BACKWARDS with the minimum time; the clock is unchanged', () => {
  const b = merchantBench();
  const card = newCard();
  const r = verified(b, debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }).result.receipt as Uint8Array);
  const a = b.host.call(Command.SET_TIME, { time: r.time - 3600 });
  expectStatus(a, Status.CLOCK_BACKWARDS);
  assert.equal(a.details, { minimumTime: r.time });
  assert.ok((b.host.call(Command.GET_INFO).result.time as number) >= r.time);
  expectStatus(b.host.call(Command.SET_TIME, { time: r.time + 60 }), Status.OK);
});

test('JOURNAL_READ pages through receipts; JOURNAL_ACK records what the host holds', () => {
  const b = merchantBench();
  const card = newCard();
  const receipts: Receipt[] = [];
  for (let i = 1; i <= 4; i++) {
    receipts.push(verified(b, debit(b, card, { benefit: EQUIPMENT, amount: 100 * i, requestId: rid(i) }).result.receipt as Uint8Array));
  }
  const r1 = b.host.call(Command.JOURNAL_READ, { since: 0, max: 3, kind: 0 });
  expectStatus(r1, Status.OK);
  const list = r1.result.receipts as Uint8Array[];
  assert.is(list.length, 3);
  assert.equal(list.map((x) => verified(b, x).seq), [1, 2, 3]);
  assert.is(r1.result.next, 4);
  assert.is(r1.result.last, 4);
  assert.is(r1.result.acknowledged, 0);
  assert.is(r1.result.passages, undefined);
  const r2 = b.host.call(Command.JOURNAL_READ, { since: 4, kind: 0 });
  assert.is((r2.result.receipts as Uint8Array[]).length, 1);
  assert.is(r2.result.next, 5);
  const r3 = b.host.call(Command.JOURNAL_READ, { since: 5, kind: 0 });
  assert.equal(r3.result.receipts, []);
  assert.is(r3.result.next, 5);
  const bad = b.host.call(Command.JOURNAL_ACK, { upTo: 5, kind: 0 });
  expectStatus(bad, Status.BAD_REQUEST);
  assert.equal(bad.details, { field: 1 });
  const ack = b.host.call(Command.JOURNAL_ACK, { upTo: 3, kind: 0 });
  assert.is(ack.result.acknowledged, 3);
  const info = b.host.call(Command.GET_INFO).result.journal as { unacknowledged: number };
  assert.is(info.unacknowledged, 1);
  assert.is(b.host.call(Command.JOURNAL_READ, { since: 0, kind: 0 }).result.acknowledged, 3);
  assertMoney(card, receipts, EQUIPMENT);
});

test('JOURNAL_FULL with a tiny journal until the host acknowledges; the chain goes on across pages', () => {
  const b = merchantBench({ config: { journalPages: 2, journalFirstPage: 6 } });
  const card = newCard();
  const receipts: Receipt[] = [];
  let n = 0;
  for (;;) {
    n++;
    const a = debit(b, card, { benefit: EQUIPMENT, amount: 10, requestId: rid(n) });
    if (a.status === Status.JOURNAL_FULL) break;
    expectStatus(a, Status.OK, `debit ${n}`);
    receipts.push(verified(b, a.result.receipt as Uint8Array));
    assert.ok(n < 40, 'the journal must fill up');
  }
  assert.ok(receipts.length >= 5, `${receipts.length} receipts before JOURNAL_FULL`);
  const full = b.host.call(Command.DEBIT, { benefit: EQUIPMENT, amount: 10, requestId: rid(99) });
  expectStatus(full, Status.JOURNAL_FULL);
  assert.is(full.keepalives.length, 0, 'refused before asking for the card');
  assertMoney(card, receipts, EQUIPMENT);
  b.host.call(Command.JOURNAL_ACK, { upTo: receipts.length, kind: 0 });
  const before = receipts.length;
  // The acknowledged page is reclaimed: debits go on until the new receipts fill the journal again.
  for (let i = 0; ; i++) {
    const a = debit(b, card, { benefit: EQUIPMENT, amount: 10, requestId: rid(100 + i) });
    if (a.status === Status.JOURNAL_FULL) break;
    expectStatus(a, Status.OK, `after ack ${i}`);
    receipts.push(verified(b, a.result.receipt as Uint8Array));
    assert.ok(i < 40);
  }
  assert.ok(receipts.length - before >= 5, `${receipts.length - before} more after the acknowledgement`);
  for (let i = 1; i < receipts.length; i++) assert.is(receipts[i].seq, receipts[i - 1].seq + 1);
  assertMoney(card, receipts, EQUIPMENT);
});

test('journal and chain survive a reboot', () => {
  const b = merchantBench();
  const card = newCard();
  const r1 = verified(b, debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }).result.receipt as Uint8Array);
  b.reader.reboot();
  b.host.sync();
  const r2 = verified(b, debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(2) }).result.receipt as Uint8Array);
  assert.is(r2.seq, 2);
  const again = b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  assert.is(again.result.replayed, true);
  assert.is(b.host.call(Command.GET_INFO).result.lastReceiptTime, r2.time);
  assertMoney(card, [r1, r2], CINEMA);
});

test.run();
