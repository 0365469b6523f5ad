/**
 * Status words of the card profile and their mapping to protocol status codes
 * (spec §6.5). One table, used by the card applet to answer and by the reader
 * firmware to translate a card answer into a status of §4.
 */
import { Status } from '../status.js';

/** Status words the applet sends (SW1 << 8 | SW2). */
export const enum Sw {
  OK = 0x9000,
  /** 61xx: xx more bytes (00: 256 or more) wait for GET RESPONSE. */
  MORE_DATA = 0x6100,
  /** 63Cx: wrong PIN, x tries left (1..2). */
  WRONG_PIN = 0x63c0,
  /** Non-volatile memory write failed. */
  MEMORY_FAILURE = 0x6581,
  /** Lc / Le inconsistent with the command. */
  WRONG_LENGTH = 0x6700,
  /** Security status not satisfied: the PIN is not verified in this session. */
  PIN_REQUIRED = 0x6982,
  /** Authentication method blocked: the PIN is blocked. */
  PIN_BLOCKED = 0x6983,
  /** Conditions of use not satisfied: applet not selected, nothing to GET RESPONSE. */
  CONDITIONS = 0x6985,
  /** Incorrect data field: bad CBOR, missing or ill-typed field. */
  WRONG_DATA = 0x6a80,
  /** Application not found: SELECT of an unknown AID. */
  APP_NOT_FOUND = 0x6a82,
  /** Record not found: no transaction yet (GET LAST TRANSACTION). */
  NO_TRANSACTION = 0x6a83,
  /** Incorrect P1-P2. */
  WRONG_P1P2 = 0x6a86,
  /** Referenced data not found: no wallet of this benefit and campaign. */
  NO_SUCH_BENEFIT = 0x6a88,
  /** Instruction not supported. */
  INS_NOT_SUPPORTED = 0x6d00,
  /** Class not supported. */
  CLA_NOT_SUPPORTED = 0x6e00,
  /** No precise diagnosis (internal error of the card). */
  UNKNOWN = 0x6f00,
  /** 93SS: proprietary, SS = a benefit-rule status of §4 (0x40..0x4F). */
  RULE = 0x9300,
}

/** One row of the status-word table: `sw & mask === value` maps to `status` (meanings: spec §6.5). */
export interface SwRow {
  value: number;
  mask: number;
  status: number;
  name: string;
}

/**
 * The status-word table, in the order the applet picks a status word for a
 * status (the first row with that status wins). 61xx is not an error: the
 * reader fetches the rest with GET RESPONSE.
 */
export const SW_TABLE: SwRow[] = [
  { value: 0x9000, mask: 0xffff, status: Status.OK, name: 'OK' }, // success
  { value: 0x6100, mask: 0xff00, status: Status.OK, name: 'MORE_DATA' }, // xx more bytes: send GET RESPONSE
  { value: 0x63c0, mask: 0xfff0, status: Status.WRONG_PIN, name: 'WRONG_PIN' }, // wrong PIN, x tries left
  { value: 0x6982, mask: 0xffff, status: Status.PIN_REQUIRED, name: 'PIN_REQUIRED' }, // PIN not verified in this session
  { value: 0x6983, mask: 0xffff, status: Status.PIN_BLOCKED, name: 'PIN_BLOCKED' }, // PIN blocked
  { value: 0x6a88, mask: 0xffff, status: Status.NO_SUCH_BENEFIT, name: 'NO_SUCH_BENEFIT' }, // no wallet of this benefit and campaign
  { value: 0x6a83, mask: 0xffff, status: Status.TRANSACTION_NOT_FOUND, name: 'NO_TRANSACTION' }, // the card has made no debit yet
  { value: 0x6a80, mask: 0xffff, status: Status.BAD_REQUEST, name: 'WRONG_DATA' }, // command data malformed
  { value: 0x6700, mask: 0xffff, status: Status.BAD_REQUEST, name: 'WRONG_LENGTH' }, // Lc or Le wrong for the command
  { value: 0x6a86, mask: 0xffff, status: Status.BAD_REQUEST, name: 'WRONG_P1P2' }, // P1-P2 wrong for the command
  { value: 0x6d00, mask: 0xffff, status: Status.CARD_UNSUPPORTED, name: 'INS_NOT_SUPPORTED' }, // instruction not supported
  { value: 0x6e00, mask: 0xffff, status: Status.CARD_UNSUPPORTED, name: 'CLA_NOT_SUPPORTED' }, // class not supported
  { value: 0x6a82, mask: 0xffff, status: Status.CARD_UNSUPPORTED, name: 'APP_NOT_FOUND' }, // no applet with this AID
  { value: 0x6f00, mask: 0xffff, status: Status.CARD_ERROR, name: 'UNKNOWN' }, // internal error of the card
  { value: 0x6985, mask: 0xffff, status: Status.CARD_ERROR, name: 'CONDITIONS' }, // applet not selected or nothing pending
  { value: 0x6581, mask: 0xffff, status: Status.CARD_ERROR, name: 'MEMORY_FAILURE' }, // card memory write failed
  { value: 0x9340, mask: 0xffff, status: Status.BENEFIT_SUSPENDED, name: 'BENEFIT_SUSPENDED' }, // the benefit is suspended
  { value: 0x9341, mask: 0xffff, status: Status.INSUFFICIENT_BALANCE, name: 'INSUFFICIENT_BALANCE' }, // balance lower than the amount
  { value: 0x9342, mask: 0xffff, status: Status.BENEFIT_EXPIRED, name: 'BENEFIT_EXPIRED' }, // wallet validity ended before the time
  { value: 0x9343, mask: 0xffff, status: Status.NOT_YET_VALID, name: 'NOT_YET_VALID' }, // wallet validity starts after the time
  { value: 0x9345, mask: 0xffff, status: Status.INVALID_AMOUNT, name: 'INVALID_AMOUNT' }, // amount zero, negative or too large
  { value: 0x9346, mask: 0xffff, status: Status.INDIVIDUAL_ONLY, name: 'INDIVIDUAL_ONLY' }, // benefit cannot be used collectively
  { value: 0x9347, mask: 0xffff, status: Status.CARD_CLOCK_CONFLICT, name: 'CARD_CLOCK_CONFLICT' }, // time before the card's last transaction
  { value: 0x9348, mask: 0xffff, status: Status.NOT_ELIGIBLE, name: 'NOT_ELIGIBLE' }, // holder not eligible for the benefit
];

/** The protocol status (§4) of a card status word; CARD_ERROR for an unknown one. */
export function swStatus(sw: number): number {
  for (let i = 0; i < SW_TABLE.length; i++) {
    const r = SW_TABLE[i];
    if ((sw & r.mask) === r.value) return r.status;
  }
  // 93SS with SS in the benefit-rule range, for codes added to §4 later.
  if ((sw & 0xfff0) === 0x9340) return sw & 0xff;
  return Status.CARD_ERROR;
}

/** Tries left carried by a 63Cx status word, or -1 for any other word. */
export function swTriesLeft(sw: number): number {
  return (sw & 0xfff0) === Sw.WRONG_PIN ? sw & 0x0f : -1;
}

/**
 * The status word the applet sends for a protocol status: 63Cx for WRONG_PIN
 * (x = `triesLeft`), else the first table row with that status, else 93SS for
 * a benefit-rule status (0x40..0x4F) without a row, else 6F00.
 */
export function statusSw(status: number, triesLeft?: number): number {
  if (status === Status.WRONG_PIN) return Sw.WRONG_PIN | ((triesLeft || 0) & 0x0f);
  for (let i = 0; i < SW_TABLE.length; i++) {
    if (SW_TABLE[i].status === status && SW_TABLE[i].mask === 0xffff) return SW_TABLE[i].value;
  }
  if (status >= 0x40 && status <= 0x4f) return Sw.RULE | status;
  return Sw.UNKNOWN;
}

/** The table name of a status word (`63C2` -> 'WRONG_PIN'), or 'SW_xxxx'. */
export function swName(sw: number): string {
  for (let i = 0; i < SW_TABLE.length; i++) {
    const r = SW_TABLE[i];
    if ((sw & r.mask) === r.value) return r.name;
  }
  const h = (sw & 0xffff).toString(16);
  return 'SW_' + '0000'.substring(h.length) + h;
}
