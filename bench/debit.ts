/**
 * Table 4: what a debit costs, phase by phase, measured on the real firmware
 * running in the virtual reader (simulator/reader), instrumented from outside
 * (bench/instrument.ts): USB messages and packets each way, PN532 commands
 * and bytes each way, APDUs, firmware ticks, firmware JavaScript time (median
 * over several debits, each with a fresh card) and crypto calls. A second
 * column gives the firmware JavaScript time inside the engine harness when the
 * ES5 bundle can be driven there (bench/engine-reader.ts).
 */
import { Status, statusName } from '../protocol/status.js';
import { createNodeCrypto } from '../sdk/crypto/index.js';
import { DEBIT_PHASES, newSession, runAccessCheck, runDebit, sessionCard, type Session } from './reader-session.js';
import type { PhaseStats } from './instrument.js';
import type { Exchange } from './nfc-model.js';
import { median, progress, type BenchOptions, type Table } from './util.js';

/** One phase's row. */
export interface DebitPhaseRow extends Omit<PhaseStats, 'jsMs'> {
  /** Median firmware JavaScript time in Node, ms. */
  jsMsNode: number;
  /** Median firmware JavaScript time in the engine harness, ms (null when not measured). */
  jsMsEngine: number | null;
  engineProfile: string | null;
}

/** What the debit benchmark returns (traces feed table 5). */
export interface DebitResult {
  rows: DebitPhaseRow[];
  runs: number;
  debitTrace: Exchange[];
  pinAt: number;
  accessTrace: Exchange[];
  /** PN532 bus bytes (both ways) of the card-facing phases. */
  debitBusBytes: number;
  accessBusBytes: number;
  receiptBytes: number;
  accessStatus: string;
}

function phaseCopy(s: Session, name: string): PhaseStats | undefined {
  const p = s.meter.phases.get(name);
  return p ? JSON.parse(JSON.stringify(p)) : undefined;
}

/** Run table 4 in Node (the engine column is filled by the caller when available). */
export function benchDebit(o: BenchOptions): DebitResult {
  const crypto = createNodeCrypto();
  const runs = o.quick ? 3 : 9;
  const js = new Map<string, number[]>();
  let first: Map<string, PhaseStats> | null = null;
  let debitTrace: Exchange[] = [];
  let pinAt = -1;
  let receiptBytes = 0;
  progress(o, `debit phases: ${runs} debits on the virtual reader`);
  const s = newSession(crypto, 1);
  for (let i = 0; i < runs + 1; i++) {
    s.meter.phases.clear();
    const c = sessionCard(s, crypto);
    const a = runDebit(s, c.card, c.pin);
    if (a.status !== Status.OK) throw new Error(`bench debit failed: ${statusName(a.status)} ${JSON.stringify(a.details ?? {})}`);
    if (i === 0) continue; // warm-up: the first debit pays for JIT compilation
    if (!first) {
      first = new Map();
      for (const name of DEBIT_PHASES) {
        const p = phaseCopy(s, name);
        if (p) first.set(name, p);
      }
      debitTrace = s.trace;
      pinAt = s.pinAt;
      receiptBytes = (a.result.receipt as Uint8Array).length;
    }
    for (const name of DEBIT_PHASES) {
      const p = s.meter.phases.get(name);
      if (!p) continue;
      if (!js.has(name)) js.set(name, []);
      (js.get(name) as number[]).push(p.jsMs);
    }
  }
  const rows: DebitPhaseRow[] = [];
  for (const name of DEBIT_PHASES) {
    const p = (first as Map<string, PhaseStats>).get(name);
    if (!p) continue;
    const { jsMs: _ignored, ...rest } = p;
    rows.push({ ...rest, jsMsNode: median(js.get(name) ?? []), jsMsEngine: null, engineProfile: null });
  }
  const cardPhases = ['card read', 'PIN verify', 'card debit'];
  const debitBusBytes = rows.filter((r) => cardPhases.includes(r.name)).reduce((n, r) => n + r.busBytes, 0);

  progress(o, 'access check on a virtual access reader');
  const acc = newSession(crypto, 2);
  const card = sessionCard(acc, crypto);
  const chip = acc.reader.pn532;
  chip.resetStats();
  const r = runAccessCheck(acc, card.card);
  const accessBusBytes = chip.stats.bytesFromHost + chip.stats.busBytesRead;
  return {
    rows, runs, debitTrace, pinAt, accessTrace: acc.trace, debitBusBytes, accessBusBytes, receiptBytes,
    accessStatus: statusName(r.status) + (r.result.allowed === true ? ' (allowed)' : r.result.allowed === false ? ` (refused ${statusName(r.result.reason as number)})` : ''),
  };
}

function pair(a: number, b: number): string {
  return `${a} / ${b}`;
}

/** Table 4 from a result. */
export function debitTable(r: DebitResult): Table {
  const crypto = (p: DebitPhaseRow) => Object.entries(p.cryptoCalls).map(([k, v]) => `${k}${v > 1 ? ' x' + v : ''}`).join(', ') || '-';
  const engine = r.rows.find((x) => x.engineProfile)?.engineProfile;
  return {
    id: 'debit',
    title: 'Table 4. A debit, phase by phase (real firmware on the virtual reader; counts of one debit, JS time median)',
    columns: [
      'phase', 'msgs out/in', 'USB pkts out/in', 'PN532 cmds', 'PN532 bytes out/in', 'APDUs', 'APDU bytes out/in',
      'flash wr/erase', 'ticks', 'JS ms (Node)', `JS ms (${engine ?? 'engine'})`, 'crypto port calls',
    ],
    rows: r.rows.map((p) => [
      p.name, pair(p.msgsOut, p.msgsIn), pair(p.packetsOut, p.packetsIn), p.nfcCommands, pair(p.nfcBytesToChip, p.nfcBytesFromChip),
      p.apdus, pair(p.apduBytesToCard, p.apduBytesFromCard), pair(p.flashWrites, p.flashErases), p.ticks,
      Number(p.jsMsNode.toFixed(3)), p.jsMsEngine === null ? '-' : Number(p.jsMsEngine.toFixed(2)), crypto(p),
    ]),
    notes: [
      `${r.runs} debits of 1 cinema ticket, each with a fresh card; receipt ${r.receiptBytes} bytes. "out" = host->reader or reader->PN532/card.`,
      'Phases switch on port events: request packets; the tap; the WAITING_FOR_PIN keepalive; VERIFY PIN sent; READ WALLETS with balances;',
      'the receipt signature; the first flash write after it; the response. PIN entry = 5 keys at 50 ms press + 50 ms release of simulated time.',
      'Card debit includes the intent written to flash before DEBIT; the PN532 command of the journal phase is the InRelease that ends the tap.',
      'PN532 bytes = frame bytes written to / delivered by the chip (ACKs included); "ticks" = firmware tick() calls (10 ms of simulated time each).',
      'JS ms excludes port time (crypto, PN532, flash, USB are native on a board): it is the JavaScript a board would interpret.',
    ],
  };
}
