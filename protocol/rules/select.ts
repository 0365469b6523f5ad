/**
 * Wallet selection (spec §7.8): which of a card's wallets a debit draws on. A debit draws on
 * exactly one wallet; it never spans two.
 */
import { Status } from '../status.js';
import { Kind } from '../catalogue/codes.js';
import type { Wallet } from './wallet.js';

/** Outcome of a selection: a status and the wallet index (-1 when there is none to report). */
export interface WalletChoice {
  status: number;
  index: number;
}

/** True when wallet a is spent before wallet b: earlier until, then lower campaign (then lower index). */
export function spentBefore(a: Wallet, b: Wallet): boolean {
  if (a.until !== b.until) return a.until < b.until;
  return a.campaign < b.campaign;
}

/**
 * Selects the wallet of `benefit` to debit at unix time `time`.
 *
 * Among the wallets valid at `time` (from <= time < until), in spending order (earliest until,
 * then lower campaign, then lower index):
 *  - without `amount`: the first one (OK);
 *  - with `amount`: the first one that covers it alone (ENTITLEMENT always covers);
 *    if none does, INSUFFICIENT_BALANCE with the index of the valid wallet holding the largest
 *    balance (the most one debit can take; ties go to the one spent first).
 * When no wallet of the benefit is valid: NO_SUCH_BENEFIT if the card has none, NOT_YET_VALID
 * if at least one starts later, else BENEFIT_EXPIRED; index -1.
 */
export function selectWallet(wallets: Wallet[], benefit: number, time: number, amount?: number): WalletChoice {
  let any = false;
  let future = false;
  let first = -1;
  let cover = -1;
  let largest = -1;
  const withAmount = amount !== undefined;
  for (let i = 0; i < wallets.length; i++) {
    const w = wallets[i];
    if (w.benefit !== benefit) continue;
    any = true;
    // Positive comparisons: a NaN time or bound makes no wallet valid.
    if (!(w.from <= time)) {
      if (time < w.from) future = true;
      continue;
    }
    if (!(time < w.until)) continue;
    if (first < 0 || spentBefore(w, wallets[first])) first = i;
    if (withAmount) {
      if ((w.kind === Kind.ENTITLEMENT || (amount as number) <= w.balance) && (cover < 0 || spentBefore(w, wallets[cover]))) cover = i;
      if (largest < 0 || w.balance > wallets[largest].balance
        || (w.balance === wallets[largest].balance && spentBefore(w, wallets[largest]))) largest = i;
    }
  }
  let status: number = Status.OK;
  let index = first; // -1 when no wallet is valid
  if (first < 0) status = !any ? Status.NO_SUCH_BENEFIT : future ? Status.NOT_YET_VALID : Status.BENEFIT_EXPIRED;
  else if (withAmount) {
    index = cover >= 0 ? cover : largest;
    if (cover < 0) status = Status.INSUFFICIENT_BALANCE;
  }
  return { status: status, index: index };
}
