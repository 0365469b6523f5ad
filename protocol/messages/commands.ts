/** Request arguments and response results of every command (spec §3.4). */
import { FieldType as T, FieldFlag as F, FieldBits as B } from './schema.js';
import type { Schema } from './schema.js';
import { Command } from './codes.js';
import { WALLET, JOURNAL_INFO, PASSAGE } from './structures.js';
import { Limit } from './limits.js';

/** Arguments of a command without arguments. */
export const NO_ARGS: Schema = {};
/** Result of a command that answers nothing but its status. */
export const NO_RESULT: Schema = {};

/** GET_INFO result. */
export const GET_INFO_RESULT: Schema = {
  firmwareVersion: 1 | F.REQUIRED | T.TEXT | F.MIN1 | Limit.FIRMWARE_VERSION * B.LIMIT,
  protocolVersion: 2 | F.REQUIRED | T.UINT | F.MIN1 | Limit.CODE * B.LIMIT,
  readerId: 3 | F.REQUIRED | T.BYTES | F.EXACT | Limit.READER_ID_LENGTH * B.LIMIT,
  publicKey: 4 | F.REQUIRED | T.BYTES | F.EXACT | Limit.PUBLIC_KEY_LENGTH * B.LIMIT,
  certificate: 5 | F.OPTIONAL | T.BYTES | F.MIN1 | Limit.CERTIFICATE * B.LIMIT,
  mode: 6 | F.REQUIRED | T.UINT | Limit.CODE * B.LIMIT,
  capabilities: 7 | F.REQUIRED | T.UINT,
  time: 8 | F.REQUIRED | T.UINT,
  lastReceiptTime: 9 | F.REQUIRED | T.UINT,
  denylistVersion: 10 | F.REQUIRED | T.UINT,
  journal: [11 | F.REQUIRED | T.MAP, JOURNAL_INFO],
  maxMessage: 12 | F.REQUIRED | T.UINT | F.MIN1 | 0xffff * B.LIMIT,
};

/** SET_TIME arguments. */
export const SET_TIME_ARGS: Schema = {
  time: 1 | F.REQUIRED | T.UINT | F.MIN1,
};
/** SET_TIME result. */
export const SET_TIME_RESULT: Schema = {
  time: 1 | F.REQUIRED | T.UINT,
};

/** PROVISION_CERTIFICATE arguments. */
export const PROVISION_CERTIFICATE_ARGS: Schema = {
  certificate: 1 | F.REQUIRED | T.BYTES | F.MIN1 | Limit.CERTIFICATE * B.LIMIT,
};
/** PROVISION_CERTIFICATE result. */
export const PROVISION_CERTIFICATE_RESULT: Schema = {
  mode: 1 | F.REQUIRED | T.UINT | Limit.CODE * B.LIMIT,
};

/** PROVISION_DENYLIST arguments. */
export const PROVISION_DENYLIST_ARGS: Schema = {
  part: 1 | F.REQUIRED | T.BYTES | F.MIN1 | Limit.DENYLIST_PART * B.LIMIT,
};
/** PROVISION_DENYLIST result. */
export const PROVISION_DENYLIST_RESULT: Schema = {
  version: 1 | F.REQUIRED | T.UINT,
  partsReceived: 2 | F.REQUIRED | T.UINT,
  parts: 3 | F.REQUIRED | T.UINT | F.MIN1,
  complete: 4 | F.REQUIRED | T.BOOL,
};

/** READ_CARD result: the public view of the card (wallets without balances). */
export const READ_CARD_RESULT: Schema = {
  cardId: 1 | F.REQUIRED | T.BYTES | F.EXACT | Limit.CARD_ID_LENGTH * B.LIMIT,
  holderName: 2 | F.REQUIRED | T.TEXT | Limit.HOLDER_NAME * B.LIMIT,
  establishment: 3 | F.REQUIRED | T.UINT,
  campaign: 4 | F.REQUIRED | T.UINT,
  state: 5 | F.REQUIRED | T.UINT | Limit.CODE * B.LIMIT,
  pinTriesLeft: 6 | F.OPTIONAL | T.UINT | Limit.CODE * B.LIMIT,
  wallets: [7 | F.REQUIRED | T.ARRAY | Limit.WALLETS * B.LIMIT, WALLET],
};

/** DEBIT arguments. */
export const DEBIT_ARGS: Schema = {
  benefit: 1 | F.REQUIRED | T.UINT | Limit.BENEFIT * B.LIMIT,
  amount: 2 | F.REQUIRED | T.UINT,
  reference: 3 | F.OPTIONAL | T.TEXT | F.MIN1 | Limit.REFERENCE * B.LIMIT,
  requestId: 4 | F.REQUIRED | T.BYTES | F.MIN1 | Limit.REQUEST_ID * B.LIMIT,
  collective: 5 | F.OPTIONAL | T.BOOL,
};
/** DEBIT result. */
export const DEBIT_RESULT: Schema = {
  receipt: 1 | F.REQUIRED | T.BYTES | F.MIN1 | Limit.RECEIPT * B.LIMIT,
  replayed: 2 | F.OPTIONAL | T.BOOL,
  balance: 3 | F.OPTIONAL | T.UINT,
};

/** BALANCE result: the wallets with balances. */
export const BALANCE_RESULT: Schema = {
  cardId: 1 | F.REQUIRED | T.BYTES | F.EXACT | Limit.CARD_ID_LENGTH * B.LIMIT,
  wallets: [2 | F.REQUIRED | T.ARRAY | Limit.WALLETS * B.LIMIT, WALLET],
};

/** ACCESS_STREAM arguments. */
export const ACCESS_STREAM_ARGS: Schema = {
  enable: 1 | F.REQUIRED | T.BOOL,
};

/** JOURNAL_READ arguments. */
export const JOURNAL_READ_ARGS: Schema = {
  since: 1 | F.REQUIRED | T.UINT,
  max: 2 | F.OPTIONAL | T.UINT | F.MIN1 | Limit.JOURNAL_BATCH * B.LIMIT,
  kind: 3 | F.REQUIRED | T.UINT | 1 * B.LIMIT,
};
/** JOURNAL_READ result: `receipts` for kind 0, `passages` for kind 1. */
export const JOURNAL_READ_RESULT: Schema = {
  receipts: [1 | F.OPTIONAL | T.ARRAY | Limit.JOURNAL_BATCH * B.LIMIT, T.BYTES | F.MIN1 | Limit.RECEIPT * B.LIMIT],
  passages: [2 | F.OPTIONAL | T.ARRAY | Limit.JOURNAL_BATCH * B.LIMIT, PASSAGE],
  next: 3 | F.REQUIRED | T.UINT,
  last: 4 | F.REQUIRED | T.UINT,
  acknowledged: 5 | F.REQUIRED | T.UINT,
};

/** JOURNAL_ACK arguments. */
export const JOURNAL_ACK_ARGS: Schema = {
  upTo: 1 | F.REQUIRED | T.UINT,
  kind: 2 | F.REQUIRED | T.UINT | 1 * B.LIMIT,
};
/** JOURNAL_ACK result. */
export const JOURNAL_ACK_RESULT: Schema = {
  acknowledged: 1 | F.REQUIRED | T.UINT,
};

/** GET_TRANSACTION arguments. */
export const GET_TRANSACTION_ARGS: Schema = {
  requestId: 1 | F.REQUIRED | T.BYTES | F.MIN1 | Limit.REQUEST_ID * B.LIMIT,
};
/** GET_TRANSACTION result. */
export const GET_TRANSACTION_RESULT: Schema = {
  receipt: 1 | F.REQUIRED | T.BYTES | F.MIN1 | Limit.RECEIPT * B.LIMIT,
};

const ARGS: { [command: number]: Schema } = {};
const RESULTS: { [command: number]: Schema } = {};

function define(command: number, args: Schema, result: Schema): void {
  ARGS[command] = args;
  RESULTS[command] = result;
}

define(Command.GET_INFO, NO_ARGS, GET_INFO_RESULT);
define(Command.SET_TIME, SET_TIME_ARGS, SET_TIME_RESULT);
define(Command.PROVISION_CERTIFICATE, PROVISION_CERTIFICATE_ARGS, PROVISION_CERTIFICATE_RESULT);
define(Command.PROVISION_DENYLIST, PROVISION_DENYLIST_ARGS, PROVISION_DENYLIST_RESULT);
define(Command.READ_CARD, NO_ARGS, READ_CARD_RESULT);
define(Command.DEBIT, DEBIT_ARGS, DEBIT_RESULT);
define(Command.BALANCE, NO_ARGS, BALANCE_RESULT);
define(Command.ACCESS_CHECK, NO_ARGS, PASSAGE);
define(Command.ACCESS_STREAM, ACCESS_STREAM_ARGS, NO_RESULT);
define(Command.JOURNAL_READ, JOURNAL_READ_ARGS, JOURNAL_READ_RESULT);
define(Command.JOURNAL_ACK, JOURNAL_ACK_ARGS, JOURNAL_ACK_RESULT);
define(Command.GET_TRANSACTION, GET_TRANSACTION_ARGS, GET_TRANSACTION_RESULT);

/** The argument schema of `command`, or undefined for an unknown command. */
export function argsSchema(command: number): Schema | undefined {
  return ARGS[command];
}

/** The result schema of `command`, or undefined for an unknown command. */
export function resultSchema(command: number): Schema | undefined {
  return RESULTS[command];
}
