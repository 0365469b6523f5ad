/**
 * A PN532 at its host interface, I2C variant, with an RF field that holds zero, one or
 * several type A cards. It is the firmware's NfcBus: the firmware's real driver talks to it.
 *
 * Bus model (one call = one I2C transaction):
 *   write(bytes)  one host frame. A command gets the ACK frame, then its response frame
 *                 (or the syntax-error frame when the chip rejects it); a frame whose LCS/DCS
 *                 fails gets the error frame instead of the ACK; the host's ACK aborts the
 *                 command in progress; the host's NACK queues the last response again;
 *                 anything without a start code is ignored. A new command discards any
 *                 frame still queued.
 *   ready()       one poll of the status byte: true when the frame at the head of the output
 *                 queue is ready. A frame becomes ready after `ackDelayPolls` (ACK) or
 *                 `responseDelayPolls` (response) polls that said "not ready".
 *   read(n)       status byte (0x01 ready, 0x00 busy) then n-1 bytes. When ready: the head
 *                 frame from its first byte, 0x00 padding after its end; the read consumes
 *                 that frame even when n-1 is shorter (the host then NACKs for a resend).
 *                 When busy: zeros, and the read counts as one poll.
 * Commands are executed when written (the card sees the APDU then); only their delivery is
 * delayed.
 */
import { isCodedError } from '../../../protocol/errors.js';
import type { NfcBus } from '../../../firmware/ports/nfc.js';
import type { FieldCard } from './field-card.js';
import { CHIP_ACK, CHIP_ERROR, chipFrame, readHostFrame } from './chip-frames.js';

/** Tunables of the virtual chip. */
export interface VirtualPn532Options {
  /** Polls answered "not ready" before a response frame is ready (default 2). */
  responseDelayPolls?: number;
  /** Polls answered "not ready" before an ACK frame is ready (default 0). */
  ackDelayPolls?: number;
  /** GetFirmwareVersion answer IC, Ver, Rev, Support (default 32 01 06 07: PN532 v1.6). */
  firmware?: [number, number, number, number];
}

/** What a fault hook sees of one InDataExchange. */
export interface ExchangeEvent {
  /** 1-based count of InDataExchange commands that reached a card since construction. */
  index: number;
  card: FieldCard;
  apdu: Uint8Array;
  /** The card's answer (afterExchange only). */
  response?: Uint8Array;
}

/** Scenario hooks: remove a card here to pull it before the card sees the APDU or after it answered. */
export interface Pn532Hooks {
  beforeExchange?: (e: ExchangeEvent) => void;
  afterExchange?: (e: ExchangeEvent) => void;
}

/** Bus-level faults to inject; each count is consumed as it fires. */
export interface Pn532Faults {
  /** Host command frames to ignore entirely (no ACK, not executed). */
  dropCommands: number;
  /** Response deliveries to corrupt (one payload byte flipped; a NACK gets a clean copy). */
  corruptResponses: number;
  /** While true, the chip neither answers nor executes anything (unpowered or dead). */
  mute: boolean;
}

/** Counters of the host dialogue; the benchmark reports them. */
export interface Pn532Stats {
  /** Command frames executed. */
  commands: number;
  /** Executed commands by name (e.g. InDataExchange). */
  byCommand: Record<string, number>;
  /** Host writes, and their bytes. */
  hostWrites: number;
  bytesFromHost: number;
  /** Frame bytes delivered to the host (ACKs, responses, resends), without status bytes or padding. */
  bytesToHost: number;
  /** Every byte the host's reads clocked (status bytes and padding included). */
  busBytesRead: number;
  /** Calls to ready() (a busy read counts as a poll too, in `polls`). */
  readyCalls: number;
  polls: number;
  /** ACK frames sent, NACKs and aborts (host ACKs) received, error frames sent, writes ignored. */
  acks: number;
  nacks: number;
  aborts: number;
  errorFrames: number;
  ignored: number;
  /** InDataExchange commands that reached a card, APDU bytes each way, tears (coded errors from a card). */
  exchanges: number;
  apduBytesToCard: number;
  apduBytesFromCard: number;
  tears: number;
}

interface Outgoing {
  bytes: Uint8Array;
  delay: number;
  response: boolean;
}

interface Target {
  tg: number;
  card: FieldCard;
  gone: boolean;
  selected: boolean;
}

const NAMES: Record<number, string> = {
  0x02: 'GetFirmwareVersion',
  0x14: 'SAMConfiguration',
  0x32: 'RFConfiguration',
  0x40: 'InDataExchange',
  0x44: 'InDeselect',
  0x4a: 'InListPassiveTarget',
  0x52: 'InRelease',
  0x54: 'InSelect',
};

/** PN532 error codes used by the model (UM0701-02 §7.1). */
const ERR_TIMEOUT = 0x01; // type A: the target has not answered (it left the field)
const ERR_BUFFER = 0x07; // communication buffer size insufficient
const ERR_PARAM = 0x10; // invalid parameter
const ERR_CONTEXT = 0x27; // unknown target number / target not in the right state

/** ATS shown for an ISO/IEC 14443-4 card without its own: TL 05, T0 78 (FSCI 8), TA 80, TB 70, TC 02. */
const DEFAULT_ATS = Uint8Array.of(0x05, 0x78, 0x80, 0x70, 0x02);
/** Largest InDataExchange DataOut / DataIn. */
const MAX_DATA = 262;
/** MxRtyPassiveActivation value meaning "retry for ever". */
const FOREVER = 0xff;

/** UID bytes in anticollision order: cascade level 1 then 2 (7-byte UIDs start with CT 0x88). */
function cascadeBytes(uid: Uint8Array): number[] {
  if (uid.length === 4) return Array.from(uid);
  if (uid.length === 7) return [0x88, uid[0], uid[1], uid[2], uid[3], uid[4], uid[5], uid[6]];
  return Array.from(uid);
}

/**
 * Anticollision order: at the first bit (LSB first, as on air) where two UIDs differ,
 * the card whose bit is 1 is selected first. Firmware must not rely on which card wins.
 */
function anticollisionOrder(cards: FieldCard[]): FieldCard[] {
  const keyed = cards.map((card, i) => ({ card, i, bits: cascadeBytes(card.uid) }));
  keyed.sort((a, b) => {
    const n = Math.min(a.bits.length, b.bits.length);
    for (let k = 0; k < n; k++) {
      const diff = a.bits[k] ^ b.bits[k];
      if (diff !== 0) {
        const low = diff & -diff;
        return (a.bits[k] & low) !== 0 ? -1 : 1;
      }
    }
    return a.i - b.i;
  });
  return keyed.map((k) => k.card);
}

function newStats(): Pn532Stats {
  return {
    commands: 0, byCommand: {}, hostWrites: 0, bytesFromHost: 0, bytesToHost: 0, busBytesRead: 0,
    readyCalls: 0, polls: 0, acks: 0, nacks: 0, aborts: 0, errorFrames: 0, ignored: 0,
    exchanges: 0, apduBytesToCard: 0, apduBytesFromCard: 0, tears: 0,
  };
}

/** The virtual PN532 (see the module comment for the bus model). */
export class VirtualPn532 implements NfcBus {
  stats: Pn532Stats = newStats();
  readonly faults: Pn532Faults = { dropCommands: 0, corruptResponses: 0, mute: false };
  hooks: Pn532Hooks = {};
  /** The last coded error a card threw from transceive (a tear), if any. */
  lastCardFault: unknown = null;
  /** SAMConfiguration mode last set (1 = normal), 0 before any. */
  samMode = 0;
  /** RFConfiguration MaxRetries: MxRtyATR, MxRtyPSL, MxRtyPassiveActivation (power-on 0xFF 0x01 0xFF). */
  maxRetries: [number, number, number] = [0xff, 0x01, FOREVER];
  /** RF field switched on (RFConfiguration item 1 can switch it off). */
  rfOn = true;

  private readonly field: FieldCard[] = [];
  private targets: Target[] = [];
  private queue: Outgoing[] = [];
  private last: Uint8Array | null = null;
  private waitingList: { maxTg: number; uid: Uint8Array | null } | null = null;
  private exchangeCount = 0;
  private readonly responseDelay: number;
  private readonly ackDelay: number;
  private readonly firmware: [number, number, number, number];

  constructor(options: VirtualPn532Options = {}) {
    this.responseDelay = options.responseDelayPolls ?? 2;
    this.ackDelay = options.ackDelayPolls ?? 0;
    this.firmware = options.firmware ?? [0x32, 0x01, 0x06, 0x07];
  }

  // ---- the RF field -------------------------------------------------------------------

  /** Bring a card into the field (no effect if it is there already). */
  placeCard(card: FieldCard): void {
    if (!this.field.includes(card)) this.field.push(card);
  }

  /**
   * Take a card out of the field: any session with it is gone. The card is not called (it has
   * no power); it is reset when a later InListPassiveTarget activates it again.
   */
  removeCard(card: FieldCard): void {
    const i = this.field.indexOf(card);
    if (i < 0) return;
    this.field.splice(i, 1);
    for (const t of this.targets) if (t.card === card) t.gone = true;
  }

  /** The cards in the field, in the order they were placed. */
  cards(): FieldCard[] {
    return this.field.slice();
  }

  /** Targets activated by the last InListPassiveTarget and not released. */
  activeTargets(): { tg: number; card: FieldCard; gone: boolean }[] {
    return this.targets.map((t) => ({ tg: t.tg, card: t.card, gone: t.gone }));
  }

  /** Power-cycle the chip: configuration, queue and targets are lost (cards reset on reactivation). */
  powerCycle(): void {
    this.queue = [];
    this.last = null;
    this.targets = [];
    this.waitingList = null;
    this.samMode = 0;
    this.maxRetries = [0xff, 0x01, FOREVER];
    this.rfOn = true;
  }

  /** Zero the counters. */
  resetStats(): void {
    this.stats = newStats();
  }

  // ---- NfcBus --------------------------------------------------------------------------

  write(data: Uint8Array): void {
    this.stats.hostWrites++;
    this.stats.bytesFromHost += data.length;
    if (this.faults.mute) return;
    const f = readHostFrame(data);
    switch (f.type) {
      case 'noise':
        this.stats.ignored++;
        return;
      case 'ack':
        this.stats.aborts++;
        this.queue = [];
        this.waitingList = null;
        return;
      case 'nack':
        this.stats.nacks++;
        if (this.last) this.queue = [{ bytes: this.last, delay: 0, response: true }];
        return;
      case 'checksum':
        this.queue = [{ bytes: CHIP_ERROR, delay: this.ackDelay, response: false }];
        return;
      case 'command':
        break;
    }
    if (this.faults.dropCommands > 0) {
      this.faults.dropCommands--;
      this.stats.ignored++;
      return;
    }
    this.queue = [];
    this.waitingList = null;
    if (f.tfi !== 0xd4 || f.payload.length < 1) {
      this.queue.push({ bytes: CHIP_ERROR, delay: this.ackDelay, response: false });
      return;
    }
    this.queue.push({ bytes: CHIP_ACK, delay: this.ackDelay, response: false });
    const code = f.payload[0];
    const name = NAMES[code] ?? `0x${code.toString(16).padStart(2, '0')}`;
    this.stats.commands++;
    this.stats.byCommand[name] = (this.stats.byCommand[name] ?? 0) + 1;
    const answer = this.execute(code, f.payload.subarray(1));
    if (answer !== undefined) this.respond(answer);
  }

  ready(): boolean {
    this.stats.readyCalls++;
    return this.poll();
  }

  read(length: number): Uint8Array {
    this.stats.busBytesRead += length;
    const out = new Uint8Array(length);
    if (length === 0) return out;
    if (!this.poll()) return out;
    const head = this.queue.shift() as Outgoing;
    let bytes = head.bytes;
    if (head.response) {
      this.last = bytes;
      if (this.faults.corruptResponses > 0 && bytes.length > 8) {
        this.faults.corruptResponses--;
        bytes = bytes.slice();
        bytes[bytes.length - 3] ^= 0x5a; // last payload byte: DCS no longer checks
      }
    }
    if (bytes === CHIP_ACK) this.stats.acks++;
    if (bytes === CHIP_ERROR) this.stats.errorFrames++;
    out[0] = 0x01;
    const n = Math.min(length - 1, bytes.length);
    out.set(bytes.subarray(0, n), 1);
    this.stats.bytesToHost += n;
    return out;
  }

  // ---- internals -----------------------------------------------------------------------

  /** One status poll: serve a waiting InListPassiveTarget, count down the head frame's delay. */
  private poll(): boolean {
    this.stats.polls++;
    if (this.faults.mute) return false;
    if (this.waitingList && this.queue.length === 0 && this.field.length > 0) {
      const w = this.waitingList;
      this.waitingList = null;
      this.respond(this.listTargets(w.maxTg, w.uid, true) as Uint8Array);
    }
    const head = this.queue[0];
    if (!head) return false;
    if (head.delay > 0) {
      head.delay--;
      return false;
    }
    return true;
  }

  /** Queue a response payload (PD0..), or the error frame for null. */
  private respond(payload: Uint8Array | null): void {
    const bytes = payload === null ? CHIP_ERROR : chipFrame(payload);
    this.queue.push({ bytes, delay: this.responseDelay, response: true });
  }

  /** Run one command; the response payload, null for the syntax-error frame, undefined when deferred. */
  private execute(code: number, p: Uint8Array): Uint8Array | null | undefined {
    switch (code) {
      case 0x02:
        return p.length === 0 ? Uint8Array.of(0x03, ...this.firmware) : null;
      case 0x14:
        if (p.length < 1 || p.length > 3 || p[0] < 1 || p[0] > 4) return null;
        this.samMode = p[0];
        return Uint8Array.of(0x15);
      case 0x32:
        return this.rfConfiguration(p) ? Uint8Array.of(0x33) : null;
      case 0x4a:
        return this.inListPassiveTarget(p);
      case 0x40:
        return this.inDataExchange(p);
      case 0x52:
        return p.length === 1 ? Uint8Array.of(0x53, this.release(p[0])) : null;
      case 0x44:
        return p.length === 1 ? Uint8Array.of(0x45, this.setSelected(p[0], false)) : null;
      case 0x54:
        return p.length === 1 ? Uint8Array.of(0x55, this.setSelected(p[0], true)) : null;
      default:
        return null;
    }
  }

  private rfConfiguration(p: Uint8Array): boolean {
    if (p.length < 2) return false;
    const item = p[0];
    const v = p.subarray(1);
    switch (item) {
      case 0x01: // RF field: bit 1 = on
        if (v.length !== 1) return false;
        this.rfOn = (v[0] & 0x02) !== 0;
        if (!this.rfOn) for (const t of this.targets) t.gone = true; // cards lose power: reset on reactivation
        return true;
      case 0x02: // various timings
        return v.length === 3;
      case 0x04: // MaxRtyCOM
        return v.length === 1;
      case 0x05: // MaxRetries
        if (v.length !== 3) return false;
        this.maxRetries = [v[0], v[1], v[2]];
        return true;
      case 0x0a: case 0x0b: case 0x0c: case 0x0d: // analog settings: accepted, not modelled
        return true;
      default:
        return false;
    }
  }

  private inListPassiveTarget(p: Uint8Array): Uint8Array | null | undefined {
    if (p.length < 2) return null;
    const maxTg = p[0];
    const brTy = p[1];
    if (maxTg < 1 || maxTg > 2 || brTy > 4) return null;
    this.targets = [];
    // Only 106 kbps type A cards exist in this field; other types are never found.
    if (brTy !== 0x00) return Uint8Array.of(0x4b, 0x00);
    const uid = p.length > 2 ? p.slice(2) : null;
    if (uid && uid.length !== 4 && uid.length !== 7 && uid.length !== 10) return null;
    return this.listTargets(maxTg, uid, false);
  }

  /** Anticollision and activation; with no card and retries "for ever", defer (undefined). */
  private listTargets(maxTg: number, uid: Uint8Array | null, waited: boolean): Uint8Array | undefined {
    const present = this.rfOn ? this.field.filter((c) => !uid || equal(c.uid, uid)) : [];
    if (present.length === 0 && !waited && this.maxRetries[2] === FOREVER && this.rfOn) {
      this.waitingList = { maxTg, uid };
      return undefined;
    }
    const chosen = anticollisionOrder(present).slice(0, maxTg);
    const out: number[] = [0x4b, chosen.length];
    chosen.forEach((card, i) => {
      card.reset(); // activation (WUPA, select, RATS) starts a fresh card session
      const tg = i + 1;
      this.targets.push({ tg, card, gone: false, selected: true });
      out.push(tg, (card.atqa >> 8) & 0xff, card.atqa & 0xff, card.sak & 0xff, card.uid.length, ...card.uid);
      if (card.sak & 0x20) out.push(...(card.ats ?? DEFAULT_ATS));
    });
    return Uint8Array.from(out);
  }

  private inDataExchange(p: Uint8Array): Uint8Array | null {
    if (p.length < 1) return null;
    const data = p.subarray(1);
    if (data.length > MAX_DATA) return null;
    const status = (s: number) => Uint8Array.of(0x41, s);
    if (p[0] & 0x40) return status(ERR_PARAM); // host-side chaining (MI) is not modelled
    const t = this.targets.find((x) => x.tg === (p[0] & 0x0f));
    if (!t || !t.selected) return status(ERR_CONTEXT);
    if (t.gone || !this.field.includes(t.card)) return status(ERR_TIMEOUT);
    const event: ExchangeEvent = { index: ++this.exchangeCount, card: t.card, apdu: data.slice() };
    this.hooks.beforeExchange?.(event);
    if (t.gone) return status(ERR_TIMEOUT);
    this.stats.exchanges++;
    this.stats.apduBytesToCard += data.length;
    let response: Uint8Array;
    try {
      response = t.card.transceive(data.slice());
    } catch (e) {
      if (!isCodedError(e)) throw e;
      this.stats.tears++;
      this.lastCardFault = e;
      this.removeCard(t.card);
      return status(ERR_TIMEOUT);
    }
    event.response = response;
    this.hooks.afterExchange?.(event);
    if (t.gone) return status(ERR_TIMEOUT);
    this.stats.apduBytesFromCard += response.length;
    if (response.length > MAX_DATA) return status(ERR_BUFFER); // response chaining (MI) is not modelled
    const out = new Uint8Array(2 + response.length);
    out[0] = 0x41;
    out.set(response, 2);
    return out;
  }

  private release(tg: number): number {
    if (tg === 0) {
      this.targets = [];
      return 0x00;
    }
    const before = this.targets.length;
    this.targets = this.targets.filter((t) => t.tg !== tg);
    return this.targets.length < before ? 0x00 : ERR_CONTEXT;
  }

  private setSelected(tg: number, selected: boolean): number {
    const list = tg === 0 ? this.targets : this.targets.filter((t) => t.tg === tg);
    if (list.length === 0) return tg === 0 ? 0x00 : ERR_CONTEXT;
    let st = 0x00;
    for (const t of list) {
      if (selected && (t.gone || !this.field.includes(t.card))) st = ERR_TIMEOUT;
      else t.selected = selected;
    }
    return st;
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
