/**
 * Packets to frames (spec §2.8): the receiving side of the framing layer,
 * with the resynchronisation rules. Pure state machine: no I/O, no timers,
 * never throws on any input packet.
 */
import { Status } from '../status.js';
import {
  CID_BROADCAST,
  CID_INVALID,
  CONT_DATA,
  CONT_HEADER,
  INIT_DATA,
  INIT_FLAG,
  INIT_HEADER,
  MAX_MESSAGE,
  PACKET_SIZE,
  FrameType,
  isFrameType,
  typeAllowedOnChannel,
} from './constants.js';
import { crc32Range } from './crc32.js';

/** What a {@link FrameResult} holds. */
export const enum ResultKind {
  /** Nothing to deliver (the packet was consumed; more are awaited). */
  NONE = 0,
  /** A complete frame whose CRC matched. */
  FRAME = 1,
  /** A link error, `status` is a FRAME_* code. */
  ERROR = 2,
}

/**
 * One outcome of {@link Reassembler.push} / {@link Reassembler.next}.
 * Fields that are not known are -1 (payload null).
 */
export interface FrameResult {
  /** A {@link ResultKind}. */
  kind: number;
  /** Status.OK for NONE and FRAME, a FRAME_* status for ERROR. */
  status: number;
  /** Channel id of the frame (or of the offending packet). */
  cid: number;
  /** Frame type without bit 7. */
  type: number;
  /** Sequence number of the frame (or of the offending packet). */
  seq: number;
  /** The payload of a FRAME, owned by the caller. */
  payload: Uint8Array | null;
}

/** Options of a {@link Reassembler}. */
export interface ReassemblerOptions {
  /** Accept only this channel (plus broadcast SYNC and ERROR frames). */
  cid?: number;
  /** Largest LEN accepted, 1..MAX_MESSAGE (default MAX_MESSAGE). */
  maxMessage?: number;
}

function result(kind: number, status: number, cid: number, type: number, seq: number, payload: Uint8Array | null): FrameResult {
  return { kind: kind, status: status, cid: cid, type: type, seq: seq, payload: payload };
}

/**
 * Reassembles frames from 64-byte packets of one direction. Feed every packet
 * read from the endpoint to push(), then call next() until it returns NONE:
 *
 *     for (let r = rx.push(packet); r.kind !== ResultKind.NONE; r = rx.next()) handle(r);
 *
 * One packet yields at most two results (an init packet that abandons a
 * partial frame reports FRAME_SEQUENCE for it, then its own outcome). Results
 * not drained by next() stay queued, in order, and come out of later calls.
 */
export class Reassembler {
  private filter!: number;
  private limit: number;
  private queue: FrameResult[];
  /** The frame being assembled (its LEN bytes), null when idle. */
  private buf: Uint8Array | null;
  // The frame being assembled (meaningless while `buf` is null): channel, type,
  // SEQ, payload bytes received, next continuation INDEX, CRC announced and so far.
  private cid!: number;
  private type!: number;
  private seq!: number;
  private got!: number;
  private index!: number;
  private expectedCrc!: number;
  private crc!: number;

  constructor(options?: ReassemblerOptions) {
    this.limit = MAX_MESSAGE;
    if (options && options.maxMessage !== undefined && options.maxMessage >= 1 && options.maxMessage < MAX_MESSAGE)
      this.limit = options.maxMessage | 0;
    this.queue = [];
    this.buf = null;
    this.setChannel(options ? options.cid : undefined);
  }

  /**
   * Accept only channel `cid` from now on (plus broadcast SYNC and ERROR);
   * undefined accepts every channel. CID_BROADCAST accepts only broadcast
   * frames (a host before its SYNC completes). Does not reset.
   */
  setChannel(cid?: number): void {
    this.filter = cid !== undefined && cid > 0 && cid <= 0xffff ? cid | 0 : -1;
  }

  /** The channel filter, or undefined when every channel is accepted. */
  channel(): number | undefined {
    return this.filter < 0 ? undefined : this.filter;
  }

  /** True while a frame is partly received. */
  assembling(): boolean {
    return this.buf !== null;
  }

  /** Drop the partial frame and every undelivered result; back to idle. */
  reset(): void {
    this.buf = null;
    this.queue = [];
  }

  /** Feed one packet as read from the endpoint; returns the first result (see class doc). */
  push(packet: Uint8Array): FrameResult {
    this.accept(packet);
    return this.next();
  }

  /** The next queued result, or a NONE result when there is none. */
  next(): FrameResult {
    const r = this.queue.shift();
    return r ? r : result(ResultKind.NONE, Status.OK, -1, -1, -1, null);
  }

  private error(status: number, cid: number, type: number, seq: number): void {
    this.queue.push(result(ResultKind.ERROR, status, cid, type, seq, null));
  }

  /**
   * Copy payload bytes from a packet (from `at`, at most `room`) and complete
   * the frame when all are in: a FRAME, or a FRAME_CRC error.
   */
  private take(packet: Uint8Array, at: number, room: number): void {
    const buf = this.buf as Uint8Array;
    let n = buf.length - this.got;
    if (n > room) n = room;
    buf.set(packet.subarray(at, at + n), this.got);
    this.crc = crc32Range(this.crc, packet, at, at + n);
    this.got += n;
    if (this.got < buf.length) return;
    this.buf = null;
    if (this.crc === this.expectedCrc) this.queue.push(result(ResultKind.FRAME, Status.OK, this.cid, this.type, this.seq, buf));
    else this.error(Status.FRAME_CRC, this.cid, this.type, this.seq);
  }

  private accept(packet: Uint8Array): void {
    if (!packet || packet.length !== PACKET_SIZE) {
      this.error(Status.FRAME_INVALID, -1, -1, -1);
      return;
    }
    const cid = (packet[0] << 8) | packet[1];
    const b2 = packet[2];
    const seq = packet[3];
    const init = (b2 & INIT_FLAG) !== 0;
    const t = init ? b2 & 0x7f : -1;
    const active = this.buf !== null;
    let status: number = Status.OK;
    if (cid === CID_INVALID) status = Status.FRAME_INVALID;
    else if (
      this.filter >= 0 &&
      cid !== this.filter &&
      // Broadcast packets pass the filter only as SYNC/ERROR init packets or
      // as continuations of a frame being assembled on the broadcast channel.
      !(cid === CID_BROADCAST && (init ? t === FrameType.SYNC || t === FrameType.ERROR : active && this.cid === CID_BROADCAST))
    )
      status = Status.FRAME_CHANNEL;
    else if (init) {
      // an init packet abandons the partial frame, whatever its own outcome
      if (active) this.error(Status.FRAME_SEQUENCE, this.cid, this.type, this.seq);
      this.buf = null;
      const len = (packet[4] << 8) | packet[5];
      if (!isFrameType(t)) status = Status.FRAME_INVALID;
      else if (!typeAllowedOnChannel(t, cid)) status = Status.FRAME_CHANNEL;
      else if (len > this.limit) status = Status.FRAME_LENGTH;
      else {
        this.buf = new Uint8Array(len);
        this.cid = cid;
        this.type = t;
        this.seq = seq;
        this.got = 0;
        this.index = 0;
        this.expectedCrc = ((packet[6] << 24) | (packet[7] << 16) | (packet[8] << 8) | packet[9]) >>> 0;
        this.crc = 0;
        this.take(packet, INIT_HEADER, INIT_DATA);
        return;
      }
    } else if (!active) status = Status.FRAME_UNEXPECTED;
    else if (cid !== this.cid || seq !== this.seq || b2 !== this.index) {
      this.error(Status.FRAME_SEQUENCE, this.cid, this.type, this.seq);
      this.buf = null;
      return;
    } else {
      this.index++;
      this.take(packet, CONT_HEADER, CONT_DATA);
      return;
    }
    this.error(status, cid, t, seq);
  }
}
