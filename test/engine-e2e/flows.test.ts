/**
 * The BUILT board bundles end to end, driven over USB packets like the
 * TypeScript firmware tests (test/firmware/): dist/firmware/jerryscript.js
 * under the "jerryscript" profile (64 KiB working-heap budget enforced by the
 * harness) and espruino.js under the "espruino" profile (no Map, Set,
 * Math.imul...). Per profile: a debit, a wrong PIN then the right one, a PIN
 * lockout, an access check with a double tap, a card pulled after it applied
 * the debit. The peak working heap of every engine is recorded per profile.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import { Ins } from '../../protocol/card/constants.js';
import { ReceiptKind } from '../../protocol/signed/receipt.js';
import type { ReaderConfig } from '../../firmware/app/config.js';
import { createEngine, JERRY_HEAP_BUDGET, engineStart, readBundle, type ProfileName } from '../../simulator/engine/index.js';
import { createVirtualReader } from '../../simulator/reader/index.js';
import { VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import type { ExchangeEvent } from '../../simulator/hw/pn532/virtual-pn532.js';
import { TestHost } from '../firmware/host.js';
import {
  crypto, issuer, newCard, provision, debit, startDebit, verified, assertMoney, balanceOf, expectStatus, rid, CINEMA, PIN,
} from '../firmware/fixtures.js';
import type { Bench } from '../firmware/fixtures.js';

/** Highest working heap seen per profile (bytes), over every engine of the profile. */
const peaks: Record<ProfileName, number> = { jerryscript: 0, espruino: 0 };
const open: (() => void)[] = [];

/** A provisioned reader (merchant mode 1 or access mode 2) whose firmware is the built bundle running in `profile`. */
async function bundleBench(profile: ProfileName, mode: 1 | 2, config: Partial<ReaderConfig> = {}): Promise<{ b: Bench; done: () => void; heap: () => { current: number; code: number } }> {
  const engine = await createEngine(profile);
  const bundle = profile + '.js';
  engine.load(readBundle(bundle), bundle);
  const reader = createVirtualReader({
    flash: new VirtualFlash(4096, 16),
    crypto,
    config: { issuerRoot: issuer.rootPublicKey, ...config },
    start: engineStart(engine),
  });
  const host = new TestHost(reader);
  host.sync();
  const info = host.call(Command.GET_INFO);
  expectStatus(info, Status.OK, 'GET_INFO');
  const b: Bench = { reader, host, certificate: null, info: info.result };
  provision(b, { mode });
  let disposed = false;
  const done = () => {
    if (disposed) return;
    disposed = true;
    const h = engine.heap();
    if (h.peakWorking > peaks[profile]) peaks[profile] = h.peakWorking;
    if (profile === 'jerryscript') assert.is(h.budget, JERRY_HEAP_BUDGET);
    engine.dispose();
  };
  open.push(done);
  return { b, done, heap: () => engine.heap() };
}

const isDebit = (e: ExchangeEvent) => e.apdu[1] === Ins.DEBIT;

test('jerryscript: the heap a reader holds grows by little per debit (no per-request garbage kept)', async () => {
  // quickjs frees by reference counting: a request that leaves a reference cycle behind
  // (closures that capture the object holding them) stays in the heap until a cycle
  // collection the 64 KiB profile may never reach. The held heap may grow with the receipt
  // index (a few numbers per receipt), not by whole request objects (~2.4 KB per debit).
  const { b, done, heap } = await bundleBench('jerryscript', 1);
  const held = () => heap().current - heap().code;
  const one = (i: number) => {
    const card = newCard();
    expectStatus(debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(i) }), Status.OK);
    b.reader.pull(card);
    b.reader.advance(100);
  };
  for (let i = 1; i <= 2; i++) one(i);
  const before = held();
  const n = 8;
  for (let i = 3; i < 3 + n; i++) one(i);
  const perDebit = (held() - before) / n;
  assert.ok(perDebit < 1024, `held heap grows ${Math.round(perDebit)} bytes per debit`);
  done();
});

for (const profile of ['jerryscript', 'espruino'] as const) {
  test(`${profile}: debit with the right PIN, receipt verifies, money conserved`, async () => {
    const { b, done } = await bundleBench(profile, 1);
    const card = newCard();
    const a = debit(b, card, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'E2E-1' });
    expectStatus(a, Status.OK);
    const r = verified(b, a.result.receipt as Uint8Array);
    assert.is(r.kind, ReceiptKind.DEBIT);
    assert.is(r.amount, 2);
    assert.is(r.reference, 'E2E-1');
    assert.is(a.result.balance, 3);
    assertMoney(card, [r], CINEMA);
    done();
  });

  test(`${profile}: wrong PIN then the right one on the same tap`, async () => {
    const { b, done } = await bundleBench(profile, 1);
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
    done();
  });

  test(`${profile}: three wrong PINs give PIN_BLOCKED, then the card is refused`, async () => {
    const { b, done } = await bundleBench(profile, 1);
    const card = newCard();
    const before = balanceOf(card, CINEMA);
    const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }, '0000');
    b.reader.type('0001#');
    b.reader.type('0002#');
    expectStatus(b.host.wait(p), Status.PIN_BLOCKED);
    assert.is(card.state().tries, 0);
    const again = debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(2) });
    expectStatus(again, Status.PIN_BLOCKED, 'refused before any digit');
    assert.not.ok(again.keepalives.some((k) => k.progress === 3), 'no PIN asked of a blocked card');
    assert.is(balanceOf(card, CINEMA), before);
    done();
  });

  test(`${profile}: access reader allows a card, then refuses its double tap`, async () => {
    const { b, done } = await bundleBench(profile, 2, { doubleTapMs: 5000 });
    const card = newCard();
    const check = () => {
      const p = b.host.send(Command.ACCESS_CHECK);
      b.reader.advance(50);
      b.reader.tap(card);
      const a = b.host.wait(p);
      b.reader.pull(card);
      b.reader.advance(50);
      return a;
    };
    const first = check();
    expectStatus(first, Status.OK);
    assert.is(first.result.allowed, true);
    assert.is(first.result.reason, Status.OK);
    const second = check();
    expectStatus(second, Status.OK);
    assert.is(second.result.allowed, false);
    assert.is(second.result.reason, Status.DOUBLE_TAP);
    done();
  });

  test(`${profile}: card pulled after it applied DEBIT: the next tap completes a RECOVERED receipt`, async () => {
    const { b, done } = await bundleBench(profile, 1);
    const card = newCard();
    b.reader.pn532.hooks.afterExchange = (e) => {
      if (isDebit(e)) b.reader.pn532.removeCard(e.card);
    };
    const p = startDebit(b, card, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'R1' });
    b.reader.advance(500);
    assert.is(balanceOf(card, CINEMA), 3, 'the card applied it');
    assert.is(b.host.poll(p), null, 'not answered while the card is away');
    b.reader.pn532.hooks = {};
    b.reader.tap(card);
    const a = b.host.wait(p);
    expectStatus(a, Status.OK);
    const r = verified(b, a.result.receipt as Uint8Array);
    assert.is(r.kind, ReceiptKind.RECOVERED);
    assert.is(r.amount, 2);
    assertMoney(card, [r], CINEMA);
    const retry = b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'R1' });
    expectStatus(retry, Status.OK);
    assert.is(retry.result.replayed, true, 'a retry replays, nothing debited twice');
    assert.is(balanceOf(card, CINEMA), 3);
    done();
  });
}

test('peak working heaps were recorded; jerryscript stays within its 64 KiB budget', () => {
  for (const d of open) d(); // engines of failed tests
  assert.ok(peaks.jerryscript > 0 && peaks.espruino > 0, JSON.stringify(peaks));
  assert.ok(peaks.jerryscript <= JERRY_HEAP_BUDGET, `jerryscript peak working heap ${peaks.jerryscript} bytes`);
  console.log(`engine-e2e flows: peak working heap jerryscript ${peaks.jerryscript} B (budget ${JERRY_HEAP_BUDGET}), espruino ${peaks.espruino} B`);
});

test.run();
