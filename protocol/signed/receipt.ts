/**
 * Receipt: what the reader signs with its own key after a debit. It embeds
 * the card's proof and the card's certificate, so anyone holding the issuer
 * root key can check it offline, and it chains to the reader's previous
 * receipt by hash and sequence number.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import type { CborMap } from '../cbor/index.js';
import { bytesEqual } from '../bytes/bytes.js';
import type { CryptoPort } from '../crypto.js';
import { RECEIPT_DOMAIN } from './domains.js';
import { buildEnvelope, parseEnvelope, seal } from './envelope.js';
import type { Schema } from '../messages/schema.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import { toWire } from '../messages/wire.js';
import { readBody, Size } from './fields.js';
import type { OpenedObject } from './typed.js';
import { openTyped } from './typed.js';

/** The receipt format version defined here. */
export const RECEIPT_VERSION = 1;
/** Length of the `prev` hash. */
export const RECEIPT_HASH_LENGTH = Size.HASH;

/** Receipt kinds. */
export const enum ReceiptKind {
  /** A debit completed while the card was in the field. */
  DEBIT = 1,
  /** A debit the card applied but whose proof the reader only read on a later tap (card pulled away). */
  RECOVERED = 2,
}

/** A receipt body. */
export interface Receipt {
  /** Receipt format version: 1. */
  version: number;
  /** Reader id (8 bytes). */
  readerId: Uint8Array;
  /** Sequence number per reader, from 1, increasing by exactly 1. */
  seq: number;
  /** SHA-256 of the previous receipt (see {@link receiptHash}); 32 zero bytes when seq is 1. */
  prev: Uint8Array;
  /** Debit time (reader clock), unix seconds; equals the card proof's time. */
  time: number;
  /** Card id (8 bytes). */
  cardId: Uint8Array;
  /** Card transaction counter after the debit. */
  cardCounter: number;
  /** The card's previous last-transaction time (the proof's prevTime). */
  cardTime: number;
  /** Benefit code (§7). */
  benefit: number;
  /** Campaign of the debited wallet. */
  campaign: number;
  /** Amount debited: cents, or units for ticket benefits. */
  amount: number;
  /** Wallet balance after the debit. */
  balanceAfter: number;
  /** Cents paid by the holder on top (e.g. the 1 € of a cinema ticket), when any. */
  copay?: number;
  /** Partner's reference (ticket or invoice number), 1 to 64 bytes of UTF-8. */
  reference?: string;
  /** The host's request id, 1 to 32 bytes. */
  requestId: Uint8Array;
  /** The card proof envelope, as the card returned it. */
  cardProof: Uint8Array;
  /** The card certificate envelope, as read from the card. */
  cardCertificate: Uint8Array;
  /** {@link ReceiptKind}. */
  kind: number;
}

/** Body keys of the receipt. */
export const enum ReceiptKey {
  VERSION = 1,
  READER_ID = 2,
  SEQ = 3,
  PREV = 4,
  TIME = 5,
  CARD_ID = 6,
  CARD_COUNTER = 7,
  CARD_TIME = 8,
  BENEFIT = 9,
  CAMPAIGN = 10,
  AMOUNT = 11,
  BALANCE_AFTER = 12,
  COPAY = 13,
  REFERENCE = 14,
  REQUEST_ID = 15,
  CARD_PROOF = 16,
  CARD_CERTIFICATE = 17,
  KIND = 18,
}

/** Field table of the receipt body (version is checked separately: any other value is UNSUPPORTED_VERSION). */
export const RECEIPT_FIELDS: Schema = {
  version: ReceiptKey.VERSION | F.REQUIRED | T.UINT,
  readerId: ReceiptKey.READER_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
  seq: ReceiptKey.SEQ | F.REQUIRED | T.UINT | F.MIN1,
  prev: ReceiptKey.PREV | F.REQUIRED | T.BYTES | F.EXACT | Size.HASH * B.LIMIT,
  time: ReceiptKey.TIME | F.REQUIRED | T.UINT,
  cardId: ReceiptKey.CARD_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
  cardCounter: ReceiptKey.CARD_COUNTER | F.REQUIRED | T.UINT | F.MIN1,
  cardTime: ReceiptKey.CARD_TIME | F.REQUIRED | T.UINT,
  benefit: ReceiptKey.BENEFIT | F.REQUIRED | T.UINT,
  campaign: ReceiptKey.CAMPAIGN | F.REQUIRED | T.UINT,
  amount: ReceiptKey.AMOUNT | F.REQUIRED | T.UINT,
  balanceAfter: ReceiptKey.BALANCE_AFTER | F.REQUIRED | T.UINT,
  copay: ReceiptKey.COPAY | F.OPTIONAL | T.UINT,
  reference: ReceiptKey.REFERENCE | F.OPTIONAL | T.TEXT | F.MIN1 | 64 * B.LIMIT,
  requestId: ReceiptKey.REQUEST_ID | F.REQUIRED | T.BYTES | F.MIN1 | 32 * B.LIMIT,
  cardProof: ReceiptKey.CARD_PROOF | F.REQUIRED | T.BYTES | F.MIN1 | Size.ENVELOPE * B.LIMIT,
  cardCertificate: ReceiptKey.CARD_CERTIFICATE | F.REQUIRED | T.BYTES | F.MIN1 | Size.ENVELOPE * B.LIMIT,
  /** DEBIT (1) .. RECOVERED (2). */
  kind: ReceiptKey.KIND | F.REQUIRED | T.UINT | F.MIN1 | ReceiptKind.RECOVERED * B.LIMIT,
};

/**
 * True when `prev` is consistent with `seq`: the first receipt links to 32 zero bytes
 * (called once the fields are checked: `prev` is 32 bytes).
 */
function linkConsistent(r: Receipt): boolean {
  return r.seq !== 1 || bytesEqual(r.prev, new Uint8Array(Size.HASH));
}

/** The body map of a receipt; throws BAD_REQUEST when a field is invalid, UNSUPPORTED_VERSION for a version other than 1. */
export function encodeReceipt(r: Receipt): CborMap {
  const m = toWire(RECEIPT_FIELDS, r, true);
  if (r.version !== RECEIPT_VERSION) throw codedError(Status.UNSUPPORTED_VERSION, 'receipt version');
  if (!linkConsistent(r)) throw codedError(Status.BAD_REQUEST, 'receipt 1 must link to 32 zero bytes');
  return m;
}

/**
 * The receipt held in a body map, or null when the body is invalid. A body
 * of another version decodes (its version field tells); the verifier reports
 * UNSUPPORTED_VERSION for it.
 */
export function decodeReceipt(body: CborMap): Receipt | null {
  const r = readBody(RECEIPT_FIELDS, body) as Receipt | null;
  if (r === null || (r.version === RECEIPT_VERSION && !linkConsistent(r))) return null;
  return r;
}

/**
 * Reader side: the signed receipt envelope, optionally carrying the reader
 * certificate envelope as unsigned attachment (key 3).
 */
export function sealReceipt(r: Receipt, readerSeed: Uint8Array, crypto: CryptoPort, readerCertificate?: Uint8Array): Uint8Array {
  return seal(RECEIPT_DOMAIN, encodeReceipt(r), readerSeed, crypto, readerCertificate);
}

/**
 * Verify only the reader's signature over a receipt and read its body
 * (failures give RECEIPT_INVALID). {@link verifyReceipt} does the full check.
 */
export function openReceipt(bytes: Uint8Array, readerPublicKey: Uint8Array, crypto: CryptoPort): OpenedObject<Receipt> {
  return openTyped(RECEIPT_DOMAIN, bytes, readerPublicKey, crypto, decodeReceipt);
}

/**
 * The receipt envelope without its attachment: {1: body, 2: signature}, the
 * form that is hashed into the chain. Returns `bytes` itself when it carries
 * no attachment. Throws BAD_REQUEST / NON_CANONICAL when `bytes` is not a receipt envelope.
 */
export function receiptCore(bytes: Uint8Array): Uint8Array {
  const p = parseEnvelope(bytes, true);
  if (p.status !== Status.OK) throw codedError(p.status, 'not a receipt envelope');
  if (p.attachment === null) return bytes;
  return buildEnvelope(p.body as Uint8Array, p.signature as Uint8Array, null);
}

/** The same receipt envelope carrying `readerCertificate` as attachment (replacing any). */
export function attachReaderCertificate(bytes: Uint8Array, readerCertificate: Uint8Array): Uint8Array {
  const p = parseEnvelope(bytes, true);
  if (p.status !== Status.OK) throw codedError(p.status, 'not a receipt envelope');
  return buildEnvelope(p.body as Uint8Array, p.signature as Uint8Array, readerCertificate);
}

/**
 * The chain hash of a receipt: SHA-256 of its envelope without attachment
 * ({@link receiptCore}). The next receipt of the same reader carries it as `prev`.
 */
export function receiptHash(bytes: Uint8Array, crypto: CryptoPort): Uint8Array {
  return crypto.sha256(receiptCore(bytes));
}
