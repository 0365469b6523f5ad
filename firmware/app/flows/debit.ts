/**
 * DEBIT (spec §3.4 0x11): checks that need no card (debitChecks), then a card
 * flow: tap -> denylist and wallet validity (before the PIN, so the holder
 * never types a PIN for a debit that cannot succeed) -> PIN -> wallets with
 * balances -> authorizeDebit -> intent in flash -> DEBIT on the card -> card
 * proof -> receipt signed and journalled -> answer.
 * A card that leaves after the DEBIT command was sent: the flow waits for it
 * to come back and ratifies (recovery.ts); a retry of the request id with an
 * open intent waits for that intent's card the same way.
 */
import { Status } from '../../../protocol/status.js';
import { isCodedError } from '../../../protocol/errors.js';
import { Progress } from '../../../protocol/framing/keepalive.js';
import { Sw, swStatus } from '../../../protocol/card/sw.js';
import { debitCommand } from '../../../protocol/card/commands.js';
import { CHALLENGE_LENGTH } from '../../../protocol/card/constants.js';
import type { DebitRequest, WalletView } from '../../../protocol/card/data.js';
import { openCardProof } from '../../../protocol/signed/card-proof.js';
import type { CardProof } from '../../../protocol/signed/card-proof.js';
import { certificateCovers } from '../../../protocol/signed/reader-cert.js';
import type { ReaderCertificate } from '../../../protocol/signed/reader-cert.js';
import { utf8Length } from '../../../protocol/bytes/utf8.js';
import type { DebitArgs } from '../../../protocol/messages/types.js';
import { Mode } from '../../../protocol/messages/codes.js';
import { authorizeDebit } from '../../../protocol/rules/authorize.js';
import { checkAgreement, checkCollective } from '../../../protocol/rules/agreement.js';
import { checkAmountShape } from '../../../protocol/rules/amount.js';
import { checkDenylist } from '../../../protocol/rules/denylist.js';
import { selectWallet } from '../../../protocol/rules/select.js';
import type { Wallet } from '../../../protocol/rules/wallet.js';
import { kindOf } from '../../../protocol/catalogue/table.js';
import type { Ctx } from '../context.js';
import type { CardAnswer, CardInfo } from '../card-session.js';
import { cardFailure, same } from '../card-session.js';
import type { Intent } from '../intents.js';
import { receiptBound } from '../receipts.js';
import { failure } from '../errors.js';
import { formatAmount } from '../ui.js';
import { requireMode } from '../mode.js';
import type { CardFlow, CardTask } from './card-flow.js';
import type { Recovered } from '../recovery.js';
import { walletFailure } from './wallets.js';

/** A certificate size assumed before the card is read (card certificates are well below). */
const CERT_ALLOWANCE = 256;

/** JOURNAL_FULL unless the journal has room for the receipt of `a` with a card certificate of `certLength` bytes. */
function checkRoom(ctx: Ctx, a: DebitArgs, certLength: number): void {
  const refLen = a.reference === undefined ? 0 : utf8Length(a.reference);
  if (!ctx.journal.canAppend(receiptBound(certLength, a.requestId.length, refLen))) throw failure(Status.JOURNAL_FULL);
}

/** True when a DEBIT asks exactly what an earlier one with its request id asked. */
export function sameDebit(a: DebitArgs, benefit: number, amount: number, reference: string | undefined): boolean {
  return a.benefit === benefit && a.amount === amount && a.reference === reference;
}

/** Steps 3-4 of spec §3.4 DEBIT: the reader, then the benefit without the card. Throws the first failure. */
export function debitChecks(ctx: Ctx, a: DebitArgs): void {
  requireMode(ctx, Mode.MERCHANT);
  if (!ctx.clockValid()) throw failure(Status.CLOCK_NOT_SET);
  const cert = ctx.identity.cert as ReaderCertificate;
  if (!certificateCovers(cert, ctx.seconds())) throw failure(Status.CERTIFICATE_EXPIRED);
  checkRoom(ctx, a, CERT_ALLOWANCE);
  let s = checkAgreement(cert.categories, a.benefit);
  if (s === Status.OK) s = checkCollective(a.benefit, a.collective === true);
  if (s === Status.OK) s = checkAmountShape(kindOf(a.benefit), a.amount);
  if (s === Status.BAD_REQUEST) s = Status.NO_SUCH_BENEFIT;
  if (s !== Status.OK) throw failure(s);
}

/** The failure for a DEBIT the card refused (status word `sw`, wallet `w`), with the details its status needs. */
function refusal(ctx: Ctx, sw: number, w: WalletView, info: CardInfo): Error {
  const s = swStatus(sw);
  if (s === Status.INSUFFICIENT_BALANCE) return failure(s, { balance: w.balance === undefined ? 0 : w.balance });
  if (s === Status.BENEFIT_EXPIRED) return failure(s, { validUntil: w.until });
  if (s === Status.NOT_YET_VALID) return failure(s, { validFrom: w.from });
  if (s === Status.CARD_CLOCK_CONFLICT) {
    const last = ctx.card.lastTransaction();
    let t = 0;
    if (last !== null) {
      const o = openCardProof(last.proof, info.cert.cardPublicKey, ctx.crypto);
      if (o.value !== null) t = o.value.time;
    }
    return failure(s, { minimumTime: t });
  }
  return cardFailure(sw);
}

/** Answer the receipt of debit `a`; `replayed` when the debit was made by an earlier request with its request id. */
function paid(ctx: Ctx, a: DebitArgs, receipt: Uint8Array, balance: number, now: number, replayed: boolean): void {
  ctx.ui.ok('Paiement OK', 'Payment OK', 'Solde/Balance', formatAmount(a.benefit, balance), now, ctx.cfg.resultMs);
  ctx.end(Status.OK, { receipt: receipt, replayed: replayed, balance: balance });
}

/** The card side of a DEBIT. */
export class DebitTask implements CardTask {
  title: string;
  /** Set once this request sent DEBIT to a card: a cancel can no longer be honoured for sure. */
  private sent = false;
  /** This request retries one whose outcome was unknown: a receipt recovered now was not made by this request. */
  private readonly retry: boolean;

  /**
   * `pending`: the open intent of this request id (an earlier attempt whose
   * outcome is unknown): its card must be tapped first.
   */
  constructor(private readonly ctx: Ctx, private readonly args: DebitArgs, private pending: Intent | null) {
    this.title = 'Debit ' + formatAmount(args.benefit, args.amount);
    this.retry = pending !== null;
  }

  /**
   * While a card whose debit is in doubt is awaited, a timeout is
   * CARD_REMOVED, and so is a cancel once this request sent DEBIT.
   */
  ended(status: number): number {
    return this.pending !== null && (status === Status.TIMEOUT || this.sent) ? Status.CARD_REMOVED : status;
  }

  card(flow: CardFlow, r: Recovered | null, now: number): boolean {
    const ctx = this.ctx;
    const a = this.args;
    if (this.pending !== null) {
      if (r === null || !same(r.requestId, a.requestId)) {
        flow.waitGone(now);
        return false;
      }
      this.pending = null;
      if (r.receipt !== null) {
        paid(ctx, a, r.receipt, r.balanceAfter, now, this.retry);
        return false;
      }
      // The earlier attempt did not debit: debit now, with this card.
    }
    const time = ctx.seconds();
    const s = checkDenylist(ctx.identity.deny, (flow.info as CardInfo).cardId, a.benefit, time);
    if (s !== Status.OK) throw failure(s);
    const ws = ctx.card.readWallets(false);
    const c = selectWallet(ws as Wallet[], a.benefit, time);
    if (c.status !== Status.OK) throw walletFailure(c.status, ws, a.benefit, time, 0);
    return true;
  }

  verified(flow: CardFlow, now: number): void {
    const ctx = this.ctx;
    const a = this.args;
    const info = flow.info as CardInfo;
    const cert = ctx.identity.cert as ReaderCertificate;
    const time = ctx.seconds();
    const ws = ctx.card.readWallets(true);
    const d = authorizeDebit({
      wallets: ws as Wallet[],
      benefit: a.benefit,
      amount: a.amount,
      time: time,
      readerCategories: cert.categories,
      denylist: ctx.identity.deny,
      cardId: info.cardId,
      collective: a.collective === true,
    });
    if (d.status !== Status.OK) throw walletFailure(d.status, ws, a.benefit, time, d.balanceAfter);
    const w = ws[d.walletIndex];
    checkRoom(ctx, a, info.certificate.length);
    // The intent is also the DEBIT command's request (debitCommand reads only its fields).
    const it: Intent & DebitRequest = {
      cardId: info.cardId,
      challenge: ctx.crypto.random(CHALLENGE_LENGTH),
      requestId: a.requestId,
      benefit: a.benefit,
      campaign: w.campaign,
      amount: a.amount,
      time: time,
      reference: a.reference,
      readerId: ctx.identity.readerId,
    };
    ctx.intents.add(it); // durable before the card sees the command
    this.sent = true;
    let ans: CardAnswer;
    try {
      // The card's answer as is: a failure here may still mean the debit happened.
      ans = ctx.card.transmit(debitCommand(it));
    } catch (e) {
      if (!isCodedError(e)) throw e;
      // The card may or may not have applied it: it must come back (ratification).
      this.pending = it;
      flow.waitCard(now, true);
      return;
    }
    if (ans.sw !== Sw.OK) {
      ctx.intents.resolve(it); // refused by the card: nothing was debited
      throw refusal(ctx, ans.sw, w, info);
    }
    const o = openCardProof(ans.data, info.cert.cardPublicKey, ctx.crypto);
    const p = o.value as CardProof;
    if (o.status !== Status.OK || !same(p.challenge, it.challenge) || !same(p.cardId, info.cardId) || p.benefit !== a.benefit
      || p.campaign !== w.campaign || p.amount !== a.amount || p.time !== time) {
      ctx.intents.resolve(it);
      throw failure(Status.CARD_ERROR, {});
    }
    ctx.link.progress(Progress.PROCESSING, 0);
    // The intent carries the receipt's request id and reference (kind DEBIT).
    const receipt = ctx.receipts.issue(p, ans.data, info.certificate, it);
    ctx.intents.resolve(it);
    paid(ctx, a, receipt, p.balanceAfter, now, false);
  }
}
