/**
 * Table-driven debit scenarios: test/vectors/scenarios.json, one uvu test per case, each
 * named after the rule it shows. Runs authorizeDebit (protocol/rules/authorize.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromHex, fromJson, loadVectors, statusCode } from '../vectors/load.js';
import { authorizeDebit } from '../../protocol/rules/authorize.js';
import type { DenyEntry } from '../../protocol/rules/denylist.js';
import type { Wallet } from '../../protocol/rules/wallet.js';
import { coPayment } from '../../protocol/catalogue/table.js';
import { benefitByName, categoryByName } from '../../protocol/catalogue/labels.js';
import { statusName } from '../../protocol/status.js';

type Time = string | number;
interface WalletJson { benefit: string; campaign: number; kind: string; balance: number; loaded: number; from: Time; until: Time; flags: number }
interface DenyJson { cardId: string; kind: string; benefits?: string[]; until?: Time }
interface CaseJson {
  name: string; wallets: string[]; benefit: string | number; amount: unknown; time: Time; reader: string[];
  denylist: string; card: string; collective?: boolean;
  expect: { status: string; walletIndex: number; balanceAfter: number; copayPerUnit?: number };
}
interface ScenarioFile { cards: Record<string, string>; wallets: Record<string, WalletJson>; denylists: Record<string, DenyJson[]>; cases: CaseJson[] }

const KINDS: Record<string, number> = { CENTS: 0, UNITS: 1, ENTITLEMENT: 2 };
const DENY_KINDS: Record<string, number> = { REVOKED: 1, SUSPENDED: 2 };

function unix(t: Time): number {
  if (typeof t === 'number') return t;
  const ms = Date.parse(t);
  if (Number.isNaN(ms) || !/[+-]\d\d:\d\d$|Z$/.test(t)) throw new Error(`bad time ${t}`);
  return ms / 1000;
}

function benefitCode(b: string | number): number {
  if (typeof b === 'number') return b;
  const c = benefitByName(b);
  if (!c) throw new Error(`unknown benefit ${b}`);
  return c;
}

const file = loadVectors<ScenarioFile>('scenarios');
const cardId = (name: string) => fromHex(file.cards[name] ?? (() => { throw new Error(`unknown card ${name}`); })());

function wallet(name: string): Wallet {
  const w = file.wallets[name];
  if (!w) throw new Error(`unknown wallet ${name}`);
  return {
    benefit: benefitCode(w.benefit), campaign: w.campaign, kind: KINDS[w.kind], balance: w.balance,
    loaded: w.loaded, from: unix(w.from), until: unix(w.until), flags: w.flags,
  };
}

function denylist(name: string): DenyEntry[] {
  const list = file.denylists[name];
  if (!list) throw new Error(`unknown denylist ${name}`);
  return list.map((e) => {
    const out: DenyEntry = { cardId: cardId(e.cardId), kind: DENY_KINDS[e.kind] };
    if (e.benefits) out.benefits = e.benefits.map(benefitCode);
    if (e.until !== undefined) out.until = unix(e.until);
    return out;
  });
}

test('scenario file: at least 40 cases with unique names', () => {
  assert.ok(file.cases.length >= 40, `${file.cases.length} cases`);
  assert.is(new Set(file.cases.map((c) => c.name)).size, file.cases.length);
});

for (const c of file.cases) {
  test(`scenario: ${c.name}`, () => {
    const wallets = c.wallets.map(wallet);
    const before = JSON.stringify(wallets);
    const readerCategories = c.reader.map((n) => {
      const code = categoryByName(n);
      if (!code) throw new Error(`unknown category ${n}`);
      return code;
    });
    const d = authorizeDebit({
      wallets, benefit: benefitCode(c.benefit), amount: fromJson(c.amount) as number, time: unix(c.time),
      readerCategories, denylist: denylist(c.denylist), cardId: cardId(c.card), collective: c.collective === true,
    });
    assert.is(statusName(d.status), c.expect.status);
    assert.is(d.status, statusCode(c.expect.status));
    assert.is(d.walletIndex, c.expect.walletIndex, 'walletIndex');
    assert.is(d.balanceAfter, c.expect.balanceAfter, 'balanceAfter');
    assert.is(JSON.stringify(wallets), before, 'authorizeDebit must not modify the wallets');
    if (c.expect.copayPerUnit !== undefined) assert.is(coPayment(benefitCode(c.benefit)), c.expect.copayPerUnit);
  });
}

test.run();
