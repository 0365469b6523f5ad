/**
 * The reader side of the USB link (spec §2): channel open (SYNC), request
 * frames in, responses, keepalives, events and ERROR frames out, BUSY for a
 * second request, CANCEL. Knows frames, not commands: the request handler
 * gets the request payload and answers through `respond`.
 */
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { CID_BROADCAST, FrameType, MAX_MESSAGE, PROTOCOL_VERSION } from '../../protocol/framing/constants.js';
import { Reassembler, ResultKind } from '../../protocol/framing/reassembler.js';
import type { FrameResult } from '../../protocol/framing/reassembler.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { CAP_EVENTS, CAP_PINPAD, encodeSyncResponse, parseSyncRequest } from '../../protocol/framing/sync.js';
import { encodeErrorFrame, errorReplyFor } from '../../protocol/framing/error-frame.js';
import { Progress } from '../../protocol/framing/keepalive.js';
import type { UsbPort } from '../ports/usb.js';

/** What the link calls on the application. */
export interface LinkHandler {
  /** A request arrived (no other is pending); answer it with Link.respond, now or later. */
  request(payload: Uint8Array): void;
  /** The host cancelled the pending request. */
  cancel(): void;
  /** A SYNC closed the channel: drop the pending request (if any) without answering it, stop the stream. */
  abort(): void;
  /** The BUSY response to a request that arrived while another is pending. */
  busy(): Uint8Array;
}

/** Keepalive period: well inside the 500 ms the spec allows between packets. */
export const KEEPALIVE_MS = 400;
/** Largest message the reader accepts and sends. */
export const READER_MAX_MESSAGE = MAX_MESSAGE;

/** One USB link: channel, reassembler, the pending request's SEQ and progress. */
export class Link {
  /** The open channel id, 0 before the first SYNC. */
  cid = 0;
  private readonly rx: Reassembler;
  private pending = -1;
  private progressCode = 0;
  private progressDetail = 0;
  private lastSent = 0;
  private eventSeq = 0;
  private readonly keepalive = new Uint8Array(2);

  constructor(
    private readonly usb: UsbPort,
    private readonly monotonic: () => number,
    private readonly random: (n: number) => Uint8Array,
    private readonly handler: LinkHandler,
  ) {
    this.rx = new Reassembler({ cid: CID_BROADCAST, maxMessage: READER_MAX_MESSAGE });
  }

  /** True while a request waits for its response. */
  busy(): boolean {
    return this.pending >= 0;
  }

  /** Feed one OUT packet. */
  onPacket(packet: Uint8Array): void {
    for (let r = this.rx.push(packet); r.kind !== ResultKind.NONE; r = this.rx.next()) {
      if (r.kind === ResultKind.ERROR) {
        const reply = errorReplyFor(r);
        if (reply !== null) this.usb.send(reply);
      } else {
        this.frame(r);
      }
    }
  }

  private frame(r: FrameResult): void {
    const payload = r.payload as Uint8Array;
    if (r.type === FrameType.SYNC) {
      this.sync(r.seq, payload);
    } else if (r.type === FrameType.MSG) {
      if (this.pending < 0) {
        this.pending = r.seq;
        this.progressCode = 0;
        this.progressDetail = 0;
        this.lastSent = this.monotonic();
        this.handler.request(payload);
      } else if (r.seq !== this.pending) {
        this.send(FrameType.MSG, r.seq, this.handler.busy());
      }
    } else if (r.type === FrameType.CANCEL) {
      if (this.pending >= 0 && r.seq === this.pending) this.handler.cancel();
    }
    // KEEPALIVE, EVENT and ERROR never travel host -> reader: ignored.
  }

  private sync(seq: number, payload: Uint8Array): void {
    let nonce: Uint8Array;
    let version: number;
    try {
      const req = parseSyncRequest(payload);
      nonce = req.nonce;
      version = req.version;
    } catch (e) {
      if (!isCodedError(e)) throw e;
      this.usb.send(encodeErrorFrame(CID_BROADCAST, seq, Status.FRAME_INVALID));
      return;
    }
    this.pending = -1;
    this.handler.abort();
    this.rx.reset();
    let cid = this.cid;
    while (cid === this.cid || cid === 0 || cid === CID_BROADCAST) {
      const b = this.random(2);
      cid = (b[0] << 8) | b[1];
    }
    this.cid = cid;
    this.rx.setChannel(cid);
    this.eventSeq = 0;
    const out = encodeSyncResponse({
      nonce: nonce,
      cid: cid,
      version: version < PROTOCOL_VERSION ? version : PROTOCOL_VERSION,
      maxMessage: READER_MAX_MESSAGE,
      capabilities: CAP_EVENTS | CAP_PINPAD,
    });
    this.send(FrameType.SYNC, seq, out);
  }

  private send(type: number, seq: number, payload: Uint8Array): void {
    const cid = type === FrameType.SYNC ? CID_BROADCAST : this.cid;
    const packets = splitFrame(cid, type, seq, payload);
    for (let i = 0; i < packets.length; i++) this.usb.send(packets[i]);
    this.lastSent = this.monotonic();
  }

  /** Answer the pending request (no effect when none is pending, e.g. after a SYNC). */
  respond(payload: Uint8Array): void {
    if (this.pending < 0) return;
    const seq = this.pending;
    this.pending = -1;
    this.send(FrameType.MSG, seq, payload);
  }

  /** Report progress; a change is sent at once, the same progress again only by `tick`. */
  progress(code: number, detail: number): void {
    if (this.pending < 0) return;
    if (code === this.progressCode && detail === this.progressDetail) return;
    this.progressCode = code;
    this.progressDetail = detail;
    this.sendKeepalive();
  }

  private sendKeepalive(): void {
    this.keepalive[0] = this.progressCode === 0 ? Progress.PROCESSING : this.progressCode;
    this.keepalive[1] = this.progressDetail;
    this.send(FrameType.KEEPALIVE, this.pending, this.keepalive);
  }

  /** Keep the channel alive while a request is pending. */
  tick(): void {
    if (this.pending >= 0 && this.monotonic() - this.lastSent >= KEEPALIVE_MS) this.sendKeepalive();
  }

  /** Send an event (dropped when no channel is open). */
  event(payload: Uint8Array): void {
    if (this.cid === 0) return;
    const seq = this.eventSeq;
    this.eventSeq = (seq + 1) & 0xff;
    this.send(FrameType.EVENT, seq, payload);
  }
}
