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
  private filter: number;
  private limit: number;
  private queue: FrameResult[];
  private active: boolean;
  private buf: Uint8Array | null;
  private cid: number;
  private type: number;
  private seq: number;
  private got: number;
  private index: number;
  private expectedCrc: number;
  private crc: number;

  constructor(options?: ReassemblerOptions) {
    this.filter = -1;
    this.limit = MAX_MESSAGE;
    if (options && options.maxMessage !== undefined && options.maxMessage >= 1 && options.maxMessage < MAX_MESSAGE)
      this.limit = options.maxMessage | 0;
    this.queue = [];
    this.active = false;
    this.buf = null;
    this.cid = -1;
    this.type = -1;
    this.seq = -1;
    this.got = 0;
    this.index = 0;
    this.expectedCrc = 0;
    this.crc = 0;
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
    return this.active;
  }

  /** Drop the partial frame and every undelivered result; back to idle. */
  reset(): void {
    this.abandon();
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

  private abandon(): void {
    this.active = false;
    this.buf = null;
    this.cid = -1;
    this.type = -1;
    this.seq = -1;
  }

  private error(status: number, cid: number, type: number, seq: number): void {
    this.queue.push(result(ResultKind.ERROR, status, cid, type, seq, null));
  }

  /** Report the partial frame as lost and drop it. */
  private abandonWithError(): void {
    this.error(Status.FRAME_SEQUENCE, this.cid, this.type, this.seq);
    this.abandon();
  }

  /** Copy payload bytes from a packet and complete the frame when all are in. */
  private take(packet: Uint8Array, at: number, room: number): void {
    const buf = this.buf as Uint8Array;
    let n = buf.length - this.got;
    if (n > room) n = room;
    for (let i = 0; i < n; i++) buf[this.got + i] = packet[at + i];
    this.crc = crc32Range(this.crc, packet, at, at + n);
    this.got += n;
    if (this.got < buf.length) return;
    if (this.crc === this.expectedCrc) {
      this.queue.push(result(ResultKind.FRAME, Status.OK, this.cid, this.type, this.seq, buf));
    } else {
      this.error(Status.FRAME_CRC, this.cid, this.type, this.seq);
    }
    this.abandon();
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
    if (cid === CID_INVALID) {
      this.error(Status.FRAME_INVALID, cid, t, seq);
      return;
    }
    if (this.filter >= 0 && cid !== this.filter) {
      // Broadcast packets pass the filter only as SYNC/ERROR init packets or
      // as continuations of a frame being assembled on the broadcast channel.
      const broadcastOk =
        cid === CID_BROADCAST &&
        (init ? t === FrameType.SYNC || t === FrameType.ERROR : this.active && this.cid === CID_BROADCAST);
      if (!broadcastOk) {
        this.error(Status.FRAME_CHANNEL, cid, t, seq);
        return;
      }
    }
    if (init) {
      if (this.active) this.abandonWithError();
      if (!isFrameType(t)) {
        this.error(Status.FRAME_INVALID, cid, t, seq);
        return;
      }
      if (!typeAllowedOnChannel(t, cid)) {
        this.error(Status.FRAME_CHANNEL, cid, t, seq);
        return;
      }
      const len = (packet[4] << 8) | packet[5];
      if (len > this.limit) {
        this.error(Status.FRAME_LENGTH, cid, t, seq);
        return;
      }
      this.active = true;
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
    if (!this.active) {
      this.error(Status.FRAME_UNEXPECTED, cid, -1, seq);
      return;
    }
    if (cid !== this.cid || seq !== this.seq || b2 !== this.index) {
      this.abandonWithError();
      return;
    }
    this.index++;
    this.take(packet, CONT_HEADER, CONT_DATA);
  }
}
