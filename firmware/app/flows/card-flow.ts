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
import { recover } from '../recovery.js';
import type { Recovered } from '../recovery.js';
import { failure } from '../errors.js';

/** What a card flow does with its card. */
export interface CardTask {
  /** First display line (what is being done). */
  title: string;
  /**
   * A card is authenticated (flow.info; its pending debit recovered:
   * `recovered`, null when it had none). Return true to ask the PIN next;
   * false when the task answered (Ctx.end) or moved the flow (waitCard,
   * waitGone). May throw a coded failure.
   */
  card(flow: CardFlow, recovered: Recovered | null, now: number): boolean;
  /** The PIN is verified on the card: finish (answer, or waitCard). Absent when card() never asks the PIN. */
  verified?(flow: CardFlow, now: number): void;
  /**
   * The status that ends the flow when no card came in time (`status`
   * TIMEOUT) or on cancel (CANCELLED); absent: `status` itself.
   */
  ended?(status: number): number;
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
  private tries = 0;
  private st = St.CARD;
  private deadline = 0;
  private nextPoll = 0;
  private readonly pin = new PinEntry();

  constructor(private readonly ctx: Ctx, private readonly task: CardTask, now: number) {
    // No card session is open here (every request ends with one released).
    this.waitCard(now, false);
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
      // A PIN not typed after a wrong one: WRONG_PIN {triesLeft}. (While the PIN
      // is asked, no task changes TIMEOUT: a debit's card is not in doubt then.)
      if (this.st === St.PIN && this.tries > 0) {
        this.pin.clear();
        ctx.end(Status.WRONG_PIN, undefined, { triesLeft: this.tries });
      } else {
        this.stop(Status.TIMEOUT);
      }
      return;
    }
    if (this.st === St.PIN || now < this.nextPoll) return;
    this.nextPoll = now + ctx.cfg.pollIntervalMs;
    if (this.st === St.GONE) {
      if (!this.present()) this.waitCard(now, true);
      return;
    }
    // One tap: poll, authenticate, recover a pending debit of that card. A
    // failure thrown ends the request, and with it the card session.
    const p = ctx.card.poll();
    if (p.count === 0) return;
    if (!p.isoDep) throw failure(Status.CARD_UNSUPPORTED);
    ctx.link.progress(Progress.READING_CARD, 0);
    ctx.ui.reading(this.task.title);
    const info = ctx.card.authenticate();
    const recovered = recover(ctx, info);
    this.info = info;
    if (!this.task.card(this, recovered, now)) return;
    // A blocked PIN is told at once, before the holder types anything.
    if (ctx.card.pinTries() === 0) throw failure(Status.PIN_BLOCKED);
    this.st = St.PIN;
    this.deadline = now + ctx.cfg.pinTimeoutMs;
    this.askPin(0, 0);
  }

  /** Show the PIN prompt with `typed` digits (and the tries left after a wrong PIN, 0 before). */
  private askPin(typed: number, triesLeft: number): void {
    this.ctx.link.progress(Progress.WAITING_FOR_PIN, typed);
    this.ctx.ui.pin(this.task.title, typed, triesLeft);
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
      this.askPin(this.pin.count(), this.tries);
      return;
    }
    ctx.link.progress(Progress.PROCESSING, 0);
    ctx.ui.processing(this.task.title);
    const left = ctx.card.verifyPin(this.pin.take());
    if (left >= 0) {
      this.tries = left;
      this.askPin(0, left);
      return;
    }
    (this.task as Required<CardTask>).verified(this, now);
  }

  cancel(): void {
    this.stop(Status.CANCELLED);
  }

  /** End on a timeout while waiting for a card, or on cancel: `status`, unless the task says otherwise. */
  private stop(status: number): void {
    this.pin.clear();
    const t = this.task;
    this.ctx.end(t.ended ? t.ended(status) : status);
  }
}
