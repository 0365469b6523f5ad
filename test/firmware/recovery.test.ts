/**
 * A card pulled away mid-debit, a card torn at every step of DEBIT, a reader
 * power cut: nothing lost, nothing twice. Each test checks the money.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import { ReceiptKind } from '../../protocol/signed/receipt.js';
import type { Receipt } from '../../protocol/signed/receipt.js';
import { Ins } from '../../protocol/card/constants.js';
import { stepRecorder, tearAt } from '../../simulator/card/faults.js';
import { PowerCut, VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import type { ExchangeEvent } from '../../simulator/hw/pn532/virtual-pn532.js';
import {
  merchantBench, newCard, debit, startDebit, verified, assertMoney, balanceOf, expectStatus, rid, CINEMA, PIN,
} from './fixtures.js';

const isDebit = (e: ExchangeEvent) => e.apdu[1] === Ins.DEBIT;

test('card pulled after the card applied the debit: the reader waits for it and completes a RECOVERED receipt', () => {
  const b = merchantBench();
  const card = newCard();
  b.reader.pn532.hooks.afterExchange = (e) => {
    if (isDebit(e)) b.reader.pn532.removeCard(e.card);
  };
  const p = startDebit(b, card, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'R1' });
  b.reader.advance(500);
  assert.ok(b.reader.display.text().includes('Replacez'), b.reader.display.text());
  assert.is(balanceOf(card, CINEMA), 3, 'the card applied it');
  assert.is(b.host.poll(p), null, 'not answered yet');
  b.reader.pn532.hooks = {};
  b.reader.tap(card);
  const a = b.host.wait(p);
  expectStatus(a, Status.OK);
  assert.is(a.result.replayed, undefined, 'completed by this very request');
  const r = verified(b, a.result.receipt as Uint8Array);
  assert.is(r.kind, ReceiptKind.RECOVERED);
  assert.is(r.amount, 2);
  assert.is(r.reference, 'R1');
  assert.is(a.result.balance, 3);
  assertMoney(card, [r], CINEMA);
  const t = b.host.call(Command.GET_TRANSACTION, { requestId: rid(1) });
  assert.equal(Array.from(t.result.receipt as Uint8Array), Array.from(a.result.receipt as Uint8Array));
});

test('card pulled before the card saw DEBIT: on its return the PIN is asked again and it is debited once', () => {
  const b = merchantBench();
  const card = newCard();
  b.reader.pn532.hooks.beforeExchange = (e) => {
    if (isDebit(e)) b.reader.pn532.removeCard(e.card);
  };
  const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  b.reader.advance(500);
  assert.is(balanceOf(card, CINEMA), 5);
  b.reader.pn532.hooks = {};
  b.reader.tap(card);
  b.reader.advance(300);
  assert.ok(b.reader.display.text().includes('Code'), b.reader.display.text());
  b.reader.type(PIN + '#');
  const a = b.host.wait(p);
  expectStatus(a, Status.OK);
  const r = verified(b, a.result.receipt as Uint8Array);
  assert.is(r.kind, ReceiptKind.DEBIT);
  assert.is(r.seq, 1, 'no receipt for the attempt that did not happen');
  assertMoney(card, [r], CINEMA);
});

test('card not back in time: CARD_REMOVED; its next tap (any command) journals the receipt; a retry replays it', () => {
  const b = merchantBench({ config: { cardTimeoutMs: 4000 } });
  const card = newCard();
  b.reader.pn532.hooks.afterExchange = (e) => {
    if (isDebit(e)) b.reader.pn532.removeCard(e.card);
  };
  const a = b.host.wait(startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(7) }));
  b.reader.pn532.hooks = {};
  expectStatus(a, Status.CARD_REMOVED);
  expectStatus(b.host.call(Command.GET_TRANSACTION, { requestId: rid(7) }), Status.TRANSACTION_NOT_FOUND);
  expectStatus(b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 2, requestId: rid(7) }), Status.REQUEST_ID_CONFLICT);
  // The holder comes back later; the till reads the card.
  const rc = b.host.send(Command.READ_CARD);
  b.reader.tap(card);
  expectStatus(b.host.wait(rc), Status.OK);
  const t = b.host.call(Command.GET_TRANSACTION, { requestId: rid(7) });
  expectStatus(t, Status.OK);
  const r = verified(b, t.result.receipt as Uint8Array);
  assert.is(r.kind, ReceiptKind.RECOVERED);
  const retry = b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(7) });
  expectStatus(retry, Status.OK);
  assert.is(retry.result.replayed, true);
  assert.equal(Array.from(retry.result.receipt as Uint8Array), Array.from(t.result.receipt as Uint8Array));
  assertMoney(card, [r], CINEMA);
});

test('retry of a request whose card left mid-debit waits for that card; another card is told to go', () => {
  const b = merchantBench({ config: { cardTimeoutMs: 3000 } });
  const card = newCard();
  const other = newCard();
  b.reader.pn532.hooks.beforeExchange = (e) => {
    if (isDebit(e)) b.reader.pn532.removeCard(e.card);
  };
  expectStatus(b.host.wait(startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(3) })), Status.CARD_REMOVED);
  b.reader.pn532.hooks = {};
  const p = b.host.send(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(3) });
  b.reader.tap(other);
  b.reader.advance(300);
  assert.ok(b.reader.display.text().includes('Autre carte'), b.reader.display.text());
  b.reader.pull(other);
  b.reader.advance(200);
  b.reader.tap(card);
  b.reader.advance(300);
  b.reader.type(PIN + '#');
  const a = b.host.wait(p);
  expectStatus(a, Status.OK);
  const r = verified(b, a.result.receipt as Uint8Array);
  assert.is(r.kind, ReceiptKind.DEBIT, 'the first attempt did not happen: a normal debit');
  assertMoney(card, [r], CINEMA);
  assert.is(balanceOf(other, CINEMA), 5);
});

test('card torn at every step of DEBIT: exactly one debit or none, always with its receipt', () => {
  const probe = newCard();
  const rec = stepRecorder();
  probe.faults = rec;
  const pb = merchantBench();
  expectStatus(debit(pb, probe, { benefit: CINEMA, amount: 1, requestId: rid(1) }), Status.OK);
  const steps = rec.points.filter((p) => p.ins === Ins.DEBIT).length;
  assert.ok(steps >= 5, `${steps} steps in DEBIT`);
  let happened = 0;
  let notHappened = 0;
  for (let step = 1; step <= steps; step++) {
    const b = merchantBench();
    const card = newCard();
    card.faults = tearAt(step, Ins.DEBIT);
    const p = startDebit(b, card, { benefit: CINEMA, amount: 2, requestId: rid(step) });
    b.reader.advance(400);
    assert.is(b.host.poll(p), null, `step ${step}: waiting for the card to come back`);
    b.reader.tap(card);
    b.reader.advance(400);
    if (b.reader.display.text().includes('Code')) b.reader.type(PIN + '#');
    const a = b.host.wait(p);
    expectStatus(a, Status.OK, `step ${step}`);
    const r = verified(b, a.result.receipt as Uint8Array);
    if (r.kind === ReceiptKind.RECOVERED) happened++;
    else notHappened++;
    assert.is(balanceOf(card, CINEMA), 3, `step ${step}: debited exactly once`);
    assertMoney(card, [r], CINEMA);
  }
  assert.ok(happened > 0 && notHappened > 0, `${happened} recovered, ${notHappened} re-debited`);
});

test('reader power cut after the card applied the debit: after reboot the retry recovers the receipt', () => {
  const flash = new VirtualFlash(4096, 16);
  const b = merchantBench({ flash });
  const card = newCard();
  b.reader.pn532.hooks.afterExchange = (e) => {
    if (isDebit(e)) throw new PowerCut(0);
  };
  startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  assert.ok(b.reader.off, 'the reader lost power');
  assert.is(balanceOf(card, CINEMA), 4);
  b.reader.pn532.hooks = {};
  b.reader.reboot();
  b.host.sync();
  expectStatus(b.host.call(Command.GET_TRANSACTION, { requestId: rid(1) }), Status.TRANSACTION_NOT_FOUND);
  const p = b.host.send(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  const a = b.host.wait(p); // the card is still in the field
  expectStatus(a, Status.OK);
  assert.is(a.result.replayed, true, 'the debit was made by the request before the power cut');
  const r = verified(b, a.result.receipt as Uint8Array);
  assert.is(r.kind, ReceiptKind.RECOVERED);
  assertMoney(card, [r], CINEMA);
});

test('reader power cut while journalling the receipt: the receipt is rebuilt from the card on the next tap', () => {
  const flash = new VirtualFlash(4096, 16);
  const b = merchantBench({ flash });
  const card = newCard();
  const first = debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  const r1 = verified(b, first.result.receipt as Uint8Array);
  b.reader.pn532.hooks.afterExchange = (e) => {
    if (isDebit(e)) flash.cutAt({ atOperation: 1 }); // the next flash write is the receipt record
  };
  startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(2) });
  assert.ok(b.reader.off);
  b.reader.pn532.hooks = {};
  b.reader.reboot();
  b.host.sync();
  const bal = b.host.send(Command.BALANCE);
  b.reader.advance(300);
  b.reader.type(PIN + '#');
  expectStatus(b.host.wait(bal), Status.OK);
  const t = b.host.call(Command.GET_TRANSACTION, { requestId: rid(2) });
  expectStatus(t, Status.OK);
  const r2 = verified(b, t.result.receipt as Uint8Array);
  assert.is(r2.seq, 2);
  assert.is(r2.kind, ReceiptKind.RECOVERED);
  assertMoney(card, [r1, r2], CINEMA);
});

test('power cut at every flash write of a debit: never a lost or double debit', () => {
  // Count the flash writes of one debit, then cut at each of them in turn.
  const probe = merchantBench();
  const pc = newCard();
  const ops0 = probe.reader.flash.operations;
  expectStatus(debit(probe, pc, { benefit: CINEMA, amount: 1, requestId: rid(1) }), Status.OK);
  const ops = probe.reader.flash.operations - ops0;
  assert.ok(ops >= 3, `${ops} flash operations per debit`);
  for (let k = 1; k <= ops; k++) {
    const flash = new VirtualFlash(4096, 16);
    const b = merchantBench({ flash });
    const card = newCard();
    flash.cutAt({ atOperation: k });
    startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(50) });
    b.reader.advance(300);
    assert.ok(b.reader.off, `cut at operation ${k}`);
    b.reader.reboot();
    b.host.sync();
    // The till retries the same request; the card is still on the reader.
    const p = b.host.send(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(50) });
    b.reader.advance(400);
    if (b.reader.display.text().includes('Code')) b.reader.type(PIN + '#');
    const a = b.host.wait(p);
    expectStatus(a, Status.OK, `cut at operation ${k}`);
    const receipts: Receipt[] = [verified(b, a.result.receipt as Uint8Array)];
    assert.is(balanceOf(card, CINEMA), 4, `cut at operation ${k}: debited once`);
    assertMoney(card, receipts, CINEMA);
  }
});

test.run();
