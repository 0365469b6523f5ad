/**
 * Table 6: simulator throughput. Whole debits in-process on the virtual
 * reader (real firmware, virtual PN532, card applet, keypad), the PIN typed
 * by script, without instrumentation; and access checks. Wall-clock rate
 * over a run of transactions, each with a fresh card.
 */
import { performance } from 'node:perf_hooks';
import { Status, statusName } from '../protocol/status.js';
import { createNodeCrypto } from '../sdk/crypto/index.js';
import { newSession, runAccessCheck, runDebit, sessionCard } from './reader-session.js';
import { CardApplet } from '../simulator/card/applet.js';
import type { BenchCard } from './card-trace.js';
import type { Session } from './reader-session.js';
import { median, progress, type BenchOptions, type Table } from './util.js';

/** One row. */
export interface ThroughputRow {
  what: string;
  transactions: number;
  perSec: number;
  msEach: number;
  simulatedMsEach: number;
  ticksEach: number;
}

/**
 * A pool of `n` cards, each handed out again as it was issued (memory image
 * restored): transactions find a full wallet, and the crypto port sees a
 * bounded set of card keys, as a till serving regular holders would.
 */
function cardPool(s: Session, crypto: ReturnType<typeof createNodeCrypto>, n: number): () => BenchCard {
  const pool = Array.from({ length: n }, () => sessionCard(s, crypto));
  const images = pool.map((c) => c.card.toJSON());
  let next = 0;
  return () => {
    const i = next++ % n;
    return { ...pool[i], card: CardApplet.fromJSON(images[i], crypto) };
  };
}

/** Run table 6. */
export function benchThroughput(o: BenchOptions): { table: Table; rows: ThroughputRow[] } {
  const crypto = createNodeCrypto();
  const rows: ThroughputRow[] = [];
  const POOL = 8;
  const batch = o.quick ? 10 : 40;
  const rounds = o.quick ? 1 : 3;

  progress(o, `throughput: ${rounds} x ${batch} debits`);
  const rates: number[] = [];
  let simMs = 0;
  let ticks = 0;
  for (let r = 0; r < rounds; r++) {
    // A new reader per round keeps the journal far from full.
    const s = newSession(crypto, 1, false);
    const card = cardPool(s, crypto, POOL);
    const w = card();
    const warm = runDebit(s, w.card, w.pin);
    if (warm.status !== Status.OK) throw new Error('throughput debit: ' + statusName(warm.status));
    let fwTicks = 0;
    const tick = s.reader.firmware.tick.bind(s.reader.firmware);
    s.reader.firmware.tick = () => {
      fwTicks++;
      tick();
    };
    const sim0 = s.reader.clock.monotonic();
    const t0 = performance.now();
    for (let i = 1; i <= batch; i++) {
      const c = card();
      const a = runDebit(s, c.card, c.pin);
      if (a.status !== Status.OK) throw new Error('throughput debit: ' + statusName(a.status));
    }
    const dt = performance.now() - t0;
    rates.push((batch * 1000) / dt);
    simMs = (s.reader.clock.monotonic() - sim0) / batch;
    ticks = fwTicks / batch;
  }
  const perSec = median(rates);
  rows.push({ what: 'debit (request, tap, PIN typed, receipt)', transactions: batch * rounds, perSec, msEach: 1000 / perSec, simulatedMsEach: simMs, ticksEach: ticks });

  progress(o, `throughput: access checks`);
  // No double-tap window: the pool's cards come back within seconds of simulated time.
  const acc = newSession(crypto, 2, false, { doubleTapMs: 0 });
  const n = o.quick ? 20 : 100;
  const card = cardPool(acc, crypto, POOL);
  runAccessCheck(acc, card().card);
  const sim0 = acc.reader.clock.monotonic();
  const t0 = performance.now();
  for (let i = 1; i <= n; i++) {
    const a = runAccessCheck(acc, card().card);
    if (a.status !== Status.OK) throw new Error('throughput access check: ' + statusName(a.status));
  }
  const dt = performance.now() - t0;
  rows.push({ what: 'access check (request, tap, answer)', transactions: n, perSec: (n * 1000) / dt, msEach: dt / n, simulatedMsEach: (acc.reader.clock.monotonic() - sim0) / n, ticksEach: NaN });

  const table: Table = {
    id: 'throughput',
    title: 'Table 6. Simulator throughput (in-process, real firmware, PIN typed by script)',
    columns: ['transaction', 'count', 'per second (wall)', 'ms each (wall)', 'simulated ms each', 'firmware ticks each'],
    rows: rows.map((r) => [r.what, r.transactions, r.perSec, r.msEach, r.simulatedMsEach, Number.isFinite(r.ticksEach) ? r.ticksEach : '-']),
    notes: [
      'Cards come from a pool of 8 of the dev issuer, each restored to its issued state before use (a full wallet; a bounded set',
      'of card keys for the crypto port); access reader with no double-tap window. The card is pulled after the answer, 50 ms pass.',
      'Simulated time runs only through ticks (10 ms each): the PIN costs 5 keys x 100 ms of it, which the wall clock does not wait for.',
      'Median of the rounds for debits; node:crypto does the ed25519 work (card certificate, card auth, card proof, receipt signature).',
    ],
  };
  return { table, rows };
}
