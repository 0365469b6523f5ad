/**
 * Ratification of a debit whose outcome the reader did not see (card pulled
 * away, reader power cut): on the next tap of that card, GET LAST TRANSACTION.
 * If the card's last proof carries the intent's challenge, the debit
 * happened: the reader journals its receipt (kind RECOVERED) under the
 * intent's request id. Otherwise it did not happen. Either way the intent is
 * resolved.
 */
import { Status } from '../../protocol/status.js';
import { openCardProof } from '../../protocol/signed/card-proof.js';
import type { CardProof } from '../../protocol/signed/card-proof.js';
import { ReceiptKind } from '../../protocol/signed/receipt.js';
import type { Ctx } from './context.js';
import type { CardInfo } from './card-session.js';
import { same } from './card-session.js';
import { failure } from './errors.js';

/** What a recovery found for one intent. */
export interface Recovered {
  requestId: Uint8Array;
  /** The receipt journalled for it, or null when the debit did not happen. */
  receipt: Uint8Array | null;
  balanceAfter: number;
}

/** Resolve the open intent of the tapped card, if it has one (one APDU). Throws CARD_NOT_AUTHENTIC, JOURNAL_FULL... */
export function recover(ctx: Ctx, info: CardInfo): Recovered | null {
  const it = ctx.intents.forCard(info.cardId);
  if (it === null) return null;
  const last = ctx.card.lastTransaction();
  let receipt: Uint8Array | null = null;
  let balanceAfter = 0;
  if (last !== null) {
    const o = openCardProof(last.proof, info.cert.cardPublicKey, ctx.crypto);
    if (o.status !== Status.OK) throw failure(Status.CARD_NOT_AUTHENTIC);
    const p = o.value as CardProof;
    if (same(p.challenge, it.challenge) && same(p.cardId, it.cardId)) {
      receipt = ctx.receipts.issue(p, last.proof, info.certificate, {
        requestId: it.requestId,
        reference: it.reference,
        kind: ReceiptKind.RECOVERED,
      });
      balanceAfter = p.balanceAfter;
    }
  }
  ctx.intents.resolve(it);
  return { requestId: it.requestId, receipt: receipt, balanceAfter: balanceAfter };
}
