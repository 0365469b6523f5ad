/**
 * Helpers of the SDK tests: a fake clock, and a builder of transcripts from the protocol
 * encoders (the "built" transcripts; "recorded" ones come from the simulator).
 */
import { toHex } from '../../protocol/bytes/hex.js';
import {
  CID_BROADCAST,
  FrameType,
  encodeKeepalive,
  encodeSyncResponse,
  encodeErrorFrame,
  splitFrame,
} from '../../protocol/framing/index.js';
import { encodeEvent, encodeRequest, encodeResponse } from '../../protocol/messages/envelope.js';
import { USB_PRODUCT_ID, USB_VENDOR_ID } from '../../protocol/usb.js';
import { seededRandom } from '../../sdk/transcripts/random.js';
import { TRANSCRIPT_FORMAT, type Transcript, type TranscriptEntry } from '../../sdk/transcripts/types.js';
import type { Timers } from '../../sdk/transport/timers.js';

/** Timers that fire only when the test advances time. */
export class FakeTimers implements Timers {
  private now = 0;
  private nextId = 1;
  private timers = new Map<number, { at: number; fn: () => void }>();

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Move time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let best: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.timers) if (e[1].at <= end && (!best || e[1].at < best[1].at)) best = e;
      if (!best) break;
      this.timers.delete(best[0]);
      this.now = best[1].at;
      best[1].fn();
    }
    this.now = end;
  }
}

/** Let pending promise callbacks (and replay deliveries) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** The reader's channel in built transcripts. */
export const CID = 0x2b17;

/**
 * Builds a transcript the way the SDK will talk: it draws SYNC nonces and request ids from the
 * same seeded random source as the Reader under test, and encodes frames with protocol/.
 */
export class TranscriptBuilder {
  readonly entries: TranscriptEntry[] = [];
  readonly rng: (n: number) => Uint8Array;
  private seq = 0;
  private syncSeq = 0;
  private eventCounter = 0;
  private lastCommand = 0;

  constructor(
    readonly seed: string,
    private readonly description: string,
    private readonly serial = '6a3803d5f059902a',
  ) {
    this.rng = seededRandom(seed);
  }

  private out(packets: Uint8Array[], note: string): void {
    packets.forEach((p, i) => this.entries.push({ op: 'transferOut', dir: 'out', ep: 1, hex: toHex(p), note: i === 0 ? note : undefined }));
  }

  private in(packets: Uint8Array[], note: string): void {
    packets.forEach((p, i) => this.entries.push({ op: 'transferIn', dir: 'in', ep: 1, length: 64, hex: toHex(p), note: i === 0 ? note : undefined }));
  }

  /** open + claimInterface(0) (the device is already configured). */
  open(): this {
    this.entries.push({ op: 'open' }, { op: 'claimInterface', value: 0 });
    return this;
  }

  /** SYNC request (nonce from the rng) and the reader's answer. */
  sync(cid = CID, capabilities = 0x03): this {
    const nonce = this.rng(8);
    const req = new Uint8Array(9);
    req.set(nonce);
    req[8] = 1;
    this.out(splitFrame(CID_BROADCAST, FrameType.SYNC, this.syncSeq, req), 'SYNC request');
    this.in(splitFrame(CID_BROADCAST, FrameType.SYNC, this.syncSeq, encodeSyncResponse({ nonce, cid, version: 1, maxMessage: 4096, capabilities })), 'SYNC response');
    this.syncSeq = (this.syncSeq + 1) & 0xff;
    this.seq = 0;
    this.eventCounter = 0;
    return this;
  }

  /** A request frame (next SEQ). */
  request(command: number, args?: object, cid = CID): this {
    this.seq = (this.seq + 1) & 0xff;
    this.lastCommand = command;
    this.out(splitFrame(cid, FrameType.MSG, this.seq, encodeRequest(command, args)), `request 0x${command.toString(16)}`);
    return this;
  }

  /** The response to the last request. */
  response(status: number, result?: object, details?: object, cid = CID): this {
    this.in(splitFrame(cid, FrameType.MSG, this.seq, encodeResponse(this.lastCommand, status, result, details)), `response status 0x${status.toString(16)}`);
    return this;
  }

  /** A KEEPALIVE for the pending request. */
  keepalive(progress: number, detail = 0, cid = CID): this {
    this.in(splitFrame(cid, FrameType.KEEPALIVE, this.seq, encodeKeepalive(progress, detail)), `keepalive ${progress}/${detail}`);
    return this;
  }

  /** The host's CANCEL of the pending request. */
  cancel(cid = CID): this {
    this.out(splitFrame(cid, FrameType.CANCEL, this.seq, new Uint8Array(0)), 'CANCEL');
    return this;
  }

  /** An ERROR frame about the pending request. */
  error(status: number, cid = CID): this {
    this.in([encodeErrorFrame(cid, this.seq, status)], `ERROR 0x${status.toString(16)}`);
    return this;
  }

  /** An EVENT frame. */
  event(code: number, data?: object, cid = CID): this {
    this.in(splitFrame(cid, FrameType.EVENT, this.eventCounter, encodeEvent(code, data)), `event ${code}`);
    this.eventCounter = (this.eventCounter + 1) & 0xff;
    return this;
  }

  /** Skip `n` event counters (events the host never saw). */
  loseEvents(n: number): this {
    this.eventCounter = (this.eventCounter + n) & 0xff;
    return this;
  }

  /** The IN endpoint fails: the device was unplugged. */
  unplug(): this {
    this.entries.push({ op: 'transferIn', dir: 'in', ep: 1, length: 64, error: { name: 'NotFoundError', message: 'The device was disconnected.' } });
    return this;
  }

  /** releaseInterface(0) + close. */
  close(): this {
    this.entries.push({ op: 'releaseInterface', value: 0 }, { op: 'close' });
    return this;
  }

  /** A raw host action or entry. */
  push(e: TranscriptEntry): this {
    this.entries.push(e);
    return this;
  }

  build(meta: Record<string, unknown> = {}): Transcript {
    return {
      format: TRANSCRIPT_FORMAT,
      origin: 'built',
      description: this.description,
      device: { vendorId: USB_VENDOR_ID, productId: USB_PRODUCT_ID, serialNumber: this.serial, configurationValue: 1 },
      meta: { seed: this.seed, ...meta },
      entries: this.entries.map((e) => JSON.parse(JSON.stringify(e)) as TranscriptEntry),
    };
  }
}

/**
 * A USBDevice driven by hand: OUT packets go to `sent` and to `onOut`, IN packets are queued with
 * `push` and handed to transferIn in order. It answers SYNC by itself (channel `cid`).
 */
export class ManualDevice {
  readonly vendorId = USB_VENDOR_ID;
  readonly productId = USB_PRODUCT_ID;
  readonly serialNumber = 'manual';
  readonly sent: Uint8Array[] = [];
  onOut: ((packet: Uint8Array) => void) | null = null;
  opened = false;
  configuration = { configurationValue: 1 };
  private queue: Uint8Array[] = [];
  private waiters: Array<{ resolve(r: USBInTransferResult): void; reject(e: unknown): void }> = [];
  private gone = false;

  constructor(readonly cid = CID) {}

  async open(): Promise<void> {
    this.opened = true;
  }
  async close(): Promise<void> {
    this.opened = false;
    for (const w of this.waiters.splice(0)) w.reject(Object.assign(new Error('The transfer was cancelled.'), { name: 'AbortError' }));
  }
  async selectConfiguration(): Promise<void> {}
  async claimInterface(): Promise<void> {}
  async releaseInterface(): Promise<void> {}

  async transferOut(_ep: number, data: Uint8Array): Promise<USBOutTransferResult> {
    if (this.gone) throw Object.assign(new Error('The device was disconnected.'), { name: 'NotFoundError' });
    const p = Uint8Array.from(data);
    this.sent.push(p);
    if (p[0] === 0xff && p[1] === 0xff && p[2] === 0x84) {
      const nonce = p.subarray(10, 18);
      this.push(...splitFrame(CID_BROADCAST, FrameType.SYNC, p[3], encodeSyncResponse({ nonce, cid: this.cid, version: 1, maxMessage: 4096, capabilities: 3 })));
    }
    this.onOut?.(p);
    return { status: 'ok', bytesWritten: p.length } as USBOutTransferResult;
  }

  transferIn(): Promise<USBInTransferResult> {
    if (this.gone) return Promise.reject(Object.assign(new Error('The device was disconnected.'), { name: 'NotFoundError' }));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.flush();
    });
  }

  /** Queue IN packets. */
  push(...packets: Uint8Array[]): void {
    this.queue.push(...packets);
    this.flush();
  }

  /** Pull the plug: pending and later transfers fail with NotFoundError. */
  unplug(): void {
    this.gone = true;
    for (const w of this.waiters.splice(0)) w.reject(Object.assign(new Error('The device was disconnected.'), { name: 'NotFoundError' }));
  }

  private flush(): void {
    while (this.waiters.length && this.queue.length) {
      const p = this.queue.shift() as Uint8Array;
      (this.waiters.shift() as { resolve(r: USBInTransferResult): void }).resolve({
        status: 'ok',
        data: new DataView(p.buffer, p.byteOffset, p.byteLength),
      } as USBInTransferResult);
    }
  }
}

/** The SEQ of the last MSG frame the host sent, or -1. */
export function lastRequestSeq(d: ManualDevice): number {
  for (let i = d.sent.length - 1; i >= 0; i--) if (d.sent[i][2] === 0x81) return d.sent[i][3];
  return -1;
}

/** A KEEPALIVE packet on `cid` for `seq`. */
export function keepalivePacket(cid: number, seq: number, progress: number, detail = 0): Uint8Array {
  return splitFrame(cid, FrameType.KEEPALIVE, seq, encodeKeepalive(progress, detail))[0];
}

/** The response packets to `command` on `cid` for `seq`. */
export function responsePackets(cid: number, seq: number, command: number, status: number, result?: object, details?: object): Uint8Array[] {
  return splitFrame(cid, FrameType.MSG, seq, encodeResponse(command, status, result, details));
}
