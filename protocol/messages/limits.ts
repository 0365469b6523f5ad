/** Size and range limits of message fields (spec §3). */
import { DENYLIST_PART_MAX_BYTES } from '../signed/denylist.js';

/** Length of a card id. */
export const CARD_ID_LENGTH = 8;
/** Length of a reader id (first 8 bytes of SHA-256 of the reader public key). */
export const READER_ID_LENGTH = 8;
/** Length of an ed25519 public key. */
export const PUBLIC_KEY_LENGTH = 32;
/** Largest request id (bytes); the smallest is 1. */
export const MAX_REQUEST_ID = 32;
/** Largest DEBIT reference, in UTF-8 bytes. */
export const MAX_REFERENCE = 64;
/** Largest holder name, in UTF-8 bytes. */
export const MAX_HOLDER_NAME = 64;
/** Largest firmware version string, in UTF-8 bytes. */
export const MAX_FIRMWARE_VERSION = 32;
/** Largest reader certificate (bytes). */
export const MAX_CERTIFICATE = 1024;
/**
 * Largest denylist part (a sealed part envelope, bytes): the budget the issuer
 * splits denylists by (§5). A part must also fit the reader's maxMessage.
 */
export const MAX_DENYLIST_PART = DENYLIST_PART_MAX_BYTES;
/** Largest receipt (bytes): body, card proof, card certificate and signature. */
export const MAX_RECEIPT = 2048;
/** Largest number of wallets on one card: two campaigns of ~14 benefits coexist from June to August. */
export const MAX_WALLETS = 32;
/** Largest number of entries in one JOURNAL_READ response (and its `max`). */
export const MAX_JOURNAL_BATCH = 255;
/** Largest benefit code. */
export const MAX_BENEFIT = 0xffff;
/** Largest value of a one-byte code (status, mode, state, kind as answered by a reader). */
export const MAX_CODE = 0xff;
/**
 * Map keys at or above this value are extension keys: a reader ignores unknown
 * ones in requests. Unknown keys below it make the request BAD_REQUEST.
 */
export const EXTENSION_KEY_MIN = 16;
