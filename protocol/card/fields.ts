/**
 * Field tables of the CBOR data carried by card commands and responses
 * (spec §6.4): field name -> packed descriptor (integer key, type and
 * bounds), in the one table format of protocol/messages/schema.ts; read with
 * readBody and written with toWire (protocol/messages/wire.ts).
 */
import type { Schema } from '../messages/schema.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import { Size } from '../signed/fields.js';

/** SELECT response keys. */
export const enum SelectKey {
  VERSION = 1,
  CARD_ID = 2,
  COUNTER = 3,
}

/** SELECT response: applet version, card id, and the transaction counter (debits applied so far). */
export const SELECT_FIELDS: Schema = {
  version: SelectKey.VERSION | F.REQUIRED | T.UINT | F.MIN1 | 255 * B.LIMIT,
  cardId: SelectKey.CARD_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
  counter: SelectKey.COUNTER | F.REQUIRED | T.UINT,
};

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
export const WALLET_FIELDS: Schema = {
  benefit: WalletKey.BENEFIT | F.REQUIRED | T.UINT | F.MIN1,
  campaign: WalletKey.CAMPAIGN | F.REQUIRED | T.UINT,
  kind: WalletKey.KIND | F.REQUIRED | T.UINT,
  balance: WalletKey.BALANCE | F.OPTIONAL | T.UINT,
  loaded: WalletKey.LOADED | F.REQUIRED | T.UINT,
  from: WalletKey.FROM | F.REQUIRED | T.UINT,
  until: WalletKey.UNTIL | F.REQUIRED | T.UINT,
  flags: WalletKey.FLAGS | F.REQUIRED | T.UINT,
};

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
export const DEBIT_FIELDS: Schema = {
  benefit: DebitKey.BENEFIT | F.REQUIRED | T.UINT | F.MIN1,
  campaign: DebitKey.CAMPAIGN | F.REQUIRED | T.UINT,
  amount: DebitKey.AMOUNT | F.REQUIRED | T.UINT,
  time: DebitKey.TIME | F.REQUIRED | T.UINT,
  challenge: DebitKey.CHALLENGE | F.REQUIRED | T.BYTES | F.EXACT | Size.CHALLENGE * B.LIMIT,
  readerId: DebitKey.READER_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
};

/** GET LAST TRANSACTION response keys. */
export const enum LastTransactionKey {
  PROOF = 1,
  READER_ID = 2,
}

/**
 * GET LAST TRANSACTION response: the card proof envelope of the last debit
 * (byte-identical to the DEBIT response) and the reader id the debit named.
 */
export const LAST_TRANSACTION_FIELDS: Schema = {
  proof: LastTransactionKey.PROOF | F.REQUIRED | T.BYTES | F.MIN1 | Size.ENVELOPE * B.LIMIT,
  readerId: LastTransactionKey.READER_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
};
