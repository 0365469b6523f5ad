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

/**
 * A request that needs a card (and maybe the PIN). Its state lives in the
 * constructor's closure (shorter than members once minified); the methods
 * are the closures assigned to the instance.
 */
export class CardFlow implements Flow {
  /** The authenticated card, from the tap on. */
  info: CardInfo | null = null;
  /** Wait for a card (again): `back` when the card left during the debit and must come back. */
  readonly waitCard: (now: number, back: boolean) => void;
  /** The card in the field is not the one wanted: wait until it leaves, then for a card again. */
  readonly waitGone: (now: number) => void;
  readonly step: (now: number) => void;
  readonly key: (code: number, now: number) => void;
  readonly cancel: () => void;

  constructor(ctx: Ctx, task: CardTask, now: number) {
    const flow = this;
    // The reader's parts, fixed for its lifetime (ctx.link is set before any request).
    const card = ctx.card;
    const ui = ctx.ui;
    const link = ctx.link;
    const cfg = ctx.cfg;
    const pin = new PinEntry();
    let st = St.CARD;
    let deadline = 0;
    let nextPoll = 0;
    /** Tries left after a wrong PIN; 0 while no wrong PIN was typed. */
    let tries = 0;

    /** Show the PIN prompt with `typed` digits (and the tries left after a wrong PIN, 0 before). */
    function askPin(typed: number, triesLeft: number): void {
      link.progress(Progress.WAITING_FOR_PIN, typed);
      ui.pin(task.title, typed, triesLeft);
    }

    /** End on a timeout while waiting for a card, or on cancel: `status`, unless the task says otherwise. */
    function stop(status: number): void {
      pin.clear();
      ctx.end(task.ended ? task.ended(status) : status);
    }

    /** True while a card (any) is in the field. */
    function present(): boolean {
      try {
        const p = card.poll();
        card.release();
        return p.count > 0;
      } catch (e) {
        if (!isCodedError(e)) throw e;
        return true;
      }
    }

    function waitCard(at: number, back: boolean): void {
      card.release();
      st = St.CARD;
      deadline = at + cfg.cardTimeoutMs;
      nextPoll = at;
      link.progress(Progress.WAITING_FOR_CARD, 0);
      if (back) ui.replaceCard(task.title);
      else ui.presentCard(task.title);
    }
    this.waitCard = waitCard;

    this.waitGone = function (at: number): void {
      card.release();
      st = St.GONE;
      nextPoll = at + cfg.pollIntervalMs;
      link.progress(Progress.REMOVE_CARD, 0);
      ui.otherCard();
    };

    this.step = function (at: number): void {
      if (at >= deadline) {
        // A PIN not typed after a wrong one: WRONG_PIN {triesLeft}. (While the PIN
        // is asked, no task changes TIMEOUT: a debit's card is not in doubt then.)
        if (st === St.PIN && tries > 0) {
          pin.clear();
          ctx.end(Status.WRONG_PIN, undefined, { triesLeft: tries });
        } else {
          stop(Status.TIMEOUT);
        }
        return;
      }
      if (st === St.PIN || at < nextPoll) return;
      nextPoll = at + cfg.pollIntervalMs;
      if (st === St.GONE) {
        if (!present()) waitCard(at, true);
        return;
      }
      // One tap: poll, authenticate, recover a pending debit of that card. A
      // failure thrown ends the request, and with it the card session.
      const p = card.poll();
      if (p.count === 0) return;
      if (!p.isoDep) throw failure(Status.CARD_UNSUPPORTED);
      link.progress(Progress.READING_CARD, 0);
      ui.reading(task.title);
      const info = card.authenticate();
      const recovered = recover(ctx, info);
      flow.info = info;
      if (!task.card(flow, recovered, at)) return;
      // A blocked PIN is told at once, before the holder types anything.
      if (card.pinTries() === 0) throw failure(Status.PIN_BLOCKED);
      st = St.PIN;
      deadline = at + cfg.pinTimeoutMs;
      askPin(0, 0);
    };

    this.key = function (code: number, at: number): void {
      if (st !== St.PIN) {
        if (code === KEY_CORRECTION) stop(Status.CANCELLED);
        return;
      }
      const r = pin.key(code);
      if (r === PinKey.REFUSED) return;
      if (r === PinKey.CANCEL) {
        stop(Status.CANCELLED);
        return;
      }
      ui.key();
      deadline = at + cfg.pinTimeoutMs;
      if (r === PinKey.CHANGED) {
        askPin(pin.count(), tries);
        return;
      }
      link.progress(Progress.PROCESSING, 0);
      ui.processing(task.title);
      const left = card.verifyPin(pin.take());
      if (left >= 0) {
        tries = left;
        askPin(0, left);
        return;
      }
      (task as Required<CardTask>).verified(flow, at);
    };

    this.cancel = function (): void {
      stop(Status.CANCELLED);
    };

    // No card session is open here (every request ends with one released).
    waitCard(now, false);
  }
}
