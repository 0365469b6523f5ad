import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Journal } from '../../firmware/drivers/flash/journal.js';
import { Settings } from '../../firmware/drivers/flash/settings.js';
import { VirtualFlash, PowerCut } from '../../simulator/hw/flash/virtual-flash.js';
import { Status } from '../../protocol/status.js';
import { IntentLog } from '../../firmware/app/intents.js';
import type { Intent } from '../../firmware/app/intents.js';

const RECEIPT = 1;
const PASSAGE = 2;

/** A recognisable record payload for seq `n` of `len` bytes. */
function payload(n: number, len: number): Uint8Array {
  const d = new Uint8Array(len);
  for (let i = 0; i < len; i++) d[i] = (n * 31 + i * 7) & 0xff;
  return d;
}

/** All records of a type, as [seq, data] pairs. */
function dump(j: Journal, type: number): Array<[number, number[]]> {
  const out: Array<[number, number[]]> = [];
  j.forEach(type, 1, (ref) => {
    out.push([ref.seq, [...j.read(ref)]]);
  });
  return out;
}

const basics = suite('journal');

basics('appends, reads back in order, survives a reboot', () => {
  const flash = new VirtualFlash(1024, 8);
  const j = new Journal(flash, 0, 4);
  for (let n = 1; n <= 10; n++) assert.is(j.append(RECEIPT, n, payload(n, 40 + n)), Status.OK);
  assert.is(j.append(PASSAGE, 0, payload(99, 8)), Status.OK);
  const again = new Journal(flash, 0, 4);
  assert.is(again.last[RECEIPT], 10);
  assert.is(again.last[PASSAGE], 1);
  const recs = dump(again, RECEIPT);
  assert.equal(recs.map((r) => r[0]), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  recs.forEach(([seq, data]) => assert.equal(data, [...payload(seq, 40 + seq)]));
  assert.equal([...again.read(again.lastReceiptRef()!)], [...payload(10, 50)]);
});

basics('a write that does not read back is STORAGE_ERROR, and closes its page so later records survive a reboot', () => {
  const flash = new VirtualFlash(1024, 8);
  const j = new Journal(flash, 0, 4);
  for (let n = 1; n <= 2; n++) assert.is(j.append(RECEIPT, n, payload(n, 40)), Status.OK);
  // The next write does not stick (a worn cell): the chip leaves the bytes as they were.
  const write = flash.write.bind(flash);
  flash.write = () => {
    flash.write = write;
  };
  assert.is(j.append(RECEIPT, 3, payload(3, 40)), Status.STORAGE_ERROR);
  assert.is(j.last[RECEIPT], 2, 'the failed record is not counted');
  assert.is(j.append(RECEIPT, 3, payload(3, 40)), Status.OK, 'retried on a fresh page');
  assert.is(j.append(RECEIPT, 4, payload(4, 40)), Status.OK);
  const again = new Journal(flash, 0, 4);
  assert.equal(dump(again, RECEIPT).map((r) => r[0]), [1, 2, 3, 4]);
  assert.equal([...again.read(again.lastReceiptRef()!)], [...payload(4, 40)]);
});

basics('refuses with JOURNAL_FULL until acknowledged, never erasing unacknowledged records', () => {
  const flash = new VirtualFlash(512, 4);
  const j = new Journal(flash, 0, 4);
  let n = 0;
  while (j.append(RECEIPT, 0, payload(n + 1, 100)) === Status.OK) n++;
  assert.ok(n >= 8, `stored ${n} records`);
  assert.is(j.canAppend(100), false);
  assert.is(j.append(RECEIPT, 0, payload(0, 100)), Status.JOURNAL_FULL);
  assert.is(dump(j, RECEIPT).length, n, 'all unacknowledged records still there');
  assert.is(j.acknowledge(RECEIPT, 6), 6);
  assert.is(j.append(RECEIPT, 0, payload(n + 1, 100)), Status.OK, 'room after acknowledging');
  const after = new Journal(flash, 0, 4);
  assert.is(after.last[RECEIPT], n + 1);
  assert.ok(after.acked[RECEIPT] >= 6);
  const seqs = dump(after, RECEIPT).map((r) => r[0]);
  for (let s = 7; s <= n + 1; s++) assert.ok(seqs.includes(s), `unacknowledged ${s} kept`);
});

basics('the chain anchor survives erasure of every page that held it', () => {
  const flash = new VirtualFlash(256, 3);
  const j = new Journal(flash, 0, 3);
  assert.is(j.append(RECEIPT, 7, payload(1, 60)), Status.OK);
  j.acknowledge(RECEIPT, 1);
  // Fill pages with acknowledged passages so the receipt's page gets reused.
  for (let k = 1; k <= 40; k++) {
    assert.is(j.append(PASSAGE, 0, payload(k, 40)), Status.OK, `passage ${k}`);
    j.acknowledge(PASSAGE, k);
  }
  const after = new Journal(flash, 0, 3);
  const ref = after.lastReceiptRef();
  assert.ok(ref);
  assert.is(ref!.seq, 1);
  assert.is(ref!.key, 7);
  assert.equal([...after.read(ref!)], [...payload(1, 60)]);
  assert.is(after.append(RECEIPT, 0, payload(2, 10)), Status.OK);
  assert.is(after.last[RECEIPT], 2);
});

basics('records too large for a page are refused, not split', () => {
  const j = new Journal(new VirtualFlash(512, 2), 0, 2);
  assert.is(j.canAppend(j.maxRecord()), true);
  assert.is(j.append(RECEIPT, 0, new Uint8Array(j.maxRecord() + 1)), Status.JOURNAL_FULL);
});

basics.run();

const cuts = suite('journal power cuts');

/** A workload of appends and acknowledgements; returns the receipts whose append returned OK. */
function workload(j: Journal, done: Map<number, number[]>): void {
  for (let n = 1; n <= 24; n++) {
    const data = payload(n, 30 + ((n * 37) % 90));
    if (j.append(RECEIPT, n, data) === Status.OK) done.set(j.last[RECEIPT], [...data]);
    if (n % 5 === 0) j.acknowledge(RECEIPT, n - 3);
    if (n % 3 === 0) j.append(PASSAGE, 0, payload(1000 + n, 12));
  }
}

cuts('a cut at every flash write and erase, torn at several points, loses nothing acknowledged-to-host', () => {
  const probe = new VirtualFlash(512, 6);
  workload(new Journal(probe, 0, 6), new Map());
  const total = probe.operations;
  assert.ok(total > 30, `workload uses ${total} flash operations`);
  let cases = 0;
  for (let op = 1; op <= total; op++) {
    for (const partial of [0, 1, 15, 40, 1000]) {
      const flash = new VirtualFlash(512, 6);
      flash.cutAt({ atOperation: op, partial });
      const done = new Map<number, number[]>();
      let j = new Journal(flash, 0, 6);
      try {
        workload(j, done);
      } catch (e) {
        assert.instance(e, PowerCut);
      }
      flash.powerOn();
      j = new Journal(flash, 0, 6);
      const present = new Map(dump(j, RECEIPT));
      for (const [seq, data] of done) {
        if (seq <= j.acked[RECEIPT]) continue;
        assert.equal(present.get(seq), data, `op ${op}/${partial}: unacknowledged receipt ${seq} intact`);
      }
      const maxDone = Math.max(0, ...done.keys());
      assert.ok(j.last[RECEIPT] === maxDone || j.last[RECEIPT] === maxDone + 1, `op ${op}: last seq ${j.last[RECEIPT]} vs ${maxDone}`);
      const anchor = j.lastReceiptRef();
      if (j.last[RECEIPT] > 0) {
        assert.ok(anchor, `op ${op}: anchor present`);
        assert.is(anchor!.seq, j.last[RECEIPT]);
        assert.equal([...j.read(anchor!)], done.get(anchor!.seq) ?? [...payload(anchor!.seq, 30 + ((anchor!.seq * 37) % 90))]);
      }
      // The journal keeps working after the reboot.
      j.acknowledge(RECEIPT, j.last[RECEIPT]);
      j.acknowledge(PASSAGE, j.last[PASSAGE]);
      const next = j.last[RECEIPT] + 1;
      assert.is(j.append(RECEIPT, 0, payload(next, 20)), Status.OK, `op ${op}: append after reboot`);
      assert.is(new Journal(flash, 0, 6).last[RECEIPT], next);
      cases++;
    }
  }
  assert.ok(cases >= 150);
});

cuts.run();

const settings = suite('settings A/B store');

settings('a cut anywhere in a save leaves the previous or the new value, never a mix', () => {
  const a = payload(1, 3000);
  const b = payload(2, 2500);
  const probe = new VirtualFlash(1024, 8);
  const s0 = new Settings(probe, 0, 4);
  s0.save(a);
  const before = probe.operations;
  s0.save(b);
  const ops = probe.operations - before;
  for (let op = 1; op <= ops; op++) {
    for (const partial of [0, 7, 600]) {
      const flash = new VirtualFlash(1024, 8);
      new Settings(flash, 0, 4).save(a);
      flash.cutAt({ atOperation: op, partial });
      assert.throws(() => new Settings(flash, 0, 4).save(b));
      flash.powerOn();
      const got = [...(new Settings(flash, 0, 4).load() ?? [])];
      assert.equal(got, [...a], `cut at op ${op}/${partial}: the previous value`);
    }
  }
  const flash = new VirtualFlash(1024, 8);
  const s = new Settings(flash, 0, 4);
  assert.is(s.load(), null);
  s.save(a);
  s.save(b);
  assert.equal([...(new Settings(flash, 0, 4).load() ?? [])], [...b]);
  assert.is(s.save(new Uint8Array(s.capacity() + 1)), false);
});

settings.run();

const intents = suite('intent log power cuts');

/** An intent whose bytes all derive from `n`. */
function intent(n: number): Intent {
  return {
    cardId: payload(n, 8), challenge: payload(n + 500, 16), requestId: payload(n + 900, 12),
    benefit: 1, campaign: 2026, amount: n, time: 1_700_000_000 + n, reference: n % 2 ? `R${n}` : undefined,
  };
}

/** Adds intents and resolves most of them (several page changes); records what returned. */
function intentWorkload(log: IntentLog, added: Set<number>, resolved: Set<number>): void {
  for (let n = 1; n <= 30; n++) {
    log.add(intent(n));
    added.add(n);
    if (n % 4 !== 0) {
      log.resolve(intent(n));
      resolved.add(n);
    }
  }
}

intents('a cut at every write and erase leaves each intent as before or after the cut operation', () => {
  const probe = new VirtualFlash(1024, 3);
  intentWorkload(new IntentLog(probe, 0, 3), new Set(), new Set());
  const total = probe.operations;
  assert.ok(probe.stats.erases >= 4, `the workload changes pages (${probe.stats.erases} erases)`);
  for (let op = 1; op <= total; op++) {
    for (const partial of [0, 1, 20, 1000]) {
      const flash = new VirtualFlash(1024, 3);
      flash.cutAt({ atOperation: op, partial });
      const added = new Set<number>();
      const resolved = new Set<number>();
      assert.throws(() => intentWorkload(new IntentLog(flash, 0, 3), added, resolved));
      flash.powerOn();
      const log = new IntentLog(flash, 0, 3);
      const open = new Set(log.open.map((it) => it.amount));
      for (const n of added) {
        if (resolved.has(n)) assert.ok(!open.has(n), `op ${op}/${partial}: ${n} resolved`);
        else if (n !== Math.max(...added) || n % 4 === 0) assert.ok(open.has(n), `op ${op}/${partial}: ${n} open`);
      }
      for (const it of log.open) {
        // (An absent reference is an absent property, as the record leaves it out.)
        const want: Partial<Intent> = intent(it.amount);
        if (want.reference === undefined) delete want.reference;
        assert.equal(it, want, `op ${op}: intent ${it.amount} intact`);
        assert.ok(added.has(it.amount) || it.amount === added.size + 1, `op ${op}: ${it.amount} was added`);
      }
      // It keeps working after the reboot.
      log.add(intent(99));
      assert.ok(new IntentLog(flash, 0, 3).forCard(payload(99, 8)));
    }
  }
});

intents.run();
