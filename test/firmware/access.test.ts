/** Access mode: one tap, one decision, no PIN; passages journalled; the event stream. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command, EventCode } from '../../protocol/messages/codes.js';
import { Led } from '../../firmware/ports/signal.js';
import { createIssuer } from '../../simulator/issuer/issuer.js';
import type { FieldCard } from '../../simulator/hw/pn532/field-card.js';
import {
  accessBench, merchantBench, newCard, expectStatus, rid, issuer, crypto, debit, balanceOf, PIN, CINEMA, ESTABLISHMENT,
} from './fixtures.js';
import type { Bench } from './fixtures.js';

/** One ACCESS_CHECK with `card` tapped 50 ms after the request; the card is pulled afterwards. */
function check(b: Bench, card: Parameters<Bench['reader']['tap']>[0]) {
  const p = b.host.send(Command.ACCESS_CHECK);
  b.reader.advance(50);
  b.reader.tap(card);
  const a = b.host.wait(p);
  b.reader.pull(card);
  b.reader.advance(50);
  return a;
}

test('allowed: authentic card of this establishment, decided within 100 ms of the tap in 3 APDUs, journalled', () => {
  const b = accessBench();
  const card = newCard();
  const p = b.host.send(Command.ACCESS_CHECK);
  b.reader.advance(40);
  let greenAt = -1;
  const led = b.reader.signal.led.bind(b.reader.signal);
  b.reader.signal.led = (c: number) => {
    if (c === Led.GREEN && greenAt < 0) greenAt = b.reader.clock.monotonic();
    led(c);
  };
  b.reader.pn532.resetStats();
  const tappedAt = b.reader.clock.monotonic();
  b.reader.tap(card);
  const a = b.host.wait(p);
  expectStatus(a, Status.OK);
  assert.is(a.result.allowed, true);
  assert.is(a.result.reason, Status.OK);
  assert.is(a.result.seq, 1);
  assert.equal(Array.from(a.result.cardId as Uint8Array), Array.from(card.cardId));
  assert.ok((a.result.holderName as string).startsWith('Camille'));
  assert.ok(greenAt >= 0 && greenAt - tappedAt < 100, `green after ${greenAt - tappedAt} ms`);
  assert.is(b.reader.pn532.stats.exchanges, 3, 'SELECT, GET CARD DATA, INTERNAL AUTHENTICATE');
  const j = b.host.call(Command.JOURNAL_READ, { since: 0, kind: 1 });
  const ps = j.result.passages as { seq: number; allowed: boolean; holderName?: string }[];
  assert.is(ps.length, 1);
  assert.is(ps[0].seq, 1);
  assert.is(ps[0].allowed, true);
  assert.is(ps[0].holderName, undefined, 'the journal keeps no names');
  assert.is((b.host.call(Command.GET_INFO).result.journal as { unacknowledged: number }).unacknowledged, 1);
});

test('refusals: other establishment, revoked, not authentic, not our applet, not ISO 14443-4', () => {
  const b = accessBench();
  const other = newCard('cap1-cooking', 69002);
  let a = check(b, other);
  assert.is(a.result.allowed, false);
  assert.is(a.result.reason, Status.OTHER_ESTABLISHMENT);
  const lost = newCard();
  const dup = issuer.duplicateCard(lost);
  for (const part of issuer.issueDenylist(1, [dup.revocation])) expectStatus(b.host.call(Command.PROVISION_DENYLIST, { part }), Status.OK);
  a = check(b, lost);
  assert.is(a.result.reason, Status.CARD_REVOKED);
  a = check(b, dup.card);
  assert.is(a.result.allowed, true);
  const fake = createIssuer('counterfeiter', crypto).issueCard('cap1-cooking', { pin: PIN, establishment: ESTABLISHMENT, holderName: 'Fake' });
  a = check(b, fake);
  assert.is(a.result.reason, Status.CARD_NOT_AUTHENTIC);
  assert.is(a.result.cardId, undefined);
  const transit: FieldCard = {
    uid: Uint8Array.of(0x04, 1, 2, 3, 4, 5, 6), atqa: 0x0344, sak: 0x20,
    transceive: () => Uint8Array.of(0x6a, 0x82), reset: () => undefined,
  };
  a = check(b, transit);
  assert.is(a.result.reason, Status.CARD_UNSUPPORTED);
  const mifare: FieldCard = { uid: Uint8Array.of(9, 8, 7, 6), atqa: 0x0004, sak: 0x08, transceive: () => Uint8Array.of(0x90, 0), reset: () => undefined };
  a = check(b, mifare);
  assert.is(a.result.reason, Status.CARD_UNSUPPORTED);
  const j = b.host.call(Command.JOURNAL_READ, { since: 0, kind: 1 });
  assert.equal((j.result.passages as { reason: number }[]).map((p) => p.reason), [0x70, 0x23, 0, 0x22, 0x26, 0x26]);
  b.reader.advance(2000);
  assert.is(b.reader.signal.led_, Led.OFF, 'back to idle');
  assert.ok(b.reader.display.text().includes('Badgez'), b.reader.display.text());
});

test('double tap within the window is refused; after the window it is allowed again', () => {
  const b = accessBench({ config: { doubleTapMs: 5000 } });
  const card = newCard();
  assert.is(check(b, card).result.allowed, true);
  const a = check(b, card);
  assert.is(a.result.allowed, false);
  assert.is(a.result.reason, Status.DOUBLE_TAP);
  b.reader.advance(5000);
  assert.is(check(b, card).result.allowed, true);
});

test('a card left on the reader is one passage: the next ACCESS_CHECK waits for a new tap', () => {
  const b = accessBench({ config: { cardTimeoutMs: 2000 } });
  const card = newCard();
  const p = b.host.send(Command.ACCESS_CHECK);
  b.reader.tap(card);
  assert.is(b.host.wait(p).result.allowed, true);
  expectStatus(b.host.call(Command.ACCESS_CHECK), Status.TIMEOUT, 'the same card, never removed');
  // Removed and presented again while no request is pending: a new tap.
  b.reader.pull(card);
  b.reader.advance(200);
  b.reader.tap(card);
  b.reader.advance(200);
  const again = b.host.call(Command.ACCESS_CHECK);
  expectStatus(again, Status.OK);
  assert.is(again.result.reason, Status.DOUBLE_TAP, 'decided, as a new tap');
});

test('the certificate of a card seen before is not verified again (hash cache)', () => {
  let verifies = 0;
  const counting = { ...crypto, verify: (k: Uint8Array, m: Uint8Array, sig: Uint8Array) => (verifies++, crypto.verify(k, m, sig)) };
  const b = accessBench({ crypto: counting, config: { doubleTapMs: 0 } });
  const card = newCard();
  verifies = 0;
  assert.is(check(b, card).result.allowed, true);
  assert.is(verifies, 2, 'certificate and challenge signature');
  verifies = 0;
  assert.is(check(b, card).result.allowed, true);
  assert.is(verifies, 1, 'challenge signature only');
});

test('ACCESS_STREAM: one PASSAGE event per tap without requests; ACCESS_CHECK is BUSY meanwhile; other commands work', () => {
  const b = accessBench({ config: { doubleTapMs: 0 } });
  const cards = [newCard(), newCard(), newCard('referent', 69002)];
  expectStatus(b.host.call(Command.ACCESS_STREAM, { enable: true }), Status.OK);
  expectStatus(b.host.call(Command.ACCESS_CHECK), Status.BUSY);
  for (const c of cards) {
    b.reader.tap(c);
    b.reader.advance(100);
    b.reader.pull(c);
    b.reader.advance(50);
  }
  b.host.pump();
  const ev = b.host.events;
  assert.is(ev.length, 3);
  assert.equal(ev.map((e) => e.seq), [0, 1, 2]);
  assert.ok(ev.every((e) => e.event.event === EventCode.PASSAGE));
  assert.equal(ev.map((e) => e.event.data!.allowed), [true, true, false]);
  assert.equal(ev.map((e) => e.event.data!.seq), [1, 2, 3]);
  expectStatus(b.host.call(Command.GET_INFO), Status.OK);
  expectStatus(b.host.call(Command.ACCESS_STREAM, { enable: false }), Status.OK);
  b.reader.tap(cards[0]);
  b.reader.advance(200);
  b.host.pump();
  assert.is(b.host.events.length, 3, 'no event once stopped');
  // A SYNC stops the stream too.
  b.reader.pull(cards[0]);
  expectStatus(b.host.call(Command.ACCESS_STREAM, { enable: true }), Status.OK);
  b.host.sync();
  b.reader.tap(cards[1]);
  b.reader.advance(200);
  b.host.pump();
  assert.is(b.host.events.length, 3);
});

test('JOURNAL_READ of many passages: batches fit one message; JOURNAL_ACK of passages', () => {
  const b = accessBench({ config: { doubleTapMs: 0 } });
  const card = newCard();
  expectStatus(b.host.call(Command.ACCESS_STREAM, { enable: true }), Status.OK);
  for (let i = 0; i < 150; i++) {
    b.reader.tap(card);
    b.reader.advance(30);
    b.reader.pull(card);
    b.reader.advance(30);
  }
  b.host.pump();
  assert.is(b.host.events.length, 150);
  let since = 0;
  let total = 0;
  let batches = 0;
  for (;;) {
    const a = b.host.call(Command.JOURNAL_READ, { since, kind: 1 });
    expectStatus(a, Status.OK);
    assert.ok(a.bytes.length <= 4096, `${a.bytes.length} bytes`);
    const ps = a.result.passages as { seq: number }[];
    if (ps.length === 0) break;
    assert.is(ps[0].seq, since === 0 ? 1 : since);
    total += ps.length;
    batches++;
    since = a.result.next as number;
  }
  assert.is(total, 150);
  assert.ok(batches >= 2, `${batches} batches`);
  expectStatus(b.host.call(Command.JOURNAL_ACK, { upTo: 150, kind: 1 }), Status.OK);
  assert.is((b.host.call(Command.GET_INFO).result.journal as { unacknowledged: number }).unacknowledged, 0);
});

test('two cards in the field: MULTIPLE_CARDS, nothing debited', () => {
  const b = merchantBench();
  const c1 = newCard();
  const c2 = newCard();
  b.reader.tap(c1);
  b.reader.tap(c2);
  const a = debit(b, c1, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  expectStatus(a, Status.MULTIPLE_CARDS);
  assert.is(balanceOf(c1, CINEMA) + balanceOf(c2, CINEMA), 10);
  b.reader.pull(c2);
  expectStatus(debit(b, c1, { benefit: CINEMA, amount: 1, requestId: rid(1) }), Status.OK);
  const ac = accessBench();
  ac.reader.tap(c1);
  ac.reader.tap(c2);
  expectStatus(ac.host.call(Command.ACCESS_CHECK), Status.MULTIPLE_CARDS);
});

test.run();
