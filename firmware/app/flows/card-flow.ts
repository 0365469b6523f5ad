/**
 * The state machine shared by READ_CARD, BALANCE and DEBIT:
 *
 *   CARD --tap, task.card() true--> PIN --'#', PIN verified--> task.verified() --> answered
 *    ^  \--task.card() false: answered, or waitGone()--> GONE --card left--> CARD
 *    '-- waitCard(): the card must come (back)
 *
 * CARD: poll every pollIntervalMs, TIMEOUT after cardTimeoutMs (task.timeout()).
 * PIN: digits on the keypad, pinTimeoutMs per key; a wrong PIN lets the
 * holder type again while the card stays (the card keeps the try counter).
 * '*' with nothing typed, or a host CANCEL: task.cancelled().
 */
import { Status } from '../../../protocol/status.js';
import { isCodedError } from '../../../protocol/errors.js';
import { Progress } from '../../../protocol/framing/keepalive.js';
import { KEY_CORRECTION } from '../../drivers/keypad/layout.js';
import type { Ctx, Flow } from '../context.js';
import type { CardInfo } from '../card-session.js';
import { PinEntry, PinKey } from '../pin.js';
import { tap } from './tap.js';
import { failure } from '../errors.js';
import type { Tapped } from './tap.js';

/** What a card flow does with its card. */
export interface CardTask {
  /** First display line (what is being done). */
  title: string;
  /**
   * A card is authenticated (and its pending debit recovered). Return true to
   * ask the PIN next; false when the task answered (Ctx.end) or moved the flow
   * (waitCard, waitGone). May throw a coded failure.
   */
  card(flow: CardFlow, t: Tapped, now: number): boolean;
  /** The PIN is verified on the card: finish (answer, or waitCard). */
  verified(flow: CardFlow, now: number): void;
  /** Status when no card came in time. */
  timeout(): number;
  /** Status on cancel. */
  cancelled(): number;
}

const enum St {
  CARD = 0,
  GONE = 1,
  PIN = 2,
}

/** A request that needs a card (and maybe the PIN). */
export class CardFlow implements Flow {
  /** The authenticated card, from the tap on. */
  info: CardInfo | null = null;
  /** Tries left after a wrong PIN; 0 while no wrong PIN was typed. */
  triesLeft = 0;
  private st = St.CARD;
  private deadline: number;
  private nextPoll = 0;
  private readonly pin = new PinEntry();

  constructor(private readonly ctx: Ctx, private readonly task: CardTask, now: number) {
    this.deadline = now + ctx.cfg.cardTimeoutMs;
    ctx.link.progress(Progress.WAITING_FOR_CARD, 0);
    ctx.ui.presentCard(task.title);
  }

  /** Wait for a card (again): `back` when the card left during the debit and must come back. */
  waitCard(now: number, back: boolean): void {
    this.ctx.card.release();
    this.st = St.CARD;
    this.deadline = now + this.ctx.cfg.cardTimeoutMs;
    this.nextPoll = now;
    this.ctx.link.progress(Progress.WAITING_FOR_CARD, 0);
    if (back) this.ctx.ui.replaceCard(this.task.title);
    else this.ctx.ui.presentCard(this.task.title);
  }

  /** The card in the field is not the one wanted: wait until it leaves, then for a card again. */
  waitGone(now: number): void {
    this.ctx.card.release();
    this.st = St.GONE;
    this.nextPoll = now + this.ctx.cfg.pollIntervalMs;
    this.ctx.link.progress(Progress.REMOVE_CARD, 0);
    this.ctx.ui.otherCard();
  }

  step(now: number): void {
    const ctx = this.ctx;
    if (now >= this.deadline) {
      if (this.st === St.PIN) {
        this.pin.clear();
        if (this.triesLeft > 0) ctx.end(Status.WRONG_PIN, undefined, { triesLeft: this.triesLeft });
        else ctx.end(Status.TIMEOUT);
      } else {
        ctx.end(this.task.timeout());
      }
      return;
    }
    if (this.st === St.PIN || now < this.nextPoll) return;
    this.nextPoll = now + ctx.cfg.pollIntervalMs;
    if (this.st === St.GONE) {
      if (!this.present()) this.waitCard(now, true);
      return;
    }
    const t = tap(ctx, this.task.title);
    if (t === null) return;
    this.info = t.info;
    if (!this.task.card(this, t, now)) return;
    // A blocked PIN is told at once, before the holder types anything.
    if (ctx.card.pinTriesLeft() === 0) throw failure(Status.PIN_BLOCKED);
    this.st = St.PIN;
    this.deadline = now + ctx.cfg.pinTimeoutMs;
    ctx.link.progress(Progress.WAITING_FOR_PIN, 0);
    ctx.ui.pin(this.task.title, 0, 0);
  }

  /** True while a card (any) is in the field. */
  private present(): boolean {
    try {
      const p = this.ctx.card.poll();
      this.ctx.card.release();
      return p.count > 0;
    } catch (e) {
      if (!isCodedError(e)) throw e;
      return true;
    }
  }

  key(code: number, now: number): void {
    const ctx = this.ctx;
    if (this.st !== St.PIN) {
      if (code === KEY_CORRECTION) this.cancel();
      return;
    }
    const r = this.pin.key(code);
    if (r === PinKey.REFUSED) return;
    if (r === PinKey.CANCEL) {
      this.cancel();
      return;
    }
    ctx.ui.key();
    this.deadline = now + ctx.cfg.pinTimeoutMs;
    if (r === PinKey.CHANGED) {
      ctx.link.progress(Progress.WAITING_FOR_PIN, this.pin.count());
      ctx.ui.pin(this.task.title, this.pin.count(), this.triesLeft);
      return;
    }
    ctx.link.progress(Progress.PROCESSING, 0);
    ctx.ui.processing(this.task.title);
    const left = ctx.card.verifyPin(this.pin.take());
    if (left >= 0) {
      this.triesLeft = left;
      ctx.link.progress(Progress.WAITING_FOR_PIN, 0);
      ctx.ui.pin(this.task.title, 0, left);
      return;
    }
    this.task.verified(this, now);
  }

  cancel(): void {
    this.pin.clear();
    this.ctx.end(this.task.cancelled());
  }
}
