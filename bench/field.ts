/**
 * Table 5: modelled card-in-field time of a debit and of an access check,
 * from the APDUs the firmware exchanged (or the reference traces when the
 * firmware could not run), at 106 and 424 kbit/s, with the card processing
 * assumptions of bench/nfc-model.ts, against EMV's 500 ms and Calypso's 200 ms.
 */
import { CARD_COSTS, RATE_106, RATE_424, commandName, fieldTime, type Exchange, type FieldTime } from './nfc-model.js';
import type { Table } from './util.js';

/** One modelled transaction. */
export interface FieldRow {
  transaction: string;
  kbps: number;
  model: FieldTime;
}

/** What table 5 is computed from. */
export interface FieldInput {
  source: string;
  debit: Exchange[];
  /** Index of the first exchange after the PIN entry. */
  pinAt: number;
  access: Exchange[];
  debitBusBytes: number;
  accessBusBytes: number;
}

/** Compute table 5's rows. */
export function benchField(inp: FieldInput): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [rate, kbps] of [[RATE_106, 106], [RATE_424, 424]] as const) {
    rows.push({ transaction: 'debit, whole (PIN time excluded)', kbps, model: fieldTime(inp.debit, rate, inp.debitBusBytes) });
    const after = fieldTime(inp.debit.slice(inp.pinAt), rate);
    // After the PIN the card is already active: no activation.
    const tail: FieldTime = { ...after, activationMs: 0, totalLowMs: after.totalLowMs - after.activationMs, totalHighMs: after.totalHighMs - after.activationMs };
    rows.push({ transaction: 'debit, after the PIN', kbps, model: tail });
    rows.push({ transaction: 'access check', kbps, model: fieldTime(inp.access, rate, inp.accessBusBytes) });
  }
  return rows;
}

/** The exchanges as a one-line summary: SELECT 14/17, ... */
export function traceSummary(trace: Exchange[]): string {
  return trace.map((e) => `${commandName(e.command)} ${e.command.length}/${e.response.length}`).join(', ');
}

/** Table 5 from its rows. */
export function fieldTable(rows: FieldRow[], inp: FieldInput): Table {
  const verdict = (ms: number) => (ms <= 200 ? 'both' : ms <= 500 ? 'EMV only' : 'neither');
  return {
    id: 'field',
    title: 'Table 5. Modelled card-in-field time (ms; low-high = card processing assumptions)',
    columns: ['transaction', 'kbit/s', 'APDUs', 'bytes rdr->card / card->rdr', 'activation', 'air', 'turnarounds', 'card low-high', 'PN532 I2C', 'total low-high', 'within 500 / 200 ms'],
    rows: rows.map((r) => [
      r.transaction, r.kbps, r.model.exchanges, `${r.model.readerBytes} / ${r.model.cardBytes}`, Number(r.model.activationMs.toFixed(1)),
      Number(r.model.airMs.toFixed(1)), Number(r.model.turnaroundMs.toFixed(1)), `${r.model.cardLowMs.toFixed(0)}-${r.model.cardHighMs.toFixed(0)}`,
      Number(r.model.busMs.toFixed(1)), `${r.model.totalLowMs.toFixed(0)}-${r.model.totalHighMs.toFixed(0)}`,
      `${verdict(r.model.totalLowMs)} - ${verdict(r.model.totalHighMs)}`,
    ]),
    notes: [
      `APDUs from ${inp.source}. Debit: ${traceSummary(inp.debit)}.`,
      `Access: ${traceSummary(inp.access)}.`,
      'The PN532 I2C time is counted for whole transactions only. Bytes include ISO-DEP framing (PCB + CRC_A per block, chaining R(ACK)s) and activation. The holder types the PIN while the card is',
      'in the field: that human time (seconds) is not in the totals; "after the PIN" is what remains once the PIN is typed.',
      'Card processing (ms, low-high): ' + Object.values(CARD_COSTS).map((c) => `${c.name} ${c.lowMs}-${c.highMs}`).join(', ') + ', VERIFY PIN (state) 0.5-1.',
      'Budgets: EMV contactless ~500 ms card-in-field target; Calypso "a complete transaction in less than 200 ms". Model: docs/benchmarks.md.',
    ],
  };
}
