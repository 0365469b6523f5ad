/** Size and range limits of message fields (spec §3). */

/**
 * The limits as one const enum: the field tables use these members, so that
 * every descriptor of a table is a constant expression (a plain number in the
 * firmware bundle). The exported constants below are the same values.
 */
export const enum Limit {
  CARD_ID_LENGTH = 8,
  READER_ID_LENGTH = 8,
  PUBLIC_KEY_LENGTH = 32,
  REQUEST_ID = 32,
  REFERENCE = 64,
  HOLDER_NAME = 64,
  FIRMWARE_VERSION = 32,
  CERTIFICATE = 1024,
  /** Also signed/denylist's DENYLIST_PART_MAX_BYTES (the one definition of the value). */
  DENYLIST_PART = 3584,
  RECEIPT = 2048,
  WALLETS = 32,
  JOURNAL_BATCH = 255,
  BENEFIT = 0xffff,
  CODE = 0xff,
  EXTENSION_KEY_MIN = 16,
}

/** Length of a card id. */
export const CARD_ID_LENGTH = Limit.CARD_ID_LENGTH;
/** Length of a reader id (first 8 bytes of SHA-256 of the reader public key). */
export const READER_ID_LENGTH = Limit.READER_ID_LENGTH;
/** Length of an ed25519 public key. */
export const PUBLIC_KEY_LENGTH = Limit.PUBLIC_KEY_LENGTH;
/** Largest request id (bytes); the smallest is 1. */
export const MAX_REQUEST_ID = Limit.REQUEST_ID;
/** Largest DEBIT reference, in UTF-8 bytes. */
export const MAX_REFERENCE = Limit.REFERENCE;
/** Largest holder name, in UTF-8 bytes. */
export const MAX_HOLDER_NAME = Limit.HOLDER_NAME;
/** Largest firmware version string, in UTF-8 bytes. */
export const MAX_FIRMWARE_VERSION = Limit.FIRMWARE_VERSION;
/** Largest reader certificate (bytes). */
export const MAX_CERTIFICATE = Limit.CERTIFICATE;
/**
 * Largest denylist part (a sealed part envelope, bytes): the budget the issuer
 * splits denylists by (§5). A part must also fit the reader's maxMessage.
 */
export const MAX_DENYLIST_PART = Limit.DENYLIST_PART;
/** Largest receipt (bytes): body, card proof, card certificate and signature. */
export const MAX_RECEIPT = Limit.RECEIPT;
/** Largest number of wallets on one card: two campaigns of ~14 benefits coexist from June to August. */
export const MAX_WALLETS = Limit.WALLETS;
/** Largest number of entries in one JOURNAL_READ response (and its `max`). */
export const MAX_JOURNAL_BATCH = Limit.JOURNAL_BATCH;
/** Largest benefit code. */
export const MAX_BENEFIT = Limit.BENEFIT;
/** Largest value of a one-byte code (status, mode, state, kind as answered by a reader). */
export const MAX_CODE = Limit.CODE;
/**
 * Map keys at or above this value are extension keys: a reader ignores unknown
 * ones in requests. Unknown keys below it make the request BAD_REQUEST.
 */
export const EXTENSION_KEY_MIN = Limit.EXTENSION_KEY_MIN;
