/**
 * Named forms of every message (spec §3.4-3.6), for firmware handlers and
 * the SDK. Bytes are Uint8Array, times unix seconds, money integer cents.
 * Optional fields are undefined when absent; optional booleans absent = false.
 */
import type { Command, EventCode } from './codes.js';
import type { Status } from '../status.js';

/** An empty body (commands without arguments, results without fields). */
export interface Empty {}

/** Journal state (GET_INFO `journal`). */
export interface JournalInfo {
  used: number;
  capacity: number;
  unacknowledged: number;
}

/** GET_INFO result. */
export interface GetInfoResult {
  firmwareVersion: string;
  protocolVersion: number;
  readerId: Uint8Array;
  publicKey: Uint8Array;
  certificate?: Uint8Array;
  mode: number;
  capabilities: number;
  time: number;
  lastReceiptTime: number;
  denylistVersion: number;
  journal: JournalInfo;
  maxMessage: number;
}

/** SET_TIME arguments and result. */
export interface SetTimeArgs {
  time: number;
}
export interface SetTimeResult {
  time: number;
}

/** PROVISION_CERTIFICATE arguments and result. */
export interface ProvisionCertificateArgs {
  certificate: Uint8Array;
}
export interface ProvisionCertificateResult {
  mode: number;
}

/** PROVISION_DENYLIST arguments and result. */
export interface ProvisionDenylistArgs {
  part: Uint8Array;
}
export interface ProvisionDenylistResult {
  version: number;
  partsReceived: number;
  parts: number;
  complete: boolean;
}

/** A wallet (READ_CARD without balance, BALANCE with). */
export interface Wallet {
  benefit: number;
  campaign: number;
  kind: number;
  balance?: number;
  loaded?: number;
  from: number;
  until: number;
  suspended?: boolean;
  flags?: number;
}

/** READ_CARD result. */
export interface CardSummary {
  cardId: Uint8Array;
  holderName: string;
  establishment: number;
  campaign: number;
  state: number;
  pinTriesLeft?: number;
  wallets: Wallet[];
}

/** DEBIT arguments and result. */
export interface DebitArgs {
  benefit: number;
  amount: number;
  reference?: string;
  requestId: Uint8Array;
  collective?: boolean;
}
export interface DebitResult {
  receipt: Uint8Array;
  replayed?: boolean;
  balance?: number;
}

/** BALANCE result. */
export interface BalanceResult {
  cardId: Uint8Array;
  wallets: Wallet[];
}

/** An access decision: ACCESS_CHECK result, PASSAGE event data, journal passage. */
export interface Passage {
  seq?: number;
  time: number;
  allowed: boolean;
  reason: number;
  cardId?: Uint8Array;
  holderName?: string;
}

/** ACCESS_STREAM arguments. */
export interface AccessStreamArgs {
  enable: boolean;
}

/** JOURNAL_READ arguments and result. */
export interface JournalReadArgs {
  since: number;
  max?: number;
  kind: number;
}
export interface JournalReadResult {
  receipts?: Uint8Array[];
  passages?: Passage[];
  next: number;
  last: number;
  acknowledged: number;
}

/** JOURNAL_ACK arguments and result. */
export interface JournalAckArgs {
  upTo: number;
  kind: number;
}
export interface JournalAckResult {
  acknowledged: number;
}

/** GET_TRANSACTION arguments and result. */
export interface GetTransactionArgs {
  requestId: Uint8Array;
}
export interface GetTransactionResult {
  receipt: Uint8Array;
}

/** Arguments by command code. */
export interface ArgsOf {
  [Command.GET_INFO]: Empty;
  [Command.SET_TIME]: SetTimeArgs;
  [Command.PROVISION_CERTIFICATE]: ProvisionCertificateArgs;
  [Command.PROVISION_DENYLIST]: ProvisionDenylistArgs;
  [Command.READ_CARD]: Empty;
  [Command.DEBIT]: DebitArgs;
  [Command.BALANCE]: Empty;
  [Command.ACCESS_CHECK]: Empty;
  [Command.ACCESS_STREAM]: AccessStreamArgs;
  [Command.JOURNAL_READ]: JournalReadArgs;
  [Command.JOURNAL_ACK]: JournalAckArgs;
  [Command.GET_TRANSACTION]: GetTransactionArgs;
}

/** Results by command code. */
export interface ResultOf {
  [Command.GET_INFO]: GetInfoResult;
  [Command.SET_TIME]: SetTimeResult;
  [Command.PROVISION_CERTIFICATE]: ProvisionCertificateResult;
  [Command.PROVISION_DENYLIST]: ProvisionDenylistResult;
  [Command.READ_CARD]: CardSummary;
  [Command.DEBIT]: DebitResult;
  [Command.BALANCE]: BalanceResult;
  [Command.ACCESS_CHECK]: Passage;
  [Command.ACCESS_STREAM]: Empty;
  [Command.JOURNAL_READ]: JournalReadResult;
  [Command.JOURNAL_ACK]: JournalAckResult;
  [Command.GET_TRANSACTION]: GetTransactionResult;
}

/** Details by status code (statuses absent here carry no details). */
export interface DetailsOf {
  [Status.BAD_REQUEST]: { field?: number };
  [Status.MESSAGE_TOO_LONG]: { maxMessage: number };
  [Status.CARD_ERROR]: { sw?: number };
  [Status.WRONG_PIN]: { triesLeft: number };
  [Status.INSUFFICIENT_BALANCE]: { balance: number };
  [Status.BENEFIT_EXPIRED]: { validUntil: number };
  [Status.NOT_YET_VALID]: { validFrom: number };
  [Status.CARD_CLOCK_CONFLICT]: { minimumTime: number };
  [Status.WRONG_MODE]: { mode: number };
  [Status.DENYLIST_OLDER]: { version: number };
  [Status.CLOCK_BACKWARDS]: { minimumTime: number };
}

/** Event data by event code. */
export interface DataOf {
  [EventCode.PASSAGE]: Passage;
  [EventCode.CARD_PRESENT]: Empty;
  [EventCode.CARD_REMOVED]: Empty;
}
