/**
 * A minimal host for end-to-end firmware tests: opens the channel with SYNC,
 * sends requests as 64-byte packets, reassembles what the reader sends and
 * decodes it with protocol/messages. Time runs only through the virtual
 * reader, so `wait` advances it until the response arrives.
 */
import { CID_BROADCAST, FrameType, PROTOCOL_VERSION } from '../../protocol/framing/constants.js';
import { Reassembler, ResultKind } from '../../protocol/framing/reassembler.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { encodeSyncRequest, parseSyncResponse } from '../../protocol/framing/sync.js';
import { decodeEvent, decodeResponse, encodeRequest } from '../../protocol/messages/envelope.js';
import type { ReaderEvent } from '../../protocol/messages/envelope.js';
import type { Named } from '../../protocol/messages/wire.js';
import type { VirtualReader } from '../../simulator/reader/index.js';

/** A keepalive as received. */
export interface Keepalive {
  seq: number;
  progress: number;
  detail: number;
}

/** A decoded response and what came with its request. */
export interface Answer {
  status: number;
  result: Named;
  details: Named | undefined;
  /** The response bytes (CBOR). */
  bytes: Uint8Array;
  /** Keepalives of this request, in order. */
  keepalives: Keepalive[];
  /** Frames (packets) the reader sent for the response itself. */
  packets: number;
}

/** A request on its way. */
export interface Pending {
  seq: number;
  command: number;
  /** Packets the request took on bulk OUT. */
  packets: number;
}

export class TestHost {
  cid = CID_BROADCAST;
  private seq = 0;
  private readonly rx = new Reassembler({ cid: CID_BROADCAST });
  private readonly responses = new Map<number, { payload: Uint8Array; packets: number }>();
  readonly keepalives: Keepalive[] = [];
  readonly events: { seq: number; event: ReaderEvent }[] = [];
  readonly errors: { seq: number; status: number }[] = [];
  /** Every packet received, all channels. */
  received = 0;
  private syncPayload: Uint8Array | null = null;
  private packetsInFrame = 0;

  constructor(readonly reader: VirtualReader) {}

  /** Read everything the reader sent so far. */
  pump(): void {
    for (const p of this.reader.take()) {
      this.received++;
      this.packetsInFrame++;
      for (let r = this.rx.push(p); r.kind !== ResultKind.NONE; r = this.rx.next()) {
        if (r.kind === ResultKind.ERROR) continue;
        const payload = r.payload as Uint8Array;
        const n = this.packetsInFrame;
        this.packetsInFrame = 0;
        if (r.type === FrameType.SYNC) this.syncPayload = payload;
        else if (r.type === FrameType.MSG) this.responses.set(r.seq, { payload, packets: n });
        else if (r.type === FrameType.KEEPALIVE) this.keepalives.push({ seq: r.seq, progress: payload[0], detail: payload[1] });
        else if (r.type === FrameType.EVENT) this.events.push({ seq: r.seq, event: decodeEvent(payload) });
        else if (r.type === FrameType.ERROR) this.errors.push({ seq: r.seq, status: payload[0] });
      }
    }
  }

  /** Open (or reopen) the channel. */
  sync(): number {
    this.rx.reset();
    this.rx.setChannel(CID_BROADCAST);
    this.pump();
    const nonce = Uint8Array.from({ length: 8 }, (_, i) => (i * 29 + this.seq) & 0xff);
    this.syncPayload = null;
    for (const p of splitFrame(CID_BROADCAST, FrameType.SYNC, 0, encodeSyncRequest(nonce, PROTOCOL_VERSION))) this.reader.send(p);
    this.pump();
    if (this.syncPayload === null) throw new Error('no SYNC response');
    const s = parseSyncResponse(this.syncPayload);
    this.cid = s.cid;
    this.rx.setChannel(s.cid);
    return s.cid;
  }

  /** Send raw request bytes. */
  sendRaw(command: number, payload: Uint8Array): Pending {
    this.seq = (this.seq + 1) & 0xff;
    const packets = splitFrame(this.cid, FrameType.MSG, this.seq, payload);
    for (const p of packets) this.reader.send(p);
    return { seq: this.seq, command, packets: packets.length };
  }

  /** Send a request. */
  send(command: number, args?: object): Pending {
    return this.sendRaw(command, encodeRequest(command, args));
  }

  /** CANCEL the pending request. */
  cancel(p: Pending): void {
    for (const pk of splitFrame(this.cid, FrameType.CANCEL, p.seq, new Uint8Array(0))) this.reader.send(pk);
  }

  /** The response to `p` if it has arrived, else null. */
  poll(p: Pending): Answer | null {
    this.pump();
    const r = this.responses.get(p.seq);
    if (!r) return null;
    this.responses.delete(p.seq);
    const d = decodeResponse(p.command, r.payload);
    return {
      status: d.status,
      result: (d.result ?? {}) as Named,
      details: d.details,
      bytes: r.payload,
      keepalives: this.keepalives.filter((k) => k.seq === p.seq),
      packets: r.packets,
    };
  }

  /** Advance time until the response to `p` arrives (at most `maxMs` of simulated time). */
  wait(p: Pending, maxMs = 120_000): Answer {
    const end = this.reader.clock.monotonic() + maxMs;
    for (;;) {
      const a = this.poll(p);
      if (a) return a;
      if (this.reader.off) throw new Error('the reader lost power');
      if (this.reader.clock.monotonic() >= end) throw new Error(`no response to command ${p.command} within ${maxMs} ms`);
      this.reader.advance(10);
    }
  }

  /** Send and wait. */
  call(command: number, args?: object, maxMs?: number): Answer {
    return this.wait(this.send(command, args), maxMs);
  }
}
