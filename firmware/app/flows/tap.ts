/** One tap, as every card flow starts: poll, authenticate, recover a pending debit of that card. */
import { Status } from '../../../protocol/status.js';
import { Progress } from '../../../protocol/framing/keepalive.js';
import type { Ctx } from '../context.js';
import type { CardInfo } from '../card-session.js';
import { recover } from '../recovery.js';
import { failure } from '../errors.js';
import type { Recovered } from '../recovery.js';

/** An authenticated card in the field (the session stays open until Ctx.end or release). */
export interface Tapped {
  info: CardInfo;
  /** What the recovery of this card's pending debit found, if it had one. */
  recovered: Recovered | null;
}

/**
 * Poll once. null: no card. Otherwise the card is authenticated and its
 * pending debit (if any) recovered. Throws MULTIPLE_CARDS, CARD_UNSUPPORTED,
 * CARD_NOT_AUTHENTIC, CARD_REMOVED...
 */
export function tap(ctx: Ctx, title: string): Tapped | null {
  const p = ctx.card.poll();
  if (p.count === 0) return null;
  if (!p.isoDep) {
    ctx.card.release();
    throw failure(Status.CARD_UNSUPPORTED);
  }
  ctx.link.progress(Progress.READING_CARD, 0);
  ctx.ui.reading(title);
  const info = ctx.card.authenticate(p.uid as Uint8Array);
  return { info: info, recovered: recover(ctx, info) };
}
