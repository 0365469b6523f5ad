/** Structures nested in several messages (spec §3.5): wallet, journal state, passage. */
import { FieldType as T, FieldFlag as F, req, opt } from './schema.js';
import type { Schema } from './schema.js';
import { CARD_ID_LENGTH, MAX_BENEFIT, MAX_CODE, MAX_HOLDER_NAME } from './limits.js';

/**
 * One wallet of a card (§7 wallet model). `balance` only in BALANCE; `loaded`
 * absent for entitlements; `flags` (WalletFlag bits of §7) absent when 0.
 */
export const WALLET: Schema = {
  benefit: req(1, T.UINT, MAX_BENEFIT),
  campaign: req(2, T.UINT),
  kind: req(3, T.UINT, MAX_CODE),
  balance: opt(4, T.UINT),
  loaded: opt(5, T.UINT),
  from: req(6, T.UINT),
  until: req(7, T.UINT),
  suspended: opt(8, T.BOOL),
  flags: opt(9, T.UINT),
};

/** Journal state of the current mode's journal (GET_INFO key 11). */
export const JOURNAL_INFO: Schema = {
  used: req(1, T.UINT),
  capacity: req(2, T.UINT),
  unacknowledged: req(3, T.UINT),
};

/** One access decision: ACCESS_CHECK result, PASSAGE event data, journal passage entry. */
export const PASSAGE: Schema = {
  seq: opt(1, T.UINT),
  time: req(2, T.UINT),
  allowed: req(3, T.BOOL),
  reason: req(4, T.UINT, MAX_CODE),
  cardId: opt(5, T.BYTES | F.EXACT, CARD_ID_LENGTH),
  holderName: opt(6, T.TEXT, MAX_HOLDER_NAME),
};
