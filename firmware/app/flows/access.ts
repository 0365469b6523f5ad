/**
 * Access mode (spec §3.4 0x13, 0x14): one tap, one decision, no PIN, as few
 * APDUs as possible (SELECT, GET CARD DATA, INTERNAL AUTHENTICATE; a card
 * certificate already verified is recognised by its hash and not verified
 * again). A card stays "decided" until it leaves the field, so a card left on
 * the reader is one passage, not one per poll.
 */
import { Status } from '../../../protocol/status.js';
import { isCodedError } from '../../../protocol/errors.js';
import { encode } from '../../../protocol/cbor/encode.js';
import { Progress } from '../../../protocol/framing/keepalive.js';
import { PASSAGE } from '../../../protocol/messages/structures.js';
import { toWire } from '../../../protocol/messages/wire.js';
import type { Passage } from '../../../protocol/messages/types.js';
import { Mode } from '../../../protocol/messages/codes.js';
import { certificateCovers } from '../../../protocol/signed/reader-cert.js';
import type { ReaderCertificate } from '../../../protocol/signed/reader-cert.js';
import { KEY_CORRECTION } from '../../drivers/keypad/layout.js';
import { RecordType } from '../../drivers/flash/layout.js';
import type { Ctx, Flow } from '../context.js';
import type { CardInfo } from '../card-session.js';
import { same } from '../card-session.js';
import { failure } from '../errors.js';
import { requireMode } from '../mode.js';
import { revoked } from './wallets.js';

/** Checks before waiting for a tap: mode, clock, certificate window, stream off. */
export function accessChecks(ctx: Ctx): void {
  requireMode(ctx, Mode.ACCESS);
  if (ctx.stream) throw failure(Status.BUSY);
  if (!ctx.clockValid()) throw failure(Status.CLOCK_NOT_SET);
  if (!certificateCovers(ctx.identity.cert as ReaderCertificate, ctx.seconds())) throw failure(Status.CERTIFICATE_EXPIRED);
}

/**
 * Poll once and decide on a new card. null: no card, or the card decided
 * upon last is still there. A decision (allowed or not) is journalled as a
 * passage and shown. Throws when no decision could be made (MULTIPLE_CARDS,
 * CARD_REMOVED, CARD_ERROR...), the card session left for the caller to release.
 */
export function accessTap(ctx: Ctx, now: number): Passage | null {
  const p = ctx.card.poll();
  if (p.count === 0) {
    ctx.fieldUid = null;
    return null;
  }
  const uid = p.uid as Uint8Array;
  if (ctx.fieldUid !== null && same(ctx.fieldUid, uid)) {
    ctx.card.release();
    return null;
  }
  const time = ctx.seconds();
  let reason = p.isoDep ? Status.OK : Status.CARD_UNSUPPORTED;
  let info: CardInfo | null = null;
  if (reason === Status.OK) {
    try {
      info = ctx.card.authenticate();
    } catch (e) {
      if (!isCodedError(e)) throw e;
      if (e.code !== Status.CARD_NOT_AUTHENTIC && e.code !== Status.CARD_UNSUPPORTED) throw e;
      reason = e.code;
    }
  }
  ctx.card.release();
  ctx.fieldUid = uid;
  if (info !== null) {
    const cert = ctx.identity.cert as ReaderCertificate;
    if (revoked(ctx, info.cardId, time)) reason = Status.CARD_REVOKED;
    else if (info.cert.establishment !== cert.establishment) reason = Status.OTHER_ESTABLISHMENT;
    else if (ctx.lastAllowed !== null && same(ctx.lastAllowed, info.cardId) && now - ctx.lastAllowedAt < ctx.cfg.doubleTapMs) {
      reason = Status.DOUBLE_TAP;
    }
  }
  const allowed = reason === Status.OK;
  if (allowed) {
    ctx.lastAllowed = (info as CardInfo).cardId;
    ctx.lastAllowedAt = now;
  }
  const passage: Passage = { time: time, allowed: allowed, reason: reason };
  if (info !== null) passage.cardId = info.cardId;
  // Journal entries leave out the holder's name.
  if (ctx.journal.append(RecordType.PASSAGE, 0, encode(toWire(PASSAGE, passage))) === Status.OK) {
    passage.seq = ctx.journal.last[RecordType.PASSAGE];
    ctx.receipts.refresh(); // the append may have reclaimed a page
  }
  if (info !== null) passage.holderName = info.cert.holderName;
  // Allowed implies an authenticated card.
  if (allowed) ctx.ui.ok('BIENVENUE', 'WELCOME', (info as CardInfo).cert.holderName, '', now, 1500);
  else ctx.ui.refused(reason, '', now, 1500);
  return passage;
}

/** ACCESS_CHECK: wait for one tap and answer its PASSAGE. */
export class AccessFlow implements Flow {
  private deadline: number;
  private nextPoll = 0;

  constructor(private readonly ctx: Ctx, now: number) {
    this.deadline = now + ctx.cfg.cardTimeoutMs;
    ctx.link.progress(Progress.WAITING_FOR_CARD, 0);
  }

  step(now: number): void {
    if (now >= this.deadline) {
      this.ctx.end(Status.TIMEOUT);
      return;
    }
    if (now < this.nextPoll) return;
    this.nextPoll = now + this.ctx.cfg.accessPollMs;
    const passage = accessTap(this.ctx, now);
    if (passage !== null) this.ctx.end(Status.OK, passage);
  }

  key(code: number): void {
    if (code === KEY_CORRECTION) this.cancel();
  }

  cancel(): void {
    this.ctx.end(Status.CANCELLED);
  }
}
