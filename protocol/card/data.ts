/**
 * Encoding and decoding of the data fields of card commands and responses
 * (spec §6.4), shared by the card applet and the reader. Decoders never
 * throw: they return null for anything that is not canonical CBOR of the
 * right shape.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import type { CborArray, CborValue } from '../cbor/index.js';
import { decode, encode } from '../cbor/index.js';
import type { Schema } from '../messages/schema.js';
import { readBody, toWire } from '../messages/wire.js';
import { PIN_LENGTH } from './constants.js';
import { DEBIT_FIELDS, LAST_TRANSACTION_FIELDS, SELECT_FIELDS, WALLET_FIELDS, WalletKey } from './fields.js';

/** SELECT response data. */
export interface SelectData {
  /** Applet version (APPLET_VERSION). */
  version: number;
  /** Card id, 8 bytes. */
  cardId: Uint8Array;
  /**
   * Transaction counter: debits applied so far (0 for a new card). A reader
   * notes it before DEBIT to tell, after a tear, "not applied" (unchanged) from
   * "record overwritten by a later debit" (moved by more than one).
   */
  counter: number;
}

/**
 * A wallet as READ WALLETS shows it: the rules' Wallet, with `balance` absent
 * in the public view (P1 = 0).
 */
export interface WalletView {
  benefit: number;
  campaign: number;
  kind: number;
  balance?: number;
  loaded: number;
  from: number;
  until: number;
  flags: number;
}

/** DEBIT command data. */
export interface DebitRequest {
  /** Benefit code. */
  benefit: number;
  /** Campaign of the wallet to debit (the reader chose it with the rules' selectWallet). */
  campaign: number;
  /** Cents, units, or 1 for an entitlement. */
  amount: number;
  /** Reader time, unix seconds. */
  time: number;
  /** Fresh random challenge (16 bytes), echoed in the card proof. */
  challenge: Uint8Array;
  /** The reader's id (8 bytes). */
  readerId: Uint8Array;
}

/** GET LAST TRANSACTION response data. */
export interface LastTransaction {
  /** Card proof envelope of the last debit, byte-identical to the DEBIT response. */
  proof: Uint8Array;
  /** Reader id the debit named. */
  readerId: Uint8Array;
}

/** The value `bytes` encode, or undefined when they are not canonical CBOR. */
function decodeOrUndefined(bytes: Uint8Array): CborValue | undefined {
  try {
    return decode(bytes);
  } catch (e) {
    return undefined;
  }
}

/** Decode `bytes` and read it against `fields`; null on any failure. */
function decodeMap(bytes: Uint8Array, fields: Schema): object | null {
  return readBody(fields, decodeOrUndefined(bytes));
}

/** Encode the SELECT response data. */
export function encodeSelectData(d: SelectData): Uint8Array {
  return encode(toWire(SELECT_FIELDS, d, true));
}

/** Decode the SELECT response data, or null. */
export function decodeSelectData(bytes: Uint8Array): SelectData | null {
  return decodeMap(bytes, SELECT_FIELDS) as SelectData | null;
}

/**
 * Encode READ WALLETS data: a CBOR array of wallet maps, with balances only
 * when `withBalances`. Throws BAD_REQUEST when a wallet field is invalid.
 */
export function encodeWallets(wallets: WalletView[], withBalances: boolean): Uint8Array {
  const arr: CborArray = [];
  for (let i = 0; i < wallets.length; i++) {
    const w = wallets[i];
    const m = toWire(WALLET_FIELDS, w, true);
    if (!withBalances) m[WalletKey.BALANCE] = undefined;
    else if (w.balance === undefined) throw codedError(Status.BAD_REQUEST, 'wallet without balance');
    arr.push(m);
  }
  return encode(arr);
}

/** Decode READ WALLETS data, or null when it is not an array of valid wallet maps. */
export function decodeWallets(bytes: Uint8Array): WalletView[] | null {
  const v = decodeOrUndefined(bytes);
  if (!Array.isArray(v)) return null;
  const out: WalletView[] = [];
  for (let i = 0; i < v.length; i++) {
    const w = readBody(WALLET_FIELDS, v[i]);
    if (w === null) return null;
    out.push(w as unknown as WalletView);
  }
  return out;
}

/** Encode DEBIT command data; throws BAD_REQUEST when a field is invalid. */
export function encodeDebitRequest(r: DebitRequest): Uint8Array {
  return encode(toWire(DEBIT_FIELDS, r, true));
}

/** Decode DEBIT command data, or null. */
export function decodeDebitRequest(bytes: Uint8Array): DebitRequest | null {
  return decodeMap(bytes, DEBIT_FIELDS) as DebitRequest | null;
}

/** Encode GET LAST TRANSACTION response data. */
export function encodeLastTransaction(t: LastTransaction): Uint8Array {
  return encode(toWire(LAST_TRANSACTION_FIELDS, t, true));
}

/** Decode GET LAST TRANSACTION response data, or null. */
export function decodeLastTransaction(bytes: Uint8Array): LastTransaction | null {
  return decodeMap(bytes, LAST_TRANSACTION_FIELDS) as LastTransaction | null;
}

/** VERIFY PIN data: the 4 digits as ASCII '0'..'9'. Throws BAD_REQUEST unless `pin` is 4 digits. */
export function encodePin(pin: string): Uint8Array {
  if (pin.length !== PIN_LENGTH) throw codedError(Status.BAD_REQUEST, 'a PIN is 4 digits');
  const out = new Uint8Array(PIN_LENGTH);
  for (let i = 0; i < PIN_LENGTH; i++) {
    const c = pin.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw codedError(Status.BAD_REQUEST, 'a PIN is 4 digits', i);
    out[i] = c;
  }
  return out;
}

/** True when `data` is valid VERIFY PIN data (4 ASCII digits). */
export function isPinData(data: Uint8Array): boolean {
  if (data.length !== PIN_LENGTH) return false;
  for (let i = 0; i < PIN_LENGTH; i++) if (data[i] < 0x30 || data[i] > 0x39) return false;
  return true;
}
