/** PROVISION_DENYLIST and its effect on debits, balances and card reads. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import type { DenylistEntry } from '../../protocol/signed/denylist.js';
import { createIssuer } from '../../simulator/issuer/issuer.js';
import { VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import {
  merchantBench, newCard, debit, startDebit, expectStatus, rid, balanceOf, issuer, crypto, CINEMA, EQUIPMENT, PIN, OCT_2024,
} from './fixtures.js';
import type { Bench } from './fixtures.js';

/** Install every part of a denylist version; returns the last answer. */
function install(b: Bench, version: number, entries: DenylistEntry[]) {
  const parts = issuer.issueDenylist(version, entries, OCT_2024 - 86400);
  let a = null;
  for (const part of parts) {
    a = b.host.call(Command.PROVISION_DENYLIST, { part });
    expectStatus(a, Status.OK, `part of version ${version}`);
  }
  return { answer: a!, parts: parts.length };
}

/** `n` filler entries of other cards, sorted before the real ones. */
function filler(n: number): DenylistEntry[] {
  const out: DenylistEntry[] = [];
  for (let i = 0; i < n; i++) {
    const id = new Uint8Array(8);
    id[0] = 0x01;
    new DataView(id.buffer).setUint32(4, i);
    out.push({ cardId: id, kind: 1, benefits: [], until: 0 });
  }
  return out;
}

test('a revoked card is refused before the PIN; READ_CARD reports it; BALANCE refuses it', () => {
  const b = merchantBench();
  const lost = newCard();
  const dup = issuer.duplicateCard(lost);
  const { answer } = install(b, 3, [dup.revocation]);
  assert.equal(answer.result, { version: 3, partsReceived: 1, parts: 1, complete: true });
  assert.is(b.host.call(Command.GET_INFO).result.denylistVersion, 3);
  const p = b.host.send(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  b.reader.tap(lost);
  const a = b.host.wait(p);
  expectStatus(a, Status.CARD_REVOKED);
  assert.not.ok(a.keepalives.some((k) => k.progress === 3), 'no PIN asked');
  assert.is(balanceOf(lost, CINEMA), 5);
  const rc = b.host.call(Command.READ_CARD);
  expectStatus(rc, Status.OK);
  assert.is(rc.result.state, 1, 'REVOKED');
  expectStatus(b.host.call(Command.BALANCE), Status.CARD_REVOKED);
  b.reader.pull(lost);
  // The duplicate works.
  expectStatus(debit(b, dup.card, { benefit: CINEMA, amount: 1, requestId: rid(2) }), Status.OK);
});

test('a suspended benefit is refused; other benefits of the card still work; BALANCE flags it', () => {
  const b = merchantBench();
  const card = newCard();
  install(b, 1, [{ cardId: card.cardId, kind: 2, benefits: [CINEMA], until: OCT_2024 + 86400 * 30 }]);
  const p = b.host.send(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1) });
  b.reader.tap(card);
  expectStatus(b.host.wait(p), Status.BENEFIT_SUSPENDED);
  expectStatus(debit(b, card, { benefit: EQUIPMENT, amount: 500, requestId: rid(2) }), Status.OK);
  const bal = b.host.send(Command.BALANCE);
  b.reader.advance(300);
  b.reader.type(PIN + '#');
  const a = b.host.wait(bal);
  expectStatus(a, Status.OK);
  const ws = a.result.wallets as { benefit: number; balance: number; suspended?: boolean }[];
  assert.is(ws.find((w) => w.benefit === CINEMA)!.suspended, true);
  assert.is(ws.find((w) => w.benefit === EQUIPMENT)!.suspended, undefined);
  assert.is(ws.find((w) => w.benefit === EQUIPMENT)!.balance, 19500);
  // The suspension ends.
  b.reader.pull(card);
  b.reader.clock.advance(86400 * 31 * 1000);
  expectStatus(debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(3) }), Status.OK);
});

test('older version refused with the installed version; invalid part refused; same version answered complete', () => {
  const b = merchantBench();
  const card = newCard();
  install(b, 5, [{ cardId: card.cardId, kind: 1, benefits: [], until: 0 }]);
  const older = issuer.issueDenylist(4, [], OCT_2024);
  const a = b.host.call(Command.PROVISION_DENYLIST, { part: older[0] });
  expectStatus(a, Status.DENYLIST_OLDER);
  assert.equal(a.details, { version: 5 });
  const foreign = createIssuer('someone else', crypto).issueDenylist(9, [], OCT_2024);
  expectStatus(b.host.call(Command.PROVISION_DENYLIST, { part: foreign[0] }), Status.DENYLIST_INVALID);
  const same = issuer.issueDenylist(5, [], OCT_2024);
  const s = b.host.call(Command.PROVISION_DENYLIST, { part: same[0] });
  expectStatus(s, Status.OK);
  assert.is(s.result.complete, true);
  assert.is(b.host.call(Command.GET_INFO).result.denylistVersion, 5);
  // A newer, empty version lifts the revocation.
  install(b, 6, []);
  expectStatus(debit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }), Status.OK);
});

test('a denylist in several parts is installed only when complete, in any order, and survives a reboot', () => {
  const flash = new VirtualFlash(4096, 16);
  const b = merchantBench({ flash });
  const card = newCard();
  const entries = [...filler(300), { cardId: card.cardId, kind: 1, benefits: [], until: 0 }];
  const parts = issuer.issueDenylist(2, entries, OCT_2024);
  assert.ok(parts.length >= 2, `${parts.length} parts`);
  const order = parts.map((_, i) => i).reverse();
  for (let k = 0; k < order.length; k++) {
    const a = b.host.call(Command.PROVISION_DENYLIST, { part: parts[order[k]] });
    expectStatus(a, Status.OK);
    assert.is(a.result.partsReceived, k + 1);
    assert.is(a.result.complete, k === order.length - 1);
    assert.is(b.host.call(Command.GET_INFO).result.denylistVersion, k === order.length - 1 ? 2 : 0);
  }
  b.reader.reboot();
  b.host.sync();
  assert.is(b.host.call(Command.GET_INFO).result.denylistVersion, 2);
  const p = startDebit(b, card, { benefit: CINEMA, amount: 1, requestId: rid(1) }, '');
  expectStatus(b.host.wait(p), Status.CARD_REVOKED);
});

test.run();
