/**
 * A packet-level host for the benchmarks: opens the channel with SYNC, sends
 * requests as 64-byte packets, reassembles what the reader sends. It talks to
 * anything with the virtual reader's USB surface (send, take, advance), so
 * the same host drives the firmware in Node and inside the engine harness.
 */
import { CID_BROADCAST, FrameType, PROTOCOL_VERSION } from '../protocol/framing/constants.js';
import { Reassembler, ResultKind } from '../protocol/framing/reassembler.js';
import { splitFrame } from '../protocol/framing/split.js';
import { encodeSyncRequest, parseSyncResponse } from '../protocol/framing/sync.js';
import { decodeResponse, encodeRequest } from '../protocol/messages/envelope.js';
import type { Named } from '../protocol/messages/wire.js';

/** What the host needs of a reader. */
export interface UsbSide {
  send(packet: Uint8Array): void;
  take(): Uint8Array[];
  advance(ms: number): void;
}

/** A decoded response. */
export interface BenchAnswer {
  status: number;
  result: Named;
  details?: Named;
}

/** The host. */
export class BenchHost {
  cid = CID_BROADCAST;
  private seq = 0;
  private readonly rx = new Reassembler({ cid: CID_BROADCAST });
  private readonly responses = new Map<number, Uint8Array>();
  private syncPayload: Uint8Array | null = null;
  /** The latest KEEPALIVE progress code received (0 before any). */
  progress = 0;

  constructor(private readonly reader: UsbSide) {}

  /** Read what the reader sent. */
  pump(): void {
    for (const p of this.reader.take()) {
      for (let r = this.rx.push(p); r.kind !== ResultKind.NONE; r = this.rx.next()) {
        if (r.kind !== ResultKind.FRAME) continue;
        if (r.type === FrameType.SYNC) this.syncPayload = r.payload;
        else if (r.type === FrameType.MSG) this.responses.set(r.seq, r.payload as Uint8Array);
        else if (r.type === FrameType.KEEPALIVE) this.progress = (r.payload as Uint8Array)[0];
      }
    }
  }

  /** Open the channel. */
  sync(): void {
    this.pump();
    for (const p of splitFrame(CID_BROADCAST, FrameType.SYNC, 0, encodeSyncRequest(new Uint8Array(8).fill(0x5a), PROTOCOL_VERSION))) this.reader.send(p);
    this.pump();
    if (!this.syncPayload) throw new Error('no SYNC response');
    this.cid = parseSyncResponse(this.syncPayload).cid;
    this.rx.setChannel(this.cid);
  }

  /** Send a request; returns its SEQ. */
  send(command: number, args?: object): number {
    this.seq = (this.seq + 1) & 0xff;
    for (const p of splitFrame(this.cid, FrameType.MSG, this.seq, encodeRequest(command, args))) this.reader.send(p);
    return this.seq;
  }

  /** The response with SEQ `seq`, advancing simulated time 10 ms at a time until it comes. */
  wait(command: number, seq: number, maxMs = 120_000): BenchAnswer {
    for (let waited = 0; ; waited += 10) {
      this.pump();
      const payload = this.responses.get(seq);
      if (payload) {
        this.responses.delete(seq);
        const d = decodeResponse(command, payload);
        return { status: d.status, result: (d.result ?? {}) as Named, details: d.details };
      }
      if (waited >= maxMs) throw new Error(`no response to command ${command} within ${maxMs} ms`);
      this.reader.advance(10);
    }
  }

  /** Send and wait. */
  call(command: number, args?: object): BenchAnswer {
    return this.wait(command, this.send(command, args));
  }
}
