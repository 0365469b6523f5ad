/**
 * PN532 driver: a synchronous host-side dialogue with a PN532 over the NfcBus port
 * (I2C model: a read starts with the ready status byte; see README.md in this folder).
 *
 * Every call sends one command frame, waits for the ACK (sending the command once more if
 * none comes), then waits for the response, asking for it again with a NACK once if it
 * arrives corrupted. Normal outcomes (no card, two cards) are return values; failures are
 * thrown as coded errors (protocol/errors.ts) that the firmware catches in one place:
 *   NO_CARD / MULTIPLE_CARDS  exchange() without exactly one card listed by poll()
 *   CARD_REMOVED              the RF link to the card broke (it left the field); `at` = PN532 status
 *   CARD_ERROR                the card's answer was refused by the PN532 (too long...); `at` = status
 *   MESSAGE_TOO_LONG          an APDU over 262 bytes
 *   INTERNAL                  the PN532 misbehaves; `at` = a Pn532Fault
 */
import type { NfcBus } from '../../ports/nfc.js';
import type { Clock } from '../../ports/clock.js';
import { Status } from '../../../protocol/status.js';
import { codedError, isCodedError } from '../../../protocol/errors.js';
import { bytesEqual } from '../../../protocol/bytes/bytes.js';
import {
  BRTY_106A,
  ChipError,
  Cmd,
  EXTENDED_MAX_PAYLOAD,
  I2C_READY,
  IC_PN532,
  MAX_APDU,
  Pn532Fault,
  RfItem,
  SAK_ISO14443_4,
  STATUS_ERROR_MASK,
  STATUS_MI,
  TFI_CHIP,
  TFI_HOST,
} from './constants.js';
import { ACK_FRAME, FrameKind, NACK_FRAME, encodeFrameInto, frameSize, parseFrame } from './frame.js';
import type { Frame } from './frame.js';

/** Tunables of the driver; every field is optional. */
export interface Pn532Options {
  /** Wait for the ACK frame after a command, ms (default 30). */
  ackTimeoutMs?: number;
  /** Wait for the response of a configuration command, ms (default 100). */
  responseTimeoutMs?: number;
  /** Wait for the InListPassiveTarget response, ms (default 500). */
  pollTimeoutMs?: number;
  /** Wait for the InDataExchange response, ms (default 3000: cards may ask for waiting time). */
  exchangeTimeoutMs?: number;
  /** Frame bytes asked for by one read of a variable-length response (default 96); a longer
   * response costs one NACK and a second read of the exact size. */
  readSize?: number;
  /** RFConfiguration MxRtyPassiveActivation: 0 = one attempt, n = n retries (default 1). */
  passiveRetries?: number;
}

/** Outcome of {@link Pn532.poll}. The other fields describe the first card, when count >= 1. */
export interface PollResult {
  /** Cards found: 0, 1, or 2 (two or more cards in the field). */
  count: number;
  /** NFCID1 (UID), 4, 7 or 10 bytes. */
  uid?: Uint8Array;
  /** SENS_RES (ATQA) as the PN532 reports it, first byte high. */
  atqa?: number;
  /** SEL_RES (SAK). */
  sak?: number;
  /** True when the card is ISO/IEC 14443-4 (SAK bit 0x20): it speaks APDUs. */
  isoDep?: boolean;
  /** ATS, TL byte first (ISO/IEC 14443-4 cards only). */
  ats?: Uint8Array;
}

/** Counters of the host dialogue (for benchmarks and diagnostics). */
export interface Pn532Counters {
  /** Command frames sent (a resend counts again). */
  commands: number;
  /** Bytes written on the bus. */
  written: number;
  /** Bytes read from the bus (status bytes included). */
  read: number;
  /** Commands sent a second time for want of an ACK. */
  resends: number;
  /** NACK frames sent. */
  nacks: number;
}

/**
 * What poll() left for exchange(), as the status exchange() answers: OK (one card listed),
 * NO_CARD (no poll, no card, or released), MULTIPLE_CARDS, CARD_REMOVED (the link broke).
 */
const enum Target {
  One = Status.OK,
  None = Status.NO_CARD,
  Several = Status.MULTIPLE_CARDS,
  Gone = Status.CARD_REMOVED,
}

/** SAMConfiguration: normal mode (no SAM), virtual-card timeout 0x14 (1 s), IRQ pin used. */
const SAM_PARAMS = new Uint8Array([0x01, 0x14, 0x01]);
/** InListPassiveTarget: MaxTg 2 (so that two cards are seen as two), 106 kbps type A. */
const LIST_PARAMS = new Uint8Array([0x02, BRTY_106A]);
/** InRelease: all targets. */
const RELEASE_ALL = new Uint8Array([0x00]);
/** Largest frame either way. */
const MAX_FRAME = frameSize(EXTENDED_MAX_PAYLOAD);
/** ACK frame read: I2C status byte + 6 bytes. */
const ACK_READ = 7;
/** The checked bytes of an ACK frame: 00 00 FF 00 FF (the postamble is not checked). */
const ACK_HEAD = ACK_FRAME.subarray(0, 5);

/** InDataExchange errors (status & 0x3F) telling that the RF link to the card broke: CARD_REMOVED. */
const LINK_LOST: number[] = [
  ChipError.Timeout,
  ChipError.Crc,
  ChipError.Parity,
  ChipError.BitCount,
  ChipError.Framing,
  ChipError.BitCollision,
  ChipError.RfFieldTimeout,
  ChipError.RfProtocol,
  ChipError.DataFormat,
  ChipError.Released,
  ChipError.CardSwapped,
  ChipError.CardGone,
];
/** InDataExchange errors telling that the PN532 refused the card's answer: CARD_ERROR (others: INTERNAL). */
const ANSWER_REFUSED: number[] = [
  ChipError.BufferSize,
  ChipError.RfBufferOverflow,
  ChipError.InternalOverflow,
  ChipError.MifareAuth,
  ChipError.UidCheck,
];

/** An option's value, or `fallback` when it is not given. */
function option(value: number | undefined, fallback: number): number {
  return value !== undefined ? value : fallback;
}

/** Driver of one PN532 on an I2C-model NfcBus. Synchronous; keeps one reusable frame buffer. */
export class Pn532 {
  /** Dialogue counters; reset them by assigning zeros. */
  readonly counters: Pn532Counters = { commands: 0, written: 0, read: 0, resends: 0, nacks: 0 };
  private readonly tx = new Uint8Array(MAX_FRAME);
  private readonly tg = new Uint8Array(1);
  private readonly rf: Uint8Array;
  private readonly ackMs: number;
  private readonly respMs: number;
  private readonly pollMs: number;
  private readonly exchMs: number;
  private readonly readSize: number;
  private target = Target.None;

  constructor(private readonly bus: NfcBus, private readonly clock: Clock, options?: Pn532Options) {
    const o = options || {};
    this.ackMs = option(o.ackTimeoutMs, 30);
    this.respMs = option(o.responseTimeoutMs, 100);
    this.pollMs = option(o.pollTimeoutMs, 500);
    this.exchMs = option(o.exchangeTimeoutMs, 3000);
    const rs = option(o.readSize, 96);
    this.readSize = rs < 16 ? 16 : rs > MAX_FRAME ? MAX_FRAME : rs;
    // RFConfiguration MaxRetries: MxRtyATR 0xFF (default), MxRtyPSL 0x01 (default), MxRtyPassiveActivation.
    this.rf = new Uint8Array([RfItem.MaxRetries, 0xff, 0x01, option(o.passiveRetries, 1) & 0xff]);
  }

  /**
   * Check the chip, then configure it: SAMConfiguration (normal mode) and RFConfiguration
   * (few passive activation retries, so poll() returns quickly without a card).
   * Returns the firmware version word (see {@link firmwareVersion}).
   */
  init(): number {
    const v = this.firmwareVersion();
    if (v >>> 24 !== IC_PN532) throw codedError(Status.INTERNAL, 'not a PN532', Pn532Fault.WrongChip);
    this.command(Cmd.SAMConfiguration, SAM_PARAMS, null, this.respMs, frameSize(2));
    this.command(Cmd.RFConfiguration, this.rf, null, this.respMs, frameSize(2));
    this.target = Target.None;
    return v;
  }

  /** GetFirmwareVersion as one word: IC << 24 | Ver << 16 | Rev << 8 | Support (0x32010607 for v1.6). */
  firmwareVersion(): number {
    const d = this.command(Cmd.GetFirmwareVersion, null, null, this.respMs, frameSize(6)).data;
    if (d.length < 4) throw codedError(Status.INTERNAL, 'short firmware version', Pn532Fault.UnexpectedResponse);
    return ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
  }

  /**
   * Look for type A cards (InListPassiveTarget, MaxTg 2). count 0: no card; 1: one card,
   * activated, ready for exchange(); 2: two or more cards (refuse with MULTIPLE_CARDS, then
   * release()). Returns within the RF retries configured by init().
   */
  poll(): PollResult {
    this.target = Target.None;
    const d = this.command(Cmd.InListPassiveTarget, LIST_PARAMS, null, this.pollMs, this.readSize).data;
    const nb = d[0];
    if (nb === 0) return { count: 0 };
    // NbTg Tg SENS_RES(2) SEL_RES NFCIDLength NFCID1 [ATS, TL byte first]
    const idEnd = 6 + d[5];
    const sak = d[4];
    const isoDep = (sak & SAK_ISO14443_4) !== 0;
    const tl = isoDep && idEnd < d.length ? d[idEnd] : 0;
    if (d.length < 6 || idEnd > d.length || (isoDep && (tl < 1 || idEnd + tl > d.length))) {
      throw codedError(Status.INTERNAL, 'short target data', Pn532Fault.BadTargetData);
    }
    const res: PollResult = {
      count: nb >= 2 ? 2 : 1,
      uid: d.subarray(6, idEnd),
      atqa: (d[2] << 8) | d[3],
      sak: sak,
      isoDep: isoDep,
    };
    if (isoDep) res.ats = d.subarray(idEnd, idEnd + tl);
    this.tg[0] = d[1];
    this.target = nb >= 2 ? Target.Several : Target.One;
    return res;
  }

  /**
   * Send one APDU to the card listed by poll() and return its response (status word
   * included; a view into the read buffer, valid until the caller drops it).
   */
  exchange(apdu: Uint8Array): Uint8Array {
    if (this.target !== Target.One) throw codedError(this.target, 'no single card listed, or it has left the field');
    if (apdu.length > MAX_APDU) throw codedError(Status.MESSAGE_TOO_LONG, 'APDU over 262 bytes', apdu.length);
    const d = this.command(Cmd.InDataExchange, this.tg, apdu, this.exchMs, this.readSize).data;
    if (d.length < 1) throw codedError(Status.INTERNAL, 'no exchange status', Pn532Fault.UnexpectedResponse);
    const st = d[0];
    if (st === 0) return d.subarray(1);
    const err = st & STATUS_ERROR_MASK;
    const code =
      LINK_LOST.indexOf(err) >= 0
        ? Status.CARD_REMOVED
        : ANSWER_REFUSED.indexOf(err) >= 0 || (err === 0 && (st & STATUS_MI) !== 0) // MI alone: chaining the PN532 did not finish
          ? Status.CARD_ERROR
          : Status.INTERNAL;
    if (code === Status.CARD_REMOVED) this.target = Target.Gone;
    throw codedError(code, 'InDataExchange failed', st);
  }

  /** End the card session (InRelease of all targets). Call after every poll() that found cards. */
  release(): void {
    this.target = Target.None;
    this.command(Cmd.InRelease, RELEASE_ALL, null, this.respMs, frameSize(3));
  }

  /**
   * Read `size` bytes once bus.ready() and the I2C status byte say a frame is there; null
   * when `deadline` (monotonic ms) passes first.
   */
  private readReady(size: number, deadline: number): Uint8Array | null {
    for (;;) {
      if (this.bus.ready()) {
        const b = this.bus.read(size);
        this.counters.read += size;
        if ((b[0] & I2C_READY) !== 0) return b; // an empty read has no b[0]: not ready
      }
      if (this.clock.monotonic() >= deadline) return null;
    }
  }
  private write(frame: Uint8Array): void {
    this.bus.write(frame);
    this.counters.written += frame.length;
  }

  /**
   * Send a command, get its ACK (sending the command once more if none comes), then wait for
   * and read its response frame (code = cmd + 1): one NACK for a corrupted frame, one for a
   * response longer than the read.
   */
  private command(cmd: number, params: Uint8Array | null, data: Uint8Array | null, timeoutMs: number, size: number): Frame {
    const frame = this.tx.subarray(0, encodeFrameInto(this.tx, TFI_HOST, cmd, params, data));
    let acked = false;
    for (let attempt = 0; attempt < 2 && !acked; attempt++) {
      if (attempt > 0) this.counters.resends++;
      this.counters.commands++;
      this.write(frame);
      const b = this.readReady(ACK_READ, this.clock.monotonic() + this.ackMs);
      acked = b !== null && bytesEqual(b.subarray(1, 6), ACK_HEAD);
    }
    if (!acked) throw codedError(Status.INTERNAL, 'PN532: no ACK', Pn532Fault.NoAck);
    let deadline = this.clock.monotonic() + timeoutMs;
    let want = size;
    let resized = false;
    let nacked = false;
    for (;;) {
      const b = this.readReady(1 + want, deadline);
      if (b === null) {
        this.write(ACK_FRAME); // abort the command still running in the PN532
        throw codedError(Status.INTERNAL, 'PN532: no response', Pn532Fault.NoResponse);
      }
      let f: Frame | null = null;
      let need = 0;
      try {
        f = parseFrame(b, 1);
      } catch (e) {
        if (!isCodedError(e)) throw e;
        if (e.code === Status.FRAME_LENGTH && e.at !== undefined) need = e.at;
      }
      if (f !== null) {
        if (f.kind === FrameKind.Data && f.tfi === TFI_CHIP && f.code === cmd + 1) return f;
        if (f.kind === FrameKind.Error) throw codedError(Status.INTERNAL, 'PN532: syntax error frame', Pn532Fault.SyntaxError);
        if (f.kind !== FrameKind.Ack) throw codedError(Status.INTERNAL, 'PN532: unexpected frame', Pn532Fault.UnexpectedResponse);
        continue; // a late duplicate ACK: the response is still to come
      }
      if (!resized && need > want && need <= MAX_FRAME) {
        resized = true;
        want = need;
      } else if (!nacked) {
        nacked = true;
      } else {
        throw codedError(Status.INTERNAL, 'PN532: bad response frame', Pn532Fault.BadFrame);
      }
      this.counters.nacks++;
      this.write(NACK_FRAME);
      deadline = this.clock.monotonic() + this.respMs;
    }
  }
}
