/** Request arguments and response results of every command (spec §3.4). */
import { FieldType as T, FieldFlag as F, req, opt, element } from './schema.js';
import type { Schema } from './schema.js';
import { Command } from './codes.js';
import { WALLET, JOURNAL_INFO, PASSAGE } from './structures.js';
import {
  CARD_ID_LENGTH,
  READER_ID_LENGTH,
  PUBLIC_KEY_LENGTH,
  MAX_REQUEST_ID,
  MAX_REFERENCE,
  MAX_HOLDER_NAME,
  MAX_FIRMWARE_VERSION,
  MAX_CERTIFICATE,
  MAX_DENYLIST_PART,
  MAX_RECEIPT,
  MAX_WALLETS,
  MAX_JOURNAL_BATCH,
  MAX_BENEFIT,
  MAX_CODE,
} from './limits.js';

/** Arguments of a command without arguments. */
export const NO_ARGS: Schema = {};
/** Result of a command that answers nothing but its status. */
export const NO_RESULT: Schema = {};

/** GET_INFO result. */
export const GET_INFO_RESULT: Schema = {
  firmwareVersion: req(1, T.TEXT | F.MIN1, MAX_FIRMWARE_VERSION),
  protocolVersion: req(2, T.UINT | F.MIN1, MAX_CODE),
  readerId: req(3, T.BYTES | F.EXACT, READER_ID_LENGTH),
  publicKey: req(4, T.BYTES | F.EXACT, PUBLIC_KEY_LENGTH),
  certificate: opt(5, T.BYTES | F.MIN1, MAX_CERTIFICATE),
  mode: req(6, T.UINT, MAX_CODE),
  capabilities: req(7, T.UINT),
  time: req(8, T.UINT),
  lastReceiptTime: req(9, T.UINT),
  denylistVersion: req(10, T.UINT),
  journal: req(11, T.MAP, 0, JOURNAL_INFO),
  maxMessage: req(12, T.UINT | F.MIN1, 0xffff),
};

/** SET_TIME arguments. */
export const SET_TIME_ARGS: Schema = {
  time: req(1, T.UINT | F.MIN1),
};
/** SET_TIME result. */
export const SET_TIME_RESULT: Schema = {
  time: req(1, T.UINT),
};

/** PROVISION_CERTIFICATE arguments. */
export const PROVISION_CERTIFICATE_ARGS: Schema = {
  certificate: req(1, T.BYTES | F.MIN1, MAX_CERTIFICATE),
};
/** PROVISION_CERTIFICATE result. */
export const PROVISION_CERTIFICATE_RESULT: Schema = {
  mode: req(1, T.UINT, MAX_CODE),
};

/** PROVISION_DENYLIST arguments. */
export const PROVISION_DENYLIST_ARGS: Schema = {
  part: req(1, T.BYTES | F.MIN1, MAX_DENYLIST_PART),
};
/** PROVISION_DENYLIST result. */
export const PROVISION_DENYLIST_RESULT: Schema = {
  version: req(1, T.UINT),
  partsReceived: req(2, T.UINT),
  parts: req(3, T.UINT | F.MIN1),
  complete: req(4, T.BOOL),
};

/** READ_CARD result: the public view of the card (wallets without balances). */
export const READ_CARD_RESULT: Schema = {
  cardId: req(1, T.BYTES | F.EXACT, CARD_ID_LENGTH),
  holderName: req(2, T.TEXT, MAX_HOLDER_NAME),
  establishment: req(3, T.UINT),
  campaign: req(4, T.UINT),
  state: req(5, T.UINT, MAX_CODE),
  pinTriesLeft: opt(6, T.UINT, MAX_CODE),
  wallets: req(7, T.ARRAY, MAX_WALLETS, WALLET),
};

/** DEBIT arguments. */
export const DEBIT_ARGS: Schema = {
  benefit: req(1, T.UINT, MAX_BENEFIT),
  amount: req(2, T.UINT),
  reference: opt(3, T.TEXT | F.MIN1, MAX_REFERENCE),
  requestId: req(4, T.BYTES | F.MIN1, MAX_REQUEST_ID),
  collective: opt(5, T.BOOL),
};
/** DEBIT result. */
export const DEBIT_RESULT: Schema = {
  receipt: req(1, T.BYTES | F.MIN1, MAX_RECEIPT),
  replayed: opt(2, T.BOOL),
  balance: opt(3, T.UINT),
};

/** BALANCE result: the wallets with balances. */
export const BALANCE_RESULT: Schema = {
  cardId: req(1, T.BYTES | F.EXACT, CARD_ID_LENGTH),
  wallets: req(2, T.ARRAY, MAX_WALLETS, WALLET),
};

/** ACCESS_STREAM arguments. */
export const ACCESS_STREAM_ARGS: Schema = {
  enable: req(1, T.BOOL),
};

/** JOURNAL_READ arguments. */
export const JOURNAL_READ_ARGS: Schema = {
  since: req(1, T.UINT),
  max: opt(2, T.UINT | F.MIN1, MAX_JOURNAL_BATCH),
  kind: req(3, T.UINT, 1),
};
/** JOURNAL_READ result: `receipts` for kind 0, `passages` for kind 1. */
export const JOURNAL_READ_RESULT: Schema = {
  receipts: opt(1, T.ARRAY, MAX_JOURNAL_BATCH, element(T.BYTES | F.MIN1, MAX_RECEIPT)),
  passages: opt(2, T.ARRAY, MAX_JOURNAL_BATCH, PASSAGE),
  next: req(3, T.UINT),
  last: req(4, T.UINT),
  acknowledged: req(5, T.UINT),
};

/** JOURNAL_ACK arguments. */
export const JOURNAL_ACK_ARGS: Schema = {
  upTo: req(1, T.UINT),
  kind: req(2, T.UINT, 1),
};
/** JOURNAL_ACK result. */
export const JOURNAL_ACK_RESULT: Schema = {
  acknowledged: req(1, T.UINT),
};

/** GET_TRANSACTION arguments. */
export const GET_TRANSACTION_ARGS: Schema = {
  requestId: req(1, T.BYTES | F.MIN1, MAX_REQUEST_ID),
};
/** GET_TRANSACTION result. */
export const GET_TRANSACTION_RESULT: Schema = {
  receipt: req(1, T.BYTES | F.MIN1, MAX_RECEIPT),
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
