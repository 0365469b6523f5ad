/**
 * Names of the card status words (spec §6.5), for logs, tools and tests. Host-side only:
 * the reader never shows them, so the firmware imports sw.ts (numbers) and not this module.
 */
import { Sw, swStatus } from './sw.js';

/** One row of the status-word table: `sw & mask === value` is `name` and maps to `status`. */
export interface SwRow {
  value: number;
  mask: number;
  status: number;
  name: string;
}

/** Named status words: value, mask, name (the table of spec §6.5, in its order). */
const NAMED: Array<[number, number, string]> = [
  [Sw.OK, 0xffff, 'OK'],
  [Sw.MORE_DATA, 0xff00, 'MORE_DATA'],
  [Sw.WRONG_PIN, 0xfff0, 'WRONG_PIN'],
  [Sw.PIN_REQUIRED, 0xffff, 'PIN_REQUIRED'],
  [Sw.PIN_BLOCKED, 0xffff, 'PIN_BLOCKED'],
  [Sw.NO_SUCH_BENEFIT, 0xffff, 'NO_SUCH_BENEFIT'],
  [Sw.NO_TRANSACTION, 0xffff, 'NO_TRANSACTION'],
  [Sw.WRONG_DATA, 0xffff, 'WRONG_DATA'],
  [Sw.WRONG_LENGTH, 0xffff, 'WRONG_LENGTH'],
  [Sw.WRONG_P1P2, 0xffff, 'WRONG_P1P2'],
  [Sw.INS_NOT_SUPPORTED, 0xffff, 'INS_NOT_SUPPORTED'],
  [Sw.CLA_NOT_SUPPORTED, 0xffff, 'CLA_NOT_SUPPORTED'],
  [Sw.APP_NOT_FOUND, 0xffff, 'APP_NOT_FOUND'],
  [Sw.UNKNOWN, 0xffff, 'UNKNOWN'],
  [Sw.CONDITIONS, 0xffff, 'CONDITIONS'],
  [Sw.MEMORY_FAILURE, 0xffff, 'MEMORY_FAILURE'],
  [Sw.RULE | 0x40, 0xffff, 'BENEFIT_SUSPENDED'],
  [Sw.RULE | 0x41, 0xffff, 'INSUFFICIENT_BALANCE'],
  [Sw.RULE | 0x42, 0xffff, 'BENEFIT_EXPIRED'],
  [Sw.RULE | 0x43, 0xffff, 'NOT_YET_VALID'],
  [Sw.RULE | 0x45, 0xffff, 'INVALID_AMOUNT'],
  [Sw.RULE | 0x46, 0xffff, 'INDIVIDUAL_ONLY'],
  [Sw.RULE | 0x47, 0xffff, 'CARD_CLOCK_CONFLICT'],
  [Sw.RULE | 0x48, 0xffff, 'NOT_ELIGIBLE'],
];

/** The status-word table with names; each row's status is what swStatus (sw.ts) maps it to. */
export const SW_TABLE: SwRow[] = NAMED.map(function (n) {
  return { value: n[0], mask: n[1], status: swStatus(n[0]), name: n[2] };
});

/** The table name of a status word (`63C2` -> 'WRONG_PIN'), or 'SW_xxxx'. */
export function swName(sw: number): string {
  for (let i = 0; i < SW_TABLE.length; i++) {
    const r = SW_TABLE[i];
    if ((sw & r.mask) === r.value) return r.name;
  }
  const h = (sw & 0xffff).toString(16);
  return 'SW_' + '0000'.substring(h.length) + h;
}
