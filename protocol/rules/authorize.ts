/**
 * The debit authorization (spec §7.11): every rule a reader applies before asking the card
 * to debit, in one documented order. Pure; the card applet re-checks balance and validity
 * when it applies the debit.
 */
import { Status } from '../status.js';
import { kindOf } from '../catalogue/table.js';
import { checkAgreement, checkCollective } from './agreement.js';
import { applyDebit, checkAmount, checkAmountShape } from './amount.js';
import { checkDenylist } from './denylist.js';
import type { DenyEntry } from './denylist.js';
import { selectWallet } from './select.js';
import { FieldType as T } from '../messages/schema.js';
import { checkValue } from '../messages/wire.js';
import type { Wallet } from './wallet.js';

/** Everything a debit decision depends on. */
export interface DebitQuery {
  /** The card's wallets as read from the card. */
  wallets: Wallet[];
  /** Benefit code asked by the till. */
  benefit: number;
  /** Amount asked: cents (CENTS), units (UNITS) or 1 (ENTITLEMENT). */
  amount: number;
  /** Reader time, unix seconds. */
  time: number;
  /** Categories of the reader's certificate. */
  readerCategories: number[];
  /** Denylist entries installed on the reader. */
  denylist: DenyEntry[];
  /** The card's 8-byte id. */
  cardId: Uint8Array;
  /** True for a collective (group order / group booking) debit without PIN. */
  collective?: boolean;
}

/** Outcome of a debit decision. */
export interface DebitDecision {
  /** Status code: OK or the first failed rule. */
  status: number;
  /** OK: the wallet to debit. INSUFFICIENT_BALANCE: the valid wallet with the largest balance. Else -1. */
  walletIndex: number;
  /** OK: that wallet's balance after the debit. INSUFFICIENT_BALANCE: its current balance (the most one debit can take). Else 0. */
  balanceAfter: number;
}

/**
 * Decides a debit. Order (the first failure is returned):
 *  0. `time` must be a whole number in 0..2^32-1: BAD_REQUEST;
 *  1. checkAgreement: BAD_REQUEST (unknown benefit), ONLINE_ONLY, CATEGORY_NOT_AGREED;
 *  2. checkCollective: INDIVIDUAL_ONLY;
 *  3. checkAmountShape with the catalogue kind: INVALID_AMOUNT;
 *  4. checkDenylist: CARD_REVOKED, then BENEFIT_SUSPENDED;
 *  5. selectWallet with the amount: NO_SUCH_BENEFIT, NOT_YET_VALID, BENEFIT_EXPIRED, INSUFFICIENT_BALANCE;
 *  6. the chosen wallet's kind must be the catalogue kind: CARD_ERROR;
 *  7. checkAmount against the chosen wallet, then applyDebit gives balanceAfter.
 * Steps 1-3 need no card; 4-7 need the card id and wallets.
 */
export function authorizeDebit(q: DebitQuery): DebitDecision {
  // A whole number in 0..2^32-1 (NaN and Infinity fail).
  let s = checkValue(T.UINT, q.time) === '' ? Status.OK : Status.BAD_REQUEST;
  if (s === Status.OK) s = checkAgreement(q.readerCategories, q.benefit);
  if (s === Status.OK) s = checkCollective(q.benefit, q.collective === true);
  const kind = kindOf(q.benefit);
  if (s === Status.OK) s = checkAmountShape(kind, q.amount);
  if (s === Status.OK) s = checkDenylist(q.denylist, q.cardId, q.benefit, q.time);
  // One result object for every outcome: the wallet and balance stay -1 and 0 unless set below.
  let index = -1;
  let after = 0;
  if (s === Status.OK) {
    const choice = selectWallet(q.wallets, q.benefit, q.time, q.amount);
    s = choice.status;
    if (s === Status.INSUFFICIENT_BALANCE) {
      index = choice.index;
      after = q.wallets[index].balance;
    } else if (s === Status.OK) {
      const w = q.wallets[choice.index];
      s = w.kind !== kind ? Status.CARD_ERROR : checkAmount(w.kind, q.amount, w.balance);
      if (s === Status.OK) {
        index = choice.index;
        after = applyDebit(w, q.amount);
      }
    }
  }
  return { status: s, walletIndex: index, balanceAfter: after };
}
