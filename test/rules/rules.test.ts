/**
 * Unit and property tests of the ES5 rules (protocol/rules/*): amounts, debit arithmetic,
 * wallet selection, agreement, denylist.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { Benefit, Category, Kind } from '../../protocol/catalogue/codes.js';
import { applyDebit, checkAmount, checkAmountShape } from '../../protocol/rules/amount.js';
import { selectWallet } from '../../protocol/rules/select.js';
import { checkAgreement, checkCollective, checkReaderUsable } from '../../protocol/rules/agreement.js';
import { checkDenylist, DenyKind, sameCardId } from '../../protocol/rules/denylist.js';
import { authorizeDebit } from '../../protocol/rules/authorize.js';
import { MAX_U32, walletValidAt, WalletFlag } from '../../protocol/rules/wallet.js';
import type { Wallet } from '../../protocol/rules/wallet.js';

const W = (p: Partial<Wallet>): Wallet => ({
  benefit: Benefit.SHOWS, campaign: 2024, kind: Kind.CENTS, balance: 3000, loaded: 3000, from: 1000, until: 2000, flags: 0, ...p,
});

test('checkAmount: kinds, bounds and balance', () => {
  assert.is(checkAmount(Kind.CENTS, 3000, 3000), Status.OK);
  assert.is(checkAmount(Kind.CENTS, 3001, 3000), Status.INSUFFICIENT_BALANCE);
  assert.is(checkAmount(Kind.UNITS, 5, 5), Status.OK);
  assert.is(checkAmount(Kind.UNITS, 0, 5), Status.INVALID_AMOUNT);
  assert.is(checkAmount(Kind.ENTITLEMENT, 1, 0), Status.OK);
  assert.is(checkAmount(Kind.ENTITLEMENT, 1, MAX_U32), Status.OK);
  assert.is(checkAmount(Kind.ENTITLEMENT, 2, 0), Status.INVALID_AMOUNT);
  assert.is(checkAmount(7, 1, 10), Status.BAD_REQUEST);
  for (const bad of [0, -1, 0.5, 1.000001, NaN, Infinity, -Infinity, MAX_U32 + 1, 2 ** 53]) {
    assert.is(checkAmountShape(Kind.CENTS, bad), Status.INVALID_AMOUNT, String(bad));
  }
  assert.is(checkAmountShape(Kind.CENTS, '5' as unknown as number), Status.INVALID_AMOUNT);
  assert.is(checkAmountShape(Kind.CENTS, MAX_U32), Status.OK);
});

test('applyDebit: split, single use, entitlement counter, refused amounts leave the balance', () => {
  assert.is(applyDebit(W({}), 1250), 1750);
  assert.is(applyDebit(W({ flags: WalletFlag.SINGLE_USE }), 1250), 0);
  assert.is(applyDebit(W({ kind: Kind.ENTITLEMENT, balance: 7 }), 1), 8);
  assert.is(applyDebit(W({ kind: Kind.ENTITLEMENT, balance: MAX_U32 }), 1), MAX_U32);
  assert.is(applyDebit(W({}), 3001), 3000);
  assert.is(applyDebit(W({}), -5), 3000);
  assert.is(applyDebit(W({ flags: WalletFlag.SINGLE_USE }), 3001), 3000);
});

test('property: applyDebit never goes below zero nor above the balance for money and units', () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: MAX_U32 }), fc.oneof(fc.integer({ min: -10, max: MAX_U32 }), fc.double()), fc.boolean(), fc.constantFrom(Kind.CENTS, Kind.UNITS),
    (balance, amount, single, kind) => {
      const w = W({ balance, kind, flags: single ? WalletFlag.SINGLE_USE : 0 });
      const after = applyDebit(w, amount);
      const ok = checkAmount(kind, amount, balance) === Status.OK;
      if (!ok) return after === balance;
      return after >= 0 && after <= balance && Number.isInteger(after) && (single ? after === 0 : after === balance - amount);
    }), { numRuns: 500 });
});

test('walletValidAt: from inclusive, until exclusive', () => {
  const w = W({});
  assert.not.ok(walletValidAt(w, 999));
  assert.ok(walletValidAt(w, 1000));
  assert.ok(walletValidAt(w, 1999));
  assert.not.ok(walletValidAt(w, 2000));
});

test('selectWallet: without an amount, the first-expiring valid wallet', () => {
  const ws = [W({ until: 3000 }), W({ until: 2500 }), W({ benefit: Benefit.CINEMA, until: 2100 })];
  assert.equal(selectWallet(ws, Benefit.SHOWS, 1500), { status: Status.OK, index: 1 });
  assert.equal(selectWallet(ws, Benefit.MUSEUMS, 1500), { status: Status.NO_SUCH_BENEFIT, index: -1 });
  assert.equal(selectWallet(ws, Benefit.SHOWS, 999), { status: Status.NOT_YET_VALID, index: -1 });
  assert.equal(selectWallet(ws, Benefit.SHOWS, 3000), { status: Status.BENEFIT_EXPIRED, index: -1 });
  assert.equal(selectWallet([], Benefit.SHOWS, 1500), { status: Status.NO_SUCH_BENEFIT, index: -1 });
});

test('selectWallet: equal until and campaign keeps the lower index', () => {
  assert.equal(selectWallet([W({}), W({})], Benefit.SHOWS, 1500), { status: Status.OK, index: 0 });
});

test('property: a selected wallet is valid, covers the amount, and no valid covering wallet is spent before it', () => {
  const wallet = fc.record({
    benefit: fc.constantFrom(Benefit.SHOWS, Benefit.CINEMA), campaign: fc.integer({ min: 2022, max: 2025 }), kind: fc.constant(Kind.CENTS),
    balance: fc.integer({ min: 0, max: 5000 }), loaded: fc.constant(5000), from: fc.integer({ min: 0, max: 100 }),
    until: fc.integer({ min: 0, max: 200 }), flags: fc.constant(0),
  });
  fc.assert(fc.property(fc.array(wallet, { maxLength: 6 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 5000 }), (ws, t, amount) => {
    const r = selectWallet(ws, Benefit.SHOWS, t, amount);
    const valid = ws.map((w, i) => ({ w, i })).filter(({ w }) => w.benefit === Benefit.SHOWS && walletValidAt(w, t));
    const covering = valid.filter(({ w }) => w.balance >= amount);
    if (r.status === Status.OK) {
      const w = ws[r.index];
      if (!walletValidAt(w, t) || w.balance < amount) return false;
      return covering.every(({ w: o, i }) => o.until > w.until || (o.until === w.until && (o.campaign > w.campaign || (o.campaign === w.campaign && i >= r.index))));
    }
    if (r.status === Status.INSUFFICIENT_BALANCE) {
      return covering.length === 0 && valid.length > 0 && valid.every(({ w }) => w.balance <= ws[r.index].balance);
    }
    return valid.length === 0 && r.index === -1;
  }), { numRuns: 500 });
});

test('agreement: known benefit, reader use, category, collective', () => {
  assert.is(checkAgreement([Category.CINEMA], Benefit.CINEMA), Status.OK);
  assert.is(checkAgreement([Category.SHOWS, Category.MUSEUMS], Benefit.CINEMA), Status.CATEGORY_NOT_AGREED);
  assert.is(checkAgreement([Category.DIGITAL], Benefit.DIGITAL), Status.ONLINE_ONLY);
  assert.is(checkAgreement([Category.CINEMA], 0), Status.BAD_REQUEST);
  assert.is(checkReaderUsable(Benefit.MUSEUMS), Status.OK);
  assert.is(checkCollective(Benefit.FIRST_AID, true), Status.INDIVIDUAL_ONLY);
  assert.is(checkCollective(Benefit.FIRST_AID, false), Status.OK);
  assert.is(checkCollective(Benefit.COMP_TEXTBOOKS, true), Status.OK);
  assert.is(checkCollective(77, true), Status.BAD_REQUEST);
});

test('denylist: ids compared on all bytes, unknown kinds fail closed, until exclusive', () => {
  const a = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const b = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 9]);
  assert.ok(sameCardId(a, new Uint8Array(a)));
  assert.not.ok(sameCardId(a, b));
  assert.not.ok(sameCardId(a, a.subarray(0, 7)));
  assert.is(checkDenylist([], a, Benefit.SHOWS, 10), Status.OK);
  assert.is(checkDenylist([{ cardId: b, kind: DenyKind.REVOKED }], a, Benefit.SHOWS, 10), Status.OK);
  assert.is(checkDenylist([{ cardId: a, kind: 9 }], a, Benefit.SHOWS, 10), Status.CARD_REVOKED);
  const s = [{ cardId: a, kind: DenyKind.SUSPENDED, benefits: [Benefit.SHOWS, Benefit.CINEMA], until: 100 }];
  assert.is(checkDenylist(s, a, Benefit.SHOWS, 99), Status.BENEFIT_SUSPENDED);
  assert.is(checkDenylist(s, a, Benefit.SHOWS, 100), Status.OK);
  assert.is(checkDenylist(s, a, Benefit.MUSEUMS, 99), Status.OK);
  // The shape decoded by protocol/signed/denylist.ts: benefits [] = all, until 0 = for ever.
  assert.is(checkDenylist([{ cardId: a, kind: DenyKind.SUSPENDED, benefits: [], until: 0 }], a, Benefit.MUSEUMS, 4e9), Status.BENEFIT_SUSPENDED);
});

test('authorizeDebit: does not allocate wallets nor change them; decision for an ENTITLEMENT', () => {
  const ws = [W({ benefit: Benefit.MUSEUMS, kind: Kind.ENTITLEMENT, balance: 0, loaded: 0 })];
  const d = authorizeDebit({ wallets: ws, benefit: Benefit.MUSEUMS, amount: 1, time: 1500, readerCategories: [Category.MUSEUMS], denylist: [], cardId: new Uint8Array(8) });
  assert.equal(d, { status: Status.OK, walletIndex: 0, balanceAfter: 1 });
  assert.is(ws[0].balance, 0);
});

test('authorizeDebit: a time that is not a u32 whole number is a bad request; NaN makes no wallet valid', () => {
  const ws = [W({ benefit: Benefit.SHOWS })];
  const q = { wallets: ws, benefit: Benefit.SHOWS, amount: 100, readerCategories: [Category.SHOWS], denylist: [], cardId: new Uint8Array(8) };
  for (const time of [NaN, -1, 1500.5, MAX_U32 + 1]) assert.is(authorizeDebit({ ...q, time }).status, Status.BAD_REQUEST, String(time));
  assert.is(authorizeDebit({ ...q, time: 1500 }).status, Status.OK);
  assert.is(selectWallet(ws, Benefit.SHOWS, NaN).status, Status.BENEFIT_EXPIRED);
});

test.run();
