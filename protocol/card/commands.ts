/**
 * Reader side: the command APDUs of the card profile (spec §6.3), ready to
 * send, and the GET RESPONSE continuation of long answers (SW 61xx).
 */
import type { ResponseApdu } from './apdu.js';
import { commandBytes } from './apdu.js';
import {
  CLA_ISO, CLA_PROPRIETARY, Ins, PASS_AID, READER_LE, WALLETS_PUBLIC, WALLETS_WITH_BALANCES,
} from './constants.js';
import type { DebitRequest } from './data.js';
import { encodeDebitRequest, encodePin } from './data.js';

/** 00 A4 04 00 08 F0 50 41 53 53 52 41 01 F0: select the Pass'Région applet. */
export function selectCommand(): Uint8Array {
  return commandBytes(CLA_ISO, Ins.SELECT, 0x04, 0x00, PASS_AID, READER_LE);
}

/** 00 C0 00 00 Le: the next part of a long response. */
export function getResponseCommand(le: number): Uint8Array {
  return commandBytes(CLA_ISO, Ins.GET_RESPONSE, 0, 0, undefined, le);
}

/** 80 CA 00 00 F0: the card certificate envelope. */
export function getCardDataCommand(): Uint8Array {
  return commandBytes(CLA_PROPRIETARY, Ins.GET_CARD_DATA, 0, 0, undefined, READER_LE);
}

/** 80 88 00 00 10 <challenge> F0: the card's signature of a 16-byte challenge. */
export function internalAuthenticateCommand(challenge: Uint8Array): Uint8Array {
  return commandBytes(CLA_PROPRIETARY, Ins.INTERNAL_AUTHENTICATE, 0, 0, challenge, READER_LE);
}

/** 80 20 00 00 04 <4 ASCII digits>: present the PIN. Throws BAD_REQUEST unless 4 digits. */
export function verifyPinCommand(pin: string): Uint8Array {
  return commandBytes(CLA_PROPRIETARY, Ins.VERIFY_PIN, 0, 0, encodePin(pin));
}

/** 80 20 00 00: ask the PIN state without trying (9000 verified, 63Cx tries left, 6983 blocked). */
export function pinStatusCommand(): Uint8Array {
  return commandBytes(CLA_PROPRIETARY, Ins.VERIFY_PIN, 0, 0);
}

/** 80 B2 P1 00 F0: the wallets; with balances (P1 = 1) the PIN must be verified. */
export function readWalletsCommand(withBalances: boolean): Uint8Array {
  const p1 = withBalances ? WALLETS_WITH_BALANCES : WALLETS_PUBLIC;
  return commandBytes(CLA_PROPRIETARY, Ins.READ_WALLETS, p1, 0, undefined, READER_LE);
}

/** 80 30 00 00 Lc <debit map> F0: debit; the answer is the card proof envelope. */
export function debitCommand(r: DebitRequest): Uint8Array {
  return commandBytes(CLA_PROPRIETARY, Ins.DEBIT, 0, 0, encodeDebitRequest(r), READER_LE);
}

/** 80 32 00 00 F0: the last transaction record. */
export function getLastTransactionCommand(): Uint8Array {
  return commandBytes(CLA_PROPRIETARY, Ins.GET_LAST_TRANSACTION, 0, 0, undefined, READER_LE);
}

/**
 * The GET RESPONSE to send after `r`, or null when `r` is complete (its SW is
 * not 61xx). Append `r.data` to the data gathered so far in either case.
 */
export function continuation(r: ResponseApdu): Uint8Array | null {
  if ((r.sw & 0xff00) !== 0x6100) return null;
  const left = r.sw & 0xff;
  return getResponseCommand(left === 0 || left > READER_LE ? READER_LE : left);
}
