/**
 * The reader side of the USB link (spec §2): channel open (SYNC), request
 * frames in, responses, keepalives, events and ERROR frames out, BUSY for a
 * second request, CANCEL. Knows frames, not commands: the request handler
 * gets the request payload and answers through `respond`.
 *
 * Built as a closure (createLink) rather than a class: its state is a handful
 * of local variables, which costs less in the board bundles than `this.` members.
 */
import { Status } from '../../protocol/status.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { CID_BROADCAST, FrameType, MAX_MESSAGE, PROTOCOL_VERSION } from '../../protocol/framing/constants.js';
import { Reassembler, ResultKind } from '../../protocol/framing/reassembler.js';
import type { FrameResult } from '../../protocol/framing/reassembler.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { CAP_EVENTS, CAP_PINPAD, SYNC_REQUEST_SIZE, writeSyncResponse } from '../../protocol/framing/sync.js';
import { encodeErrorFrame, errorReplyFor } from '../../protocol/framing/error-frame.js';
import { Progress } from '../../protocol/framing/keepalive.js';
import type { UsbPort } from '../ports/usb.js';
import type { Clock } from '../ports/clock.js';

/** What the link calls on the application. */
export interface LinkHandler {
  /** A request arrived (no other is pending); answer it with Link.respond, now or later. */
  request(payload: Uint8Array): void;
  /** The host cancelled the pending request. */
  cancel(): void;
  /** A SYNC closed the channel: drop the pending request (if any) without answering it, stop the stream. */
  abort(): void;
  /** The BUSY response to a request that arrived while another is pending. */
  busy: Uint8Array;
}

/** One USB link: channel, reassembler, the pending request's SEQ and progress. */
export interface Link {
  /** Feed one OUT packet. */
  onPacket(packet: Uint8Array): void;
  /** Answer the pending request (no effect when none is pending, e.g. after a SYNC). */
  respond(payload: Uint8Array): void;
  /** Report progress; a change is sent at once, the same progress again only by `tick`. */
  progress(code: number, detail: number): void;
  /** Keep the channel alive while a request is pending. */
  tick(): void;
  /** Send an event (dropped when no channel is open). */
  event(payload: Uint8Array): void;
}

/** Keepalive period: well inside the 500 ms the spec allows between packets. */
export const KEEPALIVE_MS = 400;
/** Largest message the reader accepts and sends. */
export const READER_MAX_MESSAGE = MAX_MESSAGE;

/** The link of a reader on its USB port (`clock` for keepalives, `crypto` for random channel ids). */
export function createLink(usb: UsbPort, clock: Clock, crypto: CryptoPort, handler: LinkHandler): Link {
  /** The open channel id, 0 before the first SYNC. */
  let cid = 0;
  /** SEQ of the request waiting for its response, -1 when none. */
  let pending = -1;
  let progressCode = 0;
  let progressDetail = 0;
  /** When the last frame went out (monotonic ms). */
  let lastSent = 0;
  let eventSeq = 0;
  const keepalive = new Uint8Array(2);
  // READER_MAX_MESSAGE is the protocol's MAX_MESSAGE, the reassembler's default limit.
  const rx = new Reassembler({ cid: CID_BROADCAST });

  function send(type: number, seq: number, payload: Uint8Array): void {
    const packets = splitFrame(type === FrameType.SYNC ? CID_BROADCAST : cid, type, seq, payload);
    for (let i = 0; i < packets.length; i++) usb.send(packets[i]);
    lastSent = clock.monotonic();
  }

  function sendKeepalive(): void {
    keepalive[0] = progressCode === 0 ? Progress.PROCESSING : progressCode;
    keepalive[1] = progressDetail;
    send(FrameType.KEEPALIVE, pending, keepalive);
  }

  /**
   * A SYNC request (spec §2.5: nonce(8) version(1), later bytes ignored): a new
   * channel. The reader reads the request in place and writes its response with
   * the unchecked writeSyncResponse (the checked helpers serve hosts and tests).
   */
  function sync(seq: number, payload: Uint8Array): void {
    if (payload.length < SYNC_REQUEST_SIZE || payload[8] === 0) {
      usb.send(encodeErrorFrame(CID_BROADCAST, seq, Status.FRAME_INVALID));
      return;
    }
    const version = payload[8];
    pending = -1;
    handler.abort();
    rx.reset();
    let id = cid;
    while (id === cid || id === 0 || id === CID_BROADCAST) {
      const b = crypto.random(2);
      id = (b[0] << 8) | b[1];
    }
    cid = id;
    rx.setChannel(id);
    eventSeq = 0;
    const v = version < PROTOCOL_VERSION ? version : PROTOCOL_VERSION;
    send(FrameType.SYNC, seq, writeSyncResponse(payload, id, v, READER_MAX_MESSAGE, CAP_EVENTS | CAP_PINPAD));
  }

  function frame(r: FrameResult): void {
    const payload = r.payload as Uint8Array;
    if (r.type === FrameType.SYNC) {
      sync(r.seq, payload);
    } else if (r.type === FrameType.MSG) {
      if (pending < 0) {
        pending = r.seq;
        progressCode = 0;
        progressDetail = 0;
        lastSent = clock.monotonic();
        handler.request(payload);
      } else if (r.seq !== pending) {
        send(FrameType.MSG, r.seq, handler.busy);
      }
    } else if (r.type === FrameType.CANCEL) {
      if (pending >= 0 && r.seq === pending) handler.cancel();
    }
    // KEEPALIVE, EVENT and ERROR never travel host -> reader: ignored.
  }

  return {
    onPacket: function (packet: Uint8Array): void {
      for (let r = rx.push(packet); r.kind !== ResultKind.NONE; r = rx.next()) {
        if (r.kind === ResultKind.ERROR) {
          const reply = errorReplyFor(r);
          if (reply !== null) usb.send(reply);
        } else {
          frame(r);
        }
      }
    },
    respond: function (payload: Uint8Array): void {
      if (pending < 0) return;
      const seq = pending;
      pending = -1;
      send(FrameType.MSG, seq, payload);
    },
    progress: function (code: number, detail: number): void {
      if (pending < 0) return;
      if (code === progressCode && detail === progressDetail) return;
      progressCode = code;
      progressDetail = detail;
      sendKeepalive();
    },
    tick: function (): void {
      if (pending >= 0 && clock.monotonic() - lastSent >= KEEPALIVE_MS) sendKeepalive();
    },
    event: function (payload: Uint8Array): void {
      if (cid === 0) return;
      const seq = eventSeq;
      eventSeq = (seq + 1) & 0xff;
      send(FrameType.EVENT, seq, payload);
    },
  };
}
