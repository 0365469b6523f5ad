/**
 * The reader application: `start(ports)` wires the drivers and the state
 * machines to a board's ports and returns the entry points (firmware/PORTING.md §3).
 * Cooperative and synchronous: `onUsbPacket` and `tick` run to completion.
 * Coded errors end the request they belong to; any other error (a board
 * fault, a simulated power cut) propagates to the board.
 */
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { EventCode, Mode } from '../../protocol/messages/codes.js';
import { Settings } from '../drivers/flash/settings.js';
import { Journal } from '../drivers/flash/journal.js';
import { Pn532 } from '../drivers/pn532/driver.js';
import { KeypadScanner } from '../drivers/keypad/scanner.js';
import { answerControlRequest } from '../usb/control.js';
import type { SetupPacket } from '../usb/control.js';
import { FIRMWARE_MAJOR, FIRMWARE_MINOR, FIRMWARE_PATCH, resolveConfig } from './config.js';
import type { Ctx, Flow } from './context.js';
import type { Reader, ReaderPorts } from './ports.js';
import { loadIdentity } from './identity.js';
import { IntentLog } from './intents.js';
import { Receipts } from './receipts.js';
import { CardSession, same } from './card-session.js';
import { createUi } from './ui.js';
import { createLink } from './link.js';
import type { Failure } from './errors.js';
import { encodeEvent, encodeReply } from './reply.js';
import { dispatch } from './dispatch.js';
import { accessTap } from './flows/access.js';
import type { MessageObject } from '../../protocol/messages/wire.js';

/** Start the reader on a board's ports. Throws INTERNAL for a bad configuration (no issuer root, bad layout). */
export function start(ports: ReaderPorts): Reader {
  const cfg = resolveConfig(ports.config, ports.flash);
  const clock = ports.clock;
  const crypto = ports.crypto;
  const flash = ports.flash;
  const identity = loadIdentity(new Settings(flash, cfg.settingsFirstPage, cfg.settingsSlotPages), crypto, cfg.issuerRoot);
  const journal = new Journal(flash, cfg.journalFirstPage, cfg.journalPages);
  const intents = new IntentLog(flash, cfg.intentFirstPage, cfg.intentPages);
  const receipts = new Receipts(journal, crypto, identity);
  // Intents whose receipt reached the journal just before a power cut are settled.
  for (let i = intents.open.length - 1; i >= 0; i--) {
    if (receipts.find(intents.open[i].requestId) !== null) intents.resolve(intents.open[i]);
  }
  const card = new CardSession(new Pn532(ports.nfc, clock), crypto, cfg.issuerRoot);
  card.init();
  const ui = createUi(ports.display, ports.signal);
  const scanner = new KeypadScanner(ports.keypad);
  let nextStreamPoll = 0;

  function showIdle(): void {
    const c = identity.cert;
    ui.idle(identity.mode(), c === null ? '' : c.partnerName);
  }

  const ctx = {
    cfg: cfg,
    pageSize: flash.pageSize,
    clock: clock,
    crypto: crypto,
    identity: identity,
    journal: journal,
    receipts: receipts,
    intents: intents,
    card: card,
    ui: ui,
    command: -1,
    flow: null,
    stream: false,
    lastAllowed: null,
    lastAllowedAt: 0,
    fieldUid: null,
    assembly: null,
    seconds: function (): number {
      return Math.floor(clock.now() / 1000);
    },
    clockValid: function (): boolean {
      const t = ctx.seconds();
      return t > 0 && t >= receipts.lastTime;
    },
    reply: function (status: number, result?: MessageObject, details?: MessageObject): void {
      let bytes: Uint8Array;
      try {
        bytes = encodeReply(ctx.command, status, result, details);
      } catch (e) {
        if (!isCodedError(e)) throw e;
        bytes = encodeReply(ctx.command, Status.INTERNAL);
      }
      ctx.link.respond(bytes);
    },
    end: function (status: number, result?: MessageObject, details?: MessageObject): void {
      const hadFlow = ctx.flow !== null;
      ctx.flow = null;
      card.release();
      if (hadFlow && status !== Status.OK) ui.refused(status, '', clock.monotonic(), cfg.resultMs);
      else if (hadFlow && ui.idleAt === 0) showIdle();
      ctx.reply(status, result, details);
    },
  } as unknown as Ctx;

  /** Run a step of the pending request; a coded error ends it with its status. */
  function run(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!isCodedError(e)) throw e;
      ctx.end(e.code, undefined, (e as Failure).details);
    }
  }

  ctx.link = createLink(
    ports.usb,
    clock,
    crypto,
    {
      request: function (payload: Uint8Array): void {
        const now = clock.monotonic();
        ctx.command = -1;
        run(function () {
          dispatch(ctx, payload, now);
        });
      },
      cancel: function (): void {
        const f = ctx.flow;
        if (f !== null) run(function () {
          f.cancel();
        });
      },
      abort: function (): void {
        ctx.stream = false;
        if (ctx.flow === null) return;
        ctx.flow = null;
        card.release();
        showIdle();
      },
      busy: encodeReply(0, Status.BUSY),
    },
  );

  /**
   * Access mode, no request. With the stream on (`stream`): one poll, one PASSAGE
   * event per tap. Else keep watching the card decided upon last, so that it
   * counts as a new tap once it has left, even if no request was pending then.
   */
  function accessPoll(now: number, stream: boolean): void {
    if (now < nextStreamPoll) return;
    nextStreamPoll = now + (stream || cfg.accessPollMs > 50 ? cfg.accessPollMs : 50);
    try {
      if (stream) {
        const p = accessTap(ctx, now);
        if (p !== null) ctx.link.event(encodeEvent(EventCode.PASSAGE, p));
      } else {
        const p = card.poll();
        card.release();
        if (p.count === 0 || !same(p.uid as Uint8Array, ctx.fieldUid as Uint8Array)) ctx.fieldUid = null;
      }
    } catch (e) {
      if (!isCodedError(e)) throw e;
      if (stream) {
        card.release();
        ui.refused(e.code, '', now, 1500);
      } else {
        ctx.fieldUid = null;
      }
    }
  }

  showIdle();

  return {
    onUsbPacket: function (packet: Uint8Array): void {
      ctx.link.onPacket(packet);
    },
    tick: function (): void {
      const now = clock.monotonic();
      const k = scanner.scan();
      const f: Flow | null = ctx.flow;
      if (f !== null) {
        if (k >= 0) run(function () {
          f.key(k, now);
        });
        if (ctx.flow === f) run(function () {
          f.step(now);
        });
      } else {
        if (ctx.stream && identity.mode() === Mode.ACCESS && ctx.clockValid()) accessPoll(now, true);
        else if (ctx.fieldUid !== null) accessPoll(now, false);
        if (ui.idleAt !== 0 && now >= ui.idleAt) showIdle();
      }
      ctx.link.tick();
    },
    usbControl: function (setup: SetupPacket): Uint8Array | null {
      return answerControlRequest(setup, {
        readerId: identity.readerId,
        version: { major: FIRMWARE_MAJOR, minor: FIRMWARE_MINOR, patch: FIRMWARE_PATCH },
      });
    },
  };
}
