/** DEBIT end to end: card, PIN on the keypad, card proof, signed and chained receipts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import { verifyChain } from '../../protocol/signed/chain.js';
import { receiptHash, ReceiptKind } from '../../protocol/signed/receipt.js';
import { categoryOf } from '../../protocol/catalogue/table.js';
import {
  merchantBench, newCard, debit, startDebit, verified, assertMoney, balanceOf, expectStatus, rid, issuer, crypto,
  CINEMA, EQUIPMENT, OCT_2024, PIN,
} from './fixtures.js';

test('debit happy path: progress, receipt verifies, chain over several debits, money conserved', () => {
  const b = merchantBench();
  const card = newCard();
  const before = balanceOf(card, CINEMA);
  const a = debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1), reference: 'T-0001' });
  expectStatus(a, Status.OK);
  const r1 = verified(b, a.result.receipt as Uint8Array);
  assert.is(r1.seq, 1);
  assert.is(r1.kind, ReceiptKind.DEBIT);
  assert.is(r1.amount, 1);
  assert.is(r1.copay, 100);
  assert.is(r1.reference, 'T-0001');
  assert.is(r1.balanceAfter, before - 1);
  assert.is(a.result.balance, before - 1);
  assert.is(r1.time >= OCT_2024, true);
  assert.equal(Array.from(r1.cardId), Array.from(card.cardId));
  assert.equal(
    a.keepalives.map((k) => k.progress).filter((p, i, all) => i === 0 || all[i - 1] !== p),
    [1, 2, 3, 4],
    'WAITING_FOR_CARD, READING_CARD, WAITING_FOR_PIN, PROCESSING',
  );
  const pinDetails = a.keepalives.filter((k) => k.progress === 3).map((k) => k.detail);
  assert.equal(pinDetails.slice(0, 5), [0, 1, 2, 3, 4]);
  const r2 = verified(b, debit(b, card, { benefit: CINEMA, amount: 2, requestId: rid(2) }).result.receipt as Uint8Array);
  const a3 = debit(b, card, { benefit: EQUIPMENT, amount: 4250, requestId: rid(3), reference: 'Couteaux' });
  expectStatus(a3, Status.OK);
  const r3 = verified(b, a3.result.receipt as Uint8Array);
  assert.is(r2.seq, 2);
  assert.is(r3.seq, 3);
  assert.equal(Array.from(r2.prev), Array.from(receiptHash(a.result.receipt as Uint8Array, crypto)));
  assert.is(r3.copay, undefined);
  const chain = verifyChain([a.result.receipt as Uint8Array, verifiedBytes(b, 2), a3.result.receipt as Uint8Array], {
    issuerRoot: issuer.rootPublicKey, readerCertificate: b.certificate as Uint8Array, categoryOf,
  }, crypto);
  assert.is(chain.status, Status.OK, JSON.stringify(chain.problem));
  assertMoney(card, [r1, r2, r3], CINEMA);
  assertMoney(card, [r1, r2, r3], EQUIPMENT);
  assert.ok(b.reader.display.text().includes('Payment OK'), b.reader.display.text());
  const info = b.host.call(Command.GET_INFO).result;
  assert.is(info.lastReceiptTime, r3.time);
  assert.equal(info.journal, { used: 3, capacity: (info.journal as { capacity: number }).capacity, unacknowledged: 3 });
});

/** The journalled receipt of seq n (JOURNAL_READ). */
function verifiedBytes(b: ReturnType<typeof merchantBench>, seq: number): Uint8Array {
  const a = b.host.call(Command.JOURNAL_READ, { since: seq, max: 1, kind: 0 });
  return (a.result.receipts as Uint8Array[])[0];
}

test('the PIN never leaves the reader: no packet to the host carries the digits', () => {
  const b = merchantBench();
  const card = newCard();
  const seen: Uint8Array[] = [];
  b.reader.usb.onPacket = (p) => seen.push(p);
  const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(9) });
  b.reader.usb.onPacket = null;
  for (const pk of seen) b.reader.usb.send(pk);
  expectStatus(b.host.wait(p), Status.OK);
  const ascii = Buffer.from(PIN);
  for (const pk of seen) assert.is(Buffer.from(pk).indexOf(ascii), -1);
  assert.not.ok(b.reader.display.showed(PIN), 'the display shows the PIN masked');
  assert.ok(b.reader.display.showed('Code: **__'));
});

test('wrong PIN then right PIN on the same tap: tries left shown, one debit', () => {
  const b = merchantBench();
  const card = newCard();
  const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }, '1111');
  b.reader.advance(100);
  assert.ok(b.reader.display.text().includes('reste 2'), b.reader.display.text());
  assert.is(card.state().tries, 2);
  b.reader.type(PIN + '#');
  const a = b.host.wait(p);
  expectStatus(a, Status.OK);
  assert.is(card.state().tries, 3, 'the right PIN resets the counter');
  assertMoney(card, [verified(b, a.result.receipt as Uint8Array)], CINEMA);
});

test('PIN lockout: three wrong PINs give PIN_BLOCKED, and the card stays blocked', () => {
  const b = merchantBench();
  const card = newCard();
  const before = balanceOf(card, CINEMA);
  const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }, '0000');
  b.reader.type('0001#');
  b.reader.type('0002#');
  const a = b.host.wait(p);
  expectStatus(a, Status.PIN_BLOCKED);
  assert.is(card.state().tries, 0);
  const again = debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(2) });
  expectStatus(again, Status.PIN_BLOCKED, 'told before any digit');
  assert.not.ok(again.keepalives.some((k) => k.progress === 3), 'no PIN asked of a blocked card');
  assert.is(balanceOf(card, CINEMA), before);
  const rc = b.host.send(Command.READ_CARD);
  b.reader.advance(100);
  const read = b.host.wait(rc);
  expectStatus(read, Status.OK);
  assert.is(read.result.state, 2, 'READ_CARD says PIN_BLOCKED');
  assert.is(read.result.pinTriesLeft, 0);
});

test('correction key erases a digit; cancel key with nothing typed cancels', () => {
  const b = merchantBench();
  const card = newCard();
  const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }, '');
  b.reader.type('24');
  b.reader.type('9*');
  assert.ok(b.reader.display.text().includes('Code: **__'), b.reader.display.text());
  b.reader.type('68#');
  expectStatus(b.host.wait(p), Status.OK, 'typed 2 4 9 * 6 8 #');
  const p2 = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(2) }, '');
  b.reader.type('1**');
  const a = b.host.wait(p2);
  expectStatus(a, Status.CANCELLED);
  assert.is(card.state().tries, 3, 'no PIN was presented');
});

test('host CANCEL while waiting for the PIN; PIN timeout', () => {
  const b = merchantBench({ config: { pinTimeoutMs: 4000 } });
  const card = newCard();
  const before = balanceOf(card, CINEMA);
  const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }, '');
  b.reader.type('12');
  b.host.cancel(p);
  expectStatus(b.host.wait(p), Status.CANCELLED);
  const p2 = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(2) }, '');
  b.reader.type('1');
  const a = b.host.wait(p2);
  expectStatus(a, Status.TIMEOUT);
  const p3 = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(3) }, '9999');
  const w = b.host.wait(p3);
  expectStatus(w, Status.WRONG_PIN, 'timeout after a wrong PIN');
  assert.equal(w.details, { triesLeft: 2 });
  assert.is(balanceOf(card, CINEMA), before);
});

test('card timeout without a card; cancel key while waiting for the card', () => {
  const b = merchantBench({ config: { cardTimeoutMs: 3000 } });
  const a = b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  expectStatus(a, Status.TIMEOUT);
  const p = b.host.send(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(2) });
  b.reader.advance(200);
  b.reader.type('*');
  expectStatus(b.host.wait(p), Status.CANCELLED);
});

test('checks before any card: category not agreed, online only, unknown benefit, amount shape, collective', () => {
  const b = merchantBench();
  const shows = b.host.call(Command.DEBIT, { benefit: 9, amount: 500, requestId: rid(1) });
  expectStatus(shows, Status.CATEGORY_NOT_AGREED);
  assert.is(shows.keepalives.length, 0, 'refused at once, no card asked');
  expectStatus(b.host.call(Command.DEBIT, { benefit: 12, amount: 1, requestId: rid(2) }), Status.ONLINE_ONLY);
  expectStatus(b.host.call(Command.DEBIT, { benefit: 99, amount: 1, requestId: rid(3) }), Status.NO_SUCH_BENEFIT);
  expectStatus(b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 0, requestId: rid(4) }), Status.INVALID_AMOUNT);
  const eq = merchantBench({ categories: [2, 8] });
  expectStatus(eq.host.call(Command.DEBIT, { benefit: 5, amount: 100, requestId: rid(5), collective: true }), Status.INDIVIDUAL_ONLY);
});

test('insufficient balance (after the PIN, with the balance), nothing debited', () => {
  const b = merchantBench();
  const card = newCard();
  const a = debit(b, card, { benefit: CINEMA, amount: 6, requestId: rid(1) });
  expectStatus(a, Status.INSUFFICIENT_BALANCE);
  assert.equal(a.details, { balance: 5 });
  assert.is(balanceOf(card, CINEMA), 5);
  const e = debit(b, card, { benefit: EQUIPMENT, amount: 20001, requestId: rid(2) });
  expectStatus(e, Status.INSUFFICIENT_BALANCE);
  assert.equal(e.details, { balance: 20000 });
});

test('expired and not yet valid benefits are refused before the PIN', () => {
  const june = Date.UTC(2025, 5, 15) / 1000;
  const b = merchantBench({ time: june });
  const card = newCard();
  const p = b.host.send(Command.DEBIT, { benefit: EQUIPMENT, amount: 100, requestId: rid(1) });
  b.reader.advance(100);
  b.reader.tap(card);
  const a = b.host.wait(p);
  expectStatus(a, Status.BENEFIT_EXPIRED);
  assert.equal(a.details, { validUntil: 1748728800 });
  assert.not.ok(a.keepalives.some((k) => k.progress === 3), 'no PIN asked');
  const early = merchantBench({ time: Date.UTC(2024, 6, 15) / 1000 });
  const p2 = early.host.send(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(2) });
  early.reader.tap(card);
  const n = early.host.wait(p2);
  expectStatus(n, Status.NOT_YET_VALID);
  assert.equal(n.details, { validFrom: 1725141600 });
});

test('time passing: a benefit usable in October has expired in June (clock advanced)', () => {
  const b = merchantBench();
  const card = newCard();
  const r = verified(b, debit(b, card, { benefit: EQUIPMENT, amount: 5000, requestId: rid(1) }).result.receipt as Uint8Array);
  b.reader.pull(card);
  b.reader.clock.advance((1748728800 - OCT_2024) * 1000); // to 1 June 2025 00:00 Paris
  const p = b.host.send(Command.DEBIT, { benefit: EQUIPMENT, amount: 100, requestId: rid(2) });
  b.reader.tap(card);
  const a = b.host.wait(p);
  expectStatus(a, Status.BENEFIT_EXPIRED);
  assert.equal(a.details, { validUntil: 1748728800 });
  assertMoney(card, [r], EQUIPMENT);
});

test('a card without the benefit: NO_SUCH_BENEFIT before the PIN', () => {
  const b = merchantBench();
  const apprentice = newCard('apprentice');
  const p = b.host.send(Command.DEBIT, { benefit: EQUIPMENT, amount: 100, requestId: rid(1) });
  b.reader.tap(apprentice);
  const a = b.host.wait(p);
  expectStatus(a, Status.NO_SUCH_BENEFIT);
  assert.not.ok(a.keepalives.some((k) => k.progress === 3), 'no PIN asked');
});

test('a card whose last transaction is later than the reader clock refuses: CARD_CLOCK_CONFLICT with its time', () => {
  const a = merchantBench();
  const card = newCard();
  const r = verified(a, debit(a, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }).result.receipt as Uint8Array);
  const late = merchantBench({ time: r.time - 86400 });
  const c = debit(late, card, { benefit: CINEMA, amount: 1, requestId: rid(2) });
  expectStatus(c, Status.CARD_CLOCK_CONFLICT);
  assert.equal(c.details, { minimumTime: r.time });
  assertMoney(card, [r], CINEMA);
  // Nothing pending on the late reader: a new attempt with the right clock works.
  expectStatus(late.host.call(Command.SET_TIME, { time: r.time + 60 }), Status.OK);
  const ok = debit(late, card, { benefit: CINEMA, amount: 1, requestId: rid(2) });
  expectStatus(ok, Status.OK);
  assertMoney(card, [r, verified(late, ok.result.receipt as Uint8Array)], CINEMA);
});

test('READ_CARD: holder, wallets without balances, PIN tries, no PIN asked; BALANCE: balances after the PIN', () => {
  const b = merchantBench();
  const card = newCard();
  b.reader.tap(card);
  const a = b.host.call(Command.READ_CARD);
  expectStatus(a, Status.OK);
  const cert = a.result;
  assert.equal(Array.from(cert.cardId as Uint8Array), Array.from(card.cardId));
  assert.ok((cert.holderName as string).startsWith('Camille Martin'));
  assert.is(cert.establishment, 38001);
  assert.is(cert.campaign, 2024);
  assert.is(cert.state, 0);
  assert.is(cert.pinTriesLeft, 3);
  const ws = cert.wallets as { benefit: number; balance?: number; loaded?: number }[];
  assert.is(ws.length, card.state().wallets.length);
  assert.ok(ws.every((w) => w.balance === undefined));
  assert.is(ws.find((w) => w.benefit === CINEMA)!.loaded, 5);
  assert.not.ok(a.keepalives.some((k) => k.progress === 3));
  expectStatus(debit(b, card, { benefit: CINEMA, amount: 3, requestId: rid(1) }), Status.OK);
  const p = b.host.send(Command.BALANCE);
  b.reader.advance(200);
  b.reader.type(PIN + '#');
  const bal = b.host.wait(p);
  expectStatus(bal, Status.OK);
  const bw = bal.result.wallets as { benefit: number; balance: number }[];
  assert.is(bw.find((w) => w.benefit === CINEMA)!.balance, 2);
  assert.is(bw.find((w) => w.benefit === EQUIPMENT)!.balance, 20000);
});

test.run();
