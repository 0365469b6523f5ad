/** Wallets as the card shows them, turned into message fields and refusal details. */
import { Status } from '../../../protocol/status.js';
import type { WalletView } from '../../../protocol/card/data.js';
import type { Wallet as WireWallet } from '../../../protocol/messages/types.js';
import { checkDenylist } from '../../../protocol/rules/denylist.js';
import type { DenylistEntry } from '../../../protocol/signed/denylist.js';
import type { Ctx } from '../context.js';
import { failure } from '../errors.js';

/** True when the installed denylist revokes the card at `time` (READ_CARD, BALANCE, access checks). */
export function revoked(ctx: Ctx, cardId: Uint8Array, time: number): boolean {
  return checkDenylist(ctx.identity.deny, cardId, 0, time) === Status.CARD_REVOKED;
}

/** The WALLET structures of READ_CARD / BALANCE; `suspended` from the denylist at `time`. */
export function walletsForHost(ws: WalletView[], deny: DenylistEntry[], cardId: Uint8Array, time: number, balances: boolean): WireWallet[] {
  const out: WireWallet[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    out.push({
      benefit: w.benefit,
      campaign: w.campaign,
      kind: w.kind,
      balance: balances ? w.balance : undefined,
      loaded: w.loaded > 0 ? w.loaded : undefined,
      from: w.from,
      until: w.until,
      suspended: checkDenylist(deny, cardId, w.benefit, time) === Status.BENEFIT_SUSPENDED ? true : undefined,
      flags: w.flags > 0 ? w.flags : undefined,
    });
  }
  return out;
}

/**
 * The failure for a refused wallet decision, with its details: NOT_YET_VALID
 * {validFrom: earliest future start}, BENEFIT_EXPIRED {validUntil: latest end},
 * INSUFFICIENT_BALANCE {balance}. An unknown benefit (BAD_REQUEST from the
 * rules) is NO_SUCH_BENEFIT, as spec §3.4 says.
 */
export function walletFailure(status: number, ws: WalletView[], benefit: number, time: number, balance: number): Error {
  if (status === Status.BAD_REQUEST) return failure(Status.NO_SUCH_BENEFIT);
  if (status === Status.INSUFFICIENT_BALANCE) return failure(status, { balance: balance });
  if (status !== Status.NOT_YET_VALID && status !== Status.BENEFIT_EXPIRED) return failure(status);
  let from = -1;
  let until = 0;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    if (w.benefit !== benefit) continue;
    if (w.from > time && (from < 0 || w.from < from)) from = w.from;
    if (w.until > until) until = w.until;
  }
  if (status === Status.NOT_YET_VALID) return failure(status, { validFrom: from < 0 ? 0 : from });
  return failure(status, { validUntil: until });
}
