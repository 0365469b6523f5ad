/**
 * The fault matrix of a debit, end to end through the SDK: one clean debit is measured (USB
 * packets each way, card DEBIT and VERIFY PIN steps, flash operations), then the same debit is
 * run once per fault: USB unplug and garble at every OUT and IN packet, a card tear at every step
 * of DEBIT and of VERIFY PIN, a reader power cut (half-written operation) at every flash write
 * or erase. After each fault the till recovers as sdk/README.md says, and every case checks:
 * a verified receipt or a typed error; getTransaction(requestId) has a receipt iff the card was
 * debited; money conserved; the journal's chain verifies with unique seq and requestId; the sale
 * is paid exactly once in the end. See docs/faults.md.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Ins } from '../../protocol/card/constants.js';
import { stepRecorder, type FaultPlan, type TearPoint } from '../../simulator/card/faults.js';
import { DeviceStatusError, TransportError, verifyReceipt, type Reader } from '../../sdk/index.js';
import type { Receipt } from '../../sdk/receipts/receipt.js';
import { CINEMA, LOADED, cinemaLeft, connect, crypto, drive, freshCase, issuer, provision, type Case } from './rig.js';

const test = suite('faults: debit matrix through the SDK');

const REQUEST_ID = 'a5'.repeat(16);
const AMOUNT = 2;
const REFERENCE = 'T-42';

/** Set up a provisioned reader with the card not yet in the field; counters start at the debit. */
async function setup(): Promise<{ c: Case; reader: Reader; ops0: number }> {
  const c = freshCase();
  const reader = await connect(c);
  await provision(c, reader);
  c.gadget.resetCounters();
  return { c, reader, ops0: c.flash.operations };
}

function debit(c: Case, reader: Reader): Promise<Receipt | Error> {
  return drive(c, (onProgress) =>
    reader.debit({ benefit: CINEMA, units: AMOUNT, reference: REFERENCE, requestId: REQUEST_ID }, { onProgress }).catch((e: Error) => e),
  );
}

const typed = (e: unknown): e is DeviceStatusError | TransportError => e instanceof DeviceStatusError || e instanceof TransportError;
const describe = (e: Receipt | Error): string => (e instanceof Error ? `${e.constructor.name}(${e.name}${'kind' in e ? `/${String(e.kind)}` : ''}): ${e.message}` : `receipt seq ${e.seq}`);

/** A receipt of this sale, verified again from its bytes alone. */
function checkReceipt(label: string, c: Case, r: Receipt): void {
  const v = verifyReceipt(r.bytes, { issuerRoot: issuer.rootPublicKey, crypto });
  assert.is(v.requestId, REQUEST_ID, `${label}: receipt requestId`);
  assert.is(v.amount, AMOUNT, `${label}: receipt amount`);
  assert.is(v.benefit, CINEMA, `${label}: receipt benefit`);
  assert.is(v.reference, REFERENCE, `${label}: receipt reference`);
  assert.is(v.cardId, Buffer.from(c.card.cardId).toString('hex'), `${label}: receipt card`);
}

/** getTransaction(requestId): the receipt, or null on TRANSACTION_NOT_FOUND (anything else fails the case). */
async function lookup(label: string, c: Case, reader: Reader): Promise<Receipt | null> {
  const r = await drive(c, () => reader.getTransaction(REQUEST_ID).catch((e: Error) => e));
  if (r instanceof DeviceStatusError && r.name === 'TRANSACTION_NOT_FOUND') return null;
  if (r instanceof Error) assert.unreachable(`${label}: getTransaction failed: ${describe(r)}`);
  return r as Receipt;
}

/** What a fault case records, for the per-kind tallies. */
interface Outcome {
  first: string;
  /** The paid receipt's kind: 'debit' (made by this request) or 'recovered' (rebuilt from the card). */
  kind: string;
  recoveredBy: 'first-call' | 'getTransaction' | 'retry';
}

/**
 * One case: `arm` plans the fault on the fresh case; the debit runs; `fired` says whether the
 * fault happened. Then recovery as a till does it, and the three checks.
 */
async function runCase(label: string, arm: (c: Case) => void, fired: (c: Case) => boolean): Promise<Outcome> {
  const s = await setup();
  const c = s.c;
  let reader = s.reader;
  arm(c);
  const first = await debit(c, reader);
  assert.ok(fired(c), `${label}: the fault did not happen`);
  // 1. a verified receipt, or a typed error
  if (first instanceof Error) assert.ok(typed(first), `${label}: untyped failure ${describe(first)}`);
  else {
    checkReceipt(label, c, first);
    assert.is(cinemaLeft(c), LOADED - AMOUNT, `${label}: a receipt but the card is not debited once`);
  }
  // The till recovers: power comes back, the cable is plugged back, it reconnects if the link is lost.
  if (c.vr.off) c.vr.reboot();
  if (!c.gadget.plugged) c.gadget.plug();
  if (reader.closed) {
    await reader.close();
    reader = await connect(c);
  }
  let outcome: Outcome['recoveredBy'] = 'first-call';
  let paid: Receipt | null = first instanceof Error ? null : first;
  if (!paid) {
    const unknown = first instanceof TransportError || (first as DeviceStatusError).name === 'CARD_REMOVED';
    if (!unknown) {
      // The reader's answer: nothing was debited.
      assert.is(cinemaLeft(c), LOADED, `${label}: ${describe(first as Error)} but the card was debited`);
    } else {
      paid = await lookup(label, c, reader);
      if (paid) {
        outcome = 'getTransaction';
        assert.is(cinemaLeft(c), LOADED - AMOUNT, `${label}: getTransaction has a receipt but the card is not debited once`);
      }
    }
  }
  if (!paid) {
    // The same sale again with the same request id; the holder taps and types again if asked.
    const retry = await debit(c, reader);
    if (retry instanceof Error) assert.unreachable(`${label}: first ${describe(first)}; retry failed: ${describe(retry)}`);
    paid = retry as Receipt;
    outcome = 'retry';
  }
  checkReceipt(label, c, paid);
  // 1. unambiguous: getTransaction has the receipt iff the card was debited (here: it must be, once)
  const found = await lookup(label, c, reader);
  const debited = LOADED - cinemaLeft(c);
  assert.is(found !== null, debited > 0, `${label}: getTransaction ${found ? 'has a receipt' : 'has none'}, card debited ${debited}`);
  assert.is(debited, AMOUNT, `${label}: the card debited exactly once (first ${describe(first)})`);
  assert.equal(found!.bytes, paid.bytes, `${label}: getTransaction returns the receipt the till holds`);
  // 3. the journal: chain verifies, unique seq and requestId
  const page = await drive(c, () => reader.journal());
  assert.ok(page.chain?.ok, `${label}: journal chain: ${page.chain?.message}`);
  assert.is(page.receipts.length, page.raw.length, `${label}: every journalled receipt verifies`);
  const seqs = page.receipts.map((r) => r.seq);
  const ids = page.receipts.map((r) => r.requestId);
  assert.is(new Set(seqs).size, seqs.length, `${label}: duplicate seq in ${seqs.join(',')}`);
  assert.is(new Set(ids).size, ids.length, `${label}: duplicate requestId`);
  // 2. money: card balance + receipts for this card == loaded
  const cardId = Buffer.from(c.card.cardId).toString('hex');
  const spent = page.receipts.filter((r) => r.cardId === cardId && r.benefit === CINEMA).reduce((n, r) => n + r.amount, 0);
  assert.is(cinemaLeft(c) + spent, LOADED, `${label}: balance ${cinemaLeft(c)} + receipts ${spent} != ${LOADED}`);
  await reader.close();
  return { first: first instanceof Error ? first.name : 'receipt', kind: paid.kind, recoveredBy: outcome };
}

// ---- the clean debit, measured ---------------------------------------------------------------

interface Profile {
  outPackets: number;
  inPackets: number;
  /** Steps of each DEBIT / VERIFY PIN command the card ran, in order. */
  debitSteps: number[];
  pinSteps: number[];
  /** Mutating flash operations (writes + erases), and of them the writes and erases. */
  flashOps: number;
  flashWrites: number;
  flashErases: number;
}
let profile: Profile | null = null;

/** The number of steps of each command with INS `ins`, in order. */
function stepsPerCommand(points: TearPoint[], ins: number): number[] {
  const out: number[] = [];
  for (const p of points) {
    if (p.ins !== ins) continue;
    if (p.step === 1) out.push(0);
    out[out.length - 1] = p.step;
  }
  return out;
}
const tallies: Record<string, Record<string, number>> = {};

/**
 * Run every case of one fault kind (each is fully checked; a failing case does not stop the
 * others) and fail with the list of failing cases.
 */
async function matrix(kind: string, cases: Array<() => Promise<Outcome>>): Promise<void> {
  const t = (tallies[kind] ??= {});
  const failures: string[] = [];
  for (const run of cases) {
    try {
      const o = await run();
      const key = `${o.first} -> ${o.recoveredBy} (${o.kind})`;
      t[key] = (t[key] ?? 0) + 1;
    } catch (e) {
      t.FAILED = (t.FAILED ?? 0) + 1;
      failures.push((e as Error).message);
    }
  }
  assert.ok(cases.length > 0, `${kind}: no case`);
  assert.is(failures.length, 0, `${kind}: ${failures.length} of ${cases.length} cases failed:\n    ${failures.join('\n    ')}`);
}

test('clean debit: verified receipt; counts of USB packets, card steps and flash operations', async () => {
  const { c, reader, ops0 } = await setup();
  const stats0 = { ...c.flash.stats };
  const rec = stepRecorder();
  c.card.faults = rec;
  const r = await debit(c, reader);
  assert.ok(!(r instanceof Error), `clean debit failed: ${describe(r)}`);
  checkReceipt('clean', c, r as Receipt);
  assert.is(cinemaLeft(c), LOADED - AMOUNT);
  const k = c.gadget.counters;
  profile = {
    outPackets: k.outPackets,
    inPackets: k.inPackets,
    debitSteps: stepsPerCommand(rec.points, Ins.DEBIT),
    pinSteps: stepsPerCommand(rec.points, Ins.VERIFY_PIN),
    flashOps: c.flash.operations - ops0,
    flashWrites: c.flash.stats.writes - stats0.writes,
    flashErases: c.flash.stats.erases - stats0.erases,
  };
  assert.ok(profile.outPackets >= 1 && profile.inPackets >= 2, JSON.stringify(profile));
  assert.equal(profile.debitSteps, [13], 'one DEBIT command of 13 numbered steps');
  assert.ok(profile.pinSteps.length >= 1 && profile.pinSteps.every((n) => n >= 4), JSON.stringify(profile));
  assert.ok(profile.flashOps >= 1, JSON.stringify(profile));
  await reader.close();
});

const need = (): Profile => {
  if (!profile) throw new Error('the clean debit did not run');
  return profile;
};

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

for (const dir of ['out', 'in'] as const) {
  const count = () => (dir === 'out' ? need().outPackets : need().inPackets);
  test(`unplug USB at every ${dir.toUpperCase()} packet of the debit`, () =>
    matrix(
      `unplug-${dir}`,
      range(count()).map((i) => () => runCase(`unplug ${dir} packet ${i}`, (c) => c.gadget.faults.unplugAt(dir, i), (c) => c.gadget.faults.pending === 0)),
    ));
  test(`garble a payload byte of every ${dir.toUpperCase()} packet of the debit`, () =>
    matrix(
      `garble-${dir}`,
      range(count()).map((i) => () =>
        runCase(
          `garble ${dir} packet ${i}`,
          (c) => c.gadget.faults.garble(dir, i, { offsets: [10], mask: 0x01 }),
          (c) => c.gadget.counters[dir === 'out' ? 'outGarbled' : 'inGarbled'] === 1,
        ),
      ),
    ));
}

/** Tear before step `step` of the `nth` command (from 1) whose INS is `ins`; `torn()` says whether it did. */
function tearAtNth(ins: number, nth: number, step: number): FaultPlan & { torn: () => boolean } {
  let seen = 0;
  let done = false;
  return {
    torn: () => done,
    tear(p) {
      if (p.ins !== ins) return false;
      if (p.step === 1) seen++;
      if (done || seen !== nth || p.step !== step) return false;
      done = true;
      return true;
    },
  };
}

for (const [name, ins] of [['DEBIT', Ins.DEBIT], ['VERIFY-PIN', Ins.VERIFY_PIN]] as const) {
  test(`tear the card at every step of every ${name} command of the debit`, () => {
    const commands = ins === Ins.DEBIT ? need().debitSteps : need().pinSteps;
    const cases: Array<() => Promise<Outcome>> = [];
    commands.forEach((steps, k) => {
      for (const step of range(steps)) {
        cases.push(() => {
          const plan = tearAtNth(ins, k + 1, step);
          return runCase(`tear ${name} #${k + 1} step ${step}`, (c) => (c.card.faults = plan), () => plan.torn());
        });
      }
    });
    return matrix(`tear-${name}`, cases);
  });
}

test('cut the reader power at every flash operation of the debit (half written), then reboot', () =>
  matrix(
    'power-cut',
    range(need().flashOps).map((k) => () => {
      let before = 0;
      return runCase(
        `power cut at flash operation ${k}`,
        (c) => {
          before = c.flash.operations;
          c.flash.cutAt({ atOperation: k });
        },
        (c) => c.vr.off && c.flash.operations === before + k,
      );
    }),
  ));

test('summary', () => {
  const p = need();
  console.log(`\n  fault matrix: ${JSON.stringify(p)}`);
  for (const [kind, t] of Object.entries(tallies)) console.log(`  ${kind}: ${JSON.stringify(t)}`);
  assert.ok(Object.keys(tallies).length === 7, 'every fault kind ran');
});

test.run();
