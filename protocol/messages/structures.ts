/** Structures nested in several messages (spec §3.5): wallet, journal state, passage. */
import { FieldType as T, FieldFlag as F, FieldBits as B } from './schema.js';
import type { Schema } from './schema.js';
import { Limit } from './limits.js';

/**
 * One wallet of a card (§7 wallet model). `balance` only in BALANCE; `loaded`
 * absent for entitlements; `flags` (WalletFlag bits of §7) absent when 0.
 */
export const WALLET: Schema = {
  benefit: 1 | F.REQUIRED | T.UINT | Limit.BENEFIT * B.LIMIT,
  campaign: 2 | F.REQUIRED | T.UINT,
  kind: 3 | F.REQUIRED | T.UINT | Limit.CODE * B.LIMIT,
  balance: 4 | F.OPTIONAL | T.UINT,
  loaded: 5 | F.OPTIONAL | T.UINT,
  from: 6 | F.REQUIRED | T.UINT,
  until: 7 | F.REQUIRED | T.UINT,
  suspended: 8 | F.OPTIONAL | T.BOOL,
  flags: 9 | F.OPTIONAL | T.UINT,
};

/** Journal state of the current mode's journal (GET_INFO key 11). */
export const JOURNAL_INFO: Schema = {
  used: 1 | F.REQUIRED | T.UINT,
  capacity: 2 | F.REQUIRED | T.UINT,
  unacknowledged: 3 | F.REQUIRED | T.UINT,
};

/** One access decision: ACCESS_CHECK result, PASSAGE event data, journal passage entry. */
export const PASSAGE: Schema = {
  seq: 1 | F.OPTIONAL | T.UINT,
  time: 2 | F.REQUIRED | T.UINT,
  allowed: 3 | F.REQUIRED | T.BOOL,
  reason: 4 | F.REQUIRED | T.UINT | Limit.CODE * B.LIMIT,
  cardId: 5 | F.OPTIONAL | T.BYTES | F.EXACT | Limit.CARD_ID_LENGTH * B.LIMIT,
  holderName: 6 | F.OPTIONAL | T.TEXT | Limit.HOLDER_NAME * B.LIMIT,
};
