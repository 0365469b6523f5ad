/**
 * Field tables of the CBOR data carried by card commands and responses
 * (spec §6.4): field name -> integer key, type and bounds. Read and written
 * with the table functions of protocol/signed/fields.ts.
 */
import type { Field } from '../signed/fields.js';
import { field, FieldType, UINT_MAX } from '../signed/fields.js';
import { CARD_ID_LENGTH, CHALLENGE_LENGTH, READER_ID_LENGTH } from './constants.js';

/** SELECT response keys. */
export const enum SelectKey {
  VERSION = 1,
  CARD_ID = 2,
  COUNTER = 3,
}

/** SELECT response: applet version, card id, and the transaction counter (debits applied so far). */
export const SELECT_FIELDS: Field[] = [
  field(SelectKey.VERSION, 'version', FieldType.UINT, 1, 255),
  field(SelectKey.CARD_ID, 'cardId', FieldType.BYTES, CARD_ID_LENGTH, CARD_ID_LENGTH),
  field(SelectKey.COUNTER, 'counter', FieldType.UINT, 0, UINT_MAX),
];

/**
 * Wallet map keys (READ WALLETS). Keys 1-7 are those of the wallet structure of
 * the USB messages (§3.5); key 8 (suspended) is never on a card.
 */
export const enum WalletKey {
  BENEFIT = 1,
  CAMPAIGN = 2,
  KIND = 3,
  /** Only in the view with balances (READ WALLETS P1 = 1). */
  BALANCE = 4,
  LOADED = 5,
  FROM = 6,
  UNTIL = 7,
  FLAGS = 9,
}

/** One wallet in READ WALLETS (the rules' Wallet; balance omitted in the public view). */
export const WALLET_FIELDS: Field[] = [
  field(WalletKey.BENEFIT, 'benefit', FieldType.UINT, 1, UINT_MAX),
  field(WalletKey.CAMPAIGN, 'campaign', FieldType.UINT, 0, UINT_MAX),
  field(WalletKey.KIND, 'kind', FieldType.UINT, 0, UINT_MAX),
  field(WalletKey.BALANCE, 'balance', FieldType.UINT, 0, UINT_MAX, true),
  field(WalletKey.LOADED, 'loaded', FieldType.UINT, 0, UINT_MAX),
  field(WalletKey.FROM, 'from', FieldType.UINT, 0, UINT_MAX),
  field(WalletKey.UNTIL, 'until', FieldType.UINT, 0, UINT_MAX),
  field(WalletKey.FLAGS, 'flags', FieldType.UINT, 0, UINT_MAX),
];

/** DEBIT command data keys. */
export const enum DebitKey {
  BENEFIT = 1,
  CAMPAIGN = 2,
  AMOUNT = 3,
  TIME = 4,
  CHALLENGE = 5,
  READER_ID = 6,
}

/** DEBIT command data: which wallet, how much, when, and the reader's fresh challenge. */
export const DEBIT_FIELDS: Field[] = [
  field(DebitKey.BENEFIT, 'benefit', FieldType.UINT, 1, UINT_MAX),
  field(DebitKey.CAMPAIGN, 'campaign', FieldType.UINT, 0, UINT_MAX),
  field(DebitKey.AMOUNT, 'amount', FieldType.UINT, 0, UINT_MAX),
  field(DebitKey.TIME, 'time', FieldType.UINT, 0, UINT_MAX),
  field(DebitKey.CHALLENGE, 'challenge', FieldType.BYTES, CHALLENGE_LENGTH, CHALLENGE_LENGTH),
  field(DebitKey.READER_ID, 'readerId', FieldType.BYTES, READER_ID_LENGTH, READER_ID_LENGTH),
];

/** GET LAST TRANSACTION response keys. */
export const enum LastTransactionKey {
  PROOF = 1,
  READER_ID = 2,
}

/**
 * GET LAST TRANSACTION response: the card proof envelope of the last debit
 * (byte-identical to the DEBIT response) and the reader id the debit named.
 */
export const LAST_TRANSACTION_FIELDS: Field[] = [
  field(LastTransactionKey.PROOF, 'proof', FieldType.BYTES, 1, 1024),
  field(LastTransactionKey.READER_ID, 'readerId', FieldType.BYTES, READER_ID_LENGTH, READER_ID_LENGTH),
];
