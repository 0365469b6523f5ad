/**
 * Status words of the card profile and their mapping to protocol status codes
 * (spec §6.5). One table, used by the card applet to answer and by the reader
 * firmware to translate a card answer into a status of §4. Their names (for logs
 * and tools, never shown by the reader) are in sw-names.ts.
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

/** Tries left carried by a 63Cx status word, or -1 for any other word. */
export function swTriesLeft(sw: number): number {
  return (sw & 0xfff0) === Sw.WRONG_PIN ? sw & 0x0f : -1;
}

/**
 * The status words that stand for one protocol status, as pairs (status word, status), in
 * the order the applet picks a status word for a status (the first pair with that status
 * wins). The ranges are code below: 61xx (more data: not an error), 63Cx (WRONG_PIN, x tries
 * left) and 93SS (benefit-rule status SS, 0x40..0x4F). Numbers only: the names of the status
 * words are host-side, in sw-names.ts.
 */
export const SW_STATUS: number[] = [
  Sw.OK, Status.OK, // success
  Sw.PIN_REQUIRED, Status.PIN_REQUIRED, // PIN not verified in this session
  Sw.PIN_BLOCKED, Status.PIN_BLOCKED, // PIN blocked
  Sw.NO_SUCH_BENEFIT, Status.NO_SUCH_BENEFIT, // no wallet of this benefit and campaign
  Sw.NO_TRANSACTION, Status.TRANSACTION_NOT_FOUND, // the card has made no debit yet
  Sw.WRONG_DATA, Status.BAD_REQUEST, // command data malformed
  Sw.WRONG_LENGTH, Status.BAD_REQUEST, // Lc or Le wrong for the command
  Sw.WRONG_P1P2, Status.BAD_REQUEST, // P1-P2 wrong for the command
  Sw.INS_NOT_SUPPORTED, Status.CARD_UNSUPPORTED, // instruction not supported
  Sw.CLA_NOT_SUPPORTED, Status.CARD_UNSUPPORTED, // class not supported
  Sw.APP_NOT_FOUND, Status.CARD_UNSUPPORTED, // no applet with this AID
  Sw.UNKNOWN, Status.CARD_ERROR, // internal error of the card
  Sw.CONDITIONS, Status.CARD_ERROR, // applet not selected or nothing pending
  Sw.MEMORY_FAILURE, Status.CARD_ERROR, // card memory write failed
];

/** The protocol status (§4) of a card status word; CARD_ERROR for an unknown one. */
export function swStatus(sw: number): number {
  const w = sw & 0xffff;
  if ((w & 0xff00) === Sw.MORE_DATA) return Status.OK;
  if (swTriesLeft(w) >= 0) return Status.WRONG_PIN;
  for (let i = 0; i < SW_STATUS.length; i += 2) if (SW_STATUS[i] === w) return SW_STATUS[i + 1];
  // 93SS with SS in the benefit-rule range: the status is SS.
  if ((w & 0xfff0) === (Sw.RULE | 0x40)) return w & 0xff;
  return Status.CARD_ERROR;
}

/**
 * The status word the applet sends for a protocol status: 63Cx for WRONG_PIN
 * (x = `triesLeft`), else the first pair of SW_STATUS with that status, else 93SS
 * for a benefit-rule status (0x40..0x4F), else 6F00.
 */
export function statusSw(status: number, triesLeft?: number): number {
  if (status === Status.WRONG_PIN) return Sw.WRONG_PIN | ((triesLeft || 0) & 0x0f);
  for (let i = 0; i < SW_STATUS.length; i += 2) if (SW_STATUS[i + 1] === status) return SW_STATUS[i];
  if (status >= 0x40 && status <= 0x4f) return Sw.RULE | status;
  return Sw.UNKNOWN;
}
