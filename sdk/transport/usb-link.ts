/**
 * The USB link to one reader (spec §2) over any WebUSB `USBDevice`: open and claim, SYNC to get a
 * channel, a read loop feeding the protocol Reassembler, one request at a time matched by SEQ,
 * keepalives, CANCEL, the 3 s silence rule, an overall per-call timeout, EVENT frames to
 * subscribers, and disconnect detection.
 */
import { Status } from '../../protocol/status.js';
import {
  CID_BROADCAST,
  FrameType,
  PACKET_SIZE,
  PROTOCOL_VERSION,
  Reassembler,
  ResultKind,
  SYNC_NONCE_SIZE,
  decodeKeepalive,
  encodeSyncRequest,
  parseErrorPayload,
  parseSyncResponse,
  sameNonce,
  splitFrame,
  type FrameResult,
  type SyncResponse,
} from '../../protocol/framing/index.js';
import { CONFIGURATION_VALUE, ENDPOINT_NUMBER, INTERFACE_NUMBER } from '../../protocol/usb.js';
import { DeviceStatusError, TransportError } from '../errors.js';
import { underlyingDevice, type UsbConnectionEventLike, type UsbHub } from './hub.js';
import { platformRandom, realTimers, type RandomSource, type Timers } from './timers.js';
import { isDisconnectError, isTransferTimeout, usbFailure } from './usb-errors.js';

/** Host gives up on a request after this much silence on its channel (spec §2.12). */
export const SILENCE_MS = 3000;
/** Host waits this long for each SYNC response (spec §2.5). */
export const SYNC_TIMEOUT_MS = 1000;
/** SYNC attempts before the reader is reported as not responding. */
export const SYNC_TRIES = 3;

/** Options of {@link UsbLink.open}. */
export interface LinkOptions {
  /** Random bytes for SYNC nonces (inject a deterministic source to replay transcripts). */
  rng?: RandomSource;
  /** Timers (inject a fake clock in tests). */
  timers?: Timers;
  /** Silence after which a pending request fails with TransportError 'timeout' (default 3000 ms). */
  silenceMs?: number;
  /** Wait for each SYNC response (default 1000 ms). */
  syncTimeoutMs?: number;
  /** SYNC attempts (default 3). */
  syncTries?: number;
  /** A navigator.usb-like hub whose 'disconnect' events close the link at once. */
  hub?: UsbHub;
  /** Diagnostics (link errors the host ignores, late frames...). */
  onLog?: (message: string) => void;
}

/** Options of one request. */
export interface LinkRequestOptions {
  /** Aborting sends CANCEL; the reader's answer decides the outcome (see {@link LinkResponse}). */
  signal?: AbortSignal;
  /** Overall limit for the call: on expiry the link sends CANCEL as for an abort. */
  timeoutMs?: number;
  /** Each KEEPALIVE of the request: progress code and detail byte. */
  onKeepalive?: (progress: number, detail: number) => void;
}

/** The reader's answer to a request. */
export interface LinkResponse {
  /** The MSG payload (a CBOR response, spec §3). */
  payload: Uint8Array;
  /**
   * Set when the host sent CANCEL (abort or overall timeout): the abort reason, or a
   * TransportError 'timeout'. The reader may still have completed the request (too late to cancel).
   */
  cancelReason?: unknown;
}

/** A listener of EVENT frames: the CBOR payload and the frame's event counter. */
export type EventListenerFn = (payload: Uint8Array, counter: number) => void;

interface Pending {
  seq: number;
  resolve(r: { frame: Uint8Array } | { linkError: number }): void;
  reject(e: unknown): void;
  onKeepalive?: (progress: number, detail: number) => void;
  written: boolean;
  cancelWanted: boolean;
  cancelSent: boolean;
  cancelReason?: unknown;
  silence: unknown;
}

interface SyncWaiter {
  nonce: Uint8Array;
  resolve(r: SyncResponse | null): void;
}

/** An open channel to one reader. Not reentrant: one request at a time (the Reader queues calls). */
export class UsbLink {
  /** The device this link drives. */
  readonly device: USBDevice;
  private readonly rng: RandomSource;
  private readonly timers: Timers;
  private readonly silenceMs: number;
  private readonly syncTimeoutMs: number;
  private readonly syncTries: number;
  private readonly hub: UsbHub | undefined;
  private readonly log: (message: string) => void;
  private readonly rx = new Reassembler({ cid: CID_BROADCAST });
  private sync_: SyncResponse | null = null;
  private seq = 0;
  private syncSeq = 0;
  private syncs = 0;
  private needsSync = true;
  private pending: Pending | null = null;
  private syncWaiter: SyncWaiter | null = null;
  private failure: TransportError | null = null;
  private stopping = false;
  private writeChain: Promise<void> = Promise.resolve();
  private readonly eventListeners = new Set<EventListenerFn>();
  private readonly closeListeners = new Set<(e: TransportError) => void>();
  private readonly onHubDisconnect = (ev: UsbConnectionEventLike) => {
    if (ev && ev.device && underlyingDevice(ev.device) === underlyingDevice(this.device)) {
      this.fail(new TransportError('disconnected', { detail: 'the USB subsystem reported the device gone' }));
    }
  };

  private constructor(device: USBDevice, o: LinkOptions) {
    this.device = device;
    this.rng = o.rng ?? platformRandom;
    this.timers = o.timers ?? realTimers;
    this.silenceMs = o.silenceMs ?? SILENCE_MS;
    this.syncTimeoutMs = o.syncTimeoutMs ?? SYNC_TIMEOUT_MS;
    this.syncTries = o.syncTries ?? SYNC_TRIES;
    this.hub = o.hub;
    this.log = o.onLog ?? (() => {});
  }

  /**
   * Open the device, select configuration 1, claim interface 0, start reading and SYNC.
   * Throws TransportError ('permission-denied', 'interface-claimed', 'disconnected',
   * 'not-responding'...) or DeviceStatusError(UNSUPPORTED_VERSION).
   */
  static async open(device: USBDevice, options: LinkOptions = {}): Promise<UsbLink> {
    const link = new UsbLink(device, options);
    try {
      if (!device.opened) await device.open();
    } catch (e) {
      throw usbFailure('open', e);
    }
    try {
      if (!device.configuration || device.configuration.configurationValue !== CONFIGURATION_VALUE) {
        await device.selectConfiguration(CONFIGURATION_VALUE);
      }
      await device.claimInterface(INTERFACE_NUMBER);
    } catch (e) {
      const err = usbFailure(device.configuration ? 'claimInterface' : 'selectConfiguration', e);
      await device.close().catch(() => {});
      throw err;
    }
    link.hub?.addEventListener?.('disconnect', link.onHubDisconnect);
    void link.readLoop();
    try {
      await link.sync();
    } catch (e) {
      await link.close().catch(() => {});
      throw e;
    }
    return link;
  }

  /** The channel id the reader assigned (0 before the first SYNC). */
  get channel(): number {
    return this.sync_ ? this.sync_.cid : 0;
  }

  /** Largest payload the reader accepts (from SYNC). */
  get maxMessage(): number {
    return this.sync_ ? this.sync_.maxMessage : 1024;
  }

  /** SYNC capability flags (CAP_EVENTS, CAP_PINPAD). */
  get capabilities(): number {
    return this.sync_ ? this.sync_.capabilities : 0;
  }

  /** Protocol version agreed in SYNC. */
  get version(): number {
    return this.sync_ ? this.sync_.version : 0;
  }

  /** Number of completed SYNCs (the reader restarts its EVENT counter at each). */
  get syncCount(): number {
    return this.syncs;
  }

  /** True once the link is closed or lost; requests then fail. */
  get closed(): boolean {
    return this.failure !== null;
  }

  /** Subscribe to EVENT frames; returns the unsubscribe function. */
  onEvent(listener: EventListenerFn): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called once when the link is lost or closed; returns the unsubscribe function. */
  onClose(listener: (e: TransportError) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * (Re)open the channel: SYNC with a fresh nonce, up to `syncTries` times.
   * Throws TransportError 'not-responding', or DeviceStatusError(UNSUPPORTED_VERSION).
   */
  async sync(): Promise<void> {
    this.assertUsable();
    if (this.pending) throw new Error('UsbLink.sync: a request is pending');
    this.rx.reset();
    this.rx.setChannel(CID_BROADCAST);
    this.sync_ = null;
    for (let attempt = 0; attempt < this.syncTries; attempt++) {
      const nonce = this.rng(SYNC_NONCE_SIZE);
      if (nonce.length !== SYNC_NONCE_SIZE) throw new Error('rng returned the wrong number of bytes');
      const answer = new Promise<SyncResponse | null>((resolve) => {
        const timer = this.timers.setTimeout(() => {
          if (this.syncWaiter?.nonce === nonce) this.syncWaiter = null;
          resolve(null);
        }, this.syncTimeoutMs);
        this.syncWaiter = {
          nonce,
          resolve: (r) => {
            this.timers.clearTimeout(timer);
            resolve(r);
          },
        };
      });
      const seq = this.syncSeq;
      this.syncSeq = (this.syncSeq + 1) & 0xff;
      await this.write(splitFrame(CID_BROADCAST, FrameType.SYNC, seq, encodeSyncRequest(nonce, PROTOCOL_VERSION)));
      const r = await answer;
      this.assertUsable();
      if (r === null) {
        this.log(`SYNC attempt ${attempt + 1}: no answer`);
        continue;
      }
      if (r.version !== PROTOCOL_VERSION) {
        throw new DeviceStatusError(Status.UNSUPPORTED_VERSION, { source: 'host' });
      }
      this.sync_ = r;
      this.rx.reset();
      this.rx.setChannel(r.cid);
      this.seq = 0;
      this.needsSync = false;
      this.syncs++;
      return;
    }
    throw new TransportError('not-responding', { detail: `no SYNC answer in ${this.syncTries} tries` });
  }

  /**
   * Send one request (a CBOR payload) and wait for its response. Keepalives restart the silence
   * timer and go to `onKeepalive`. On abort or overall timeout the link sends CANCEL and keeps
   * waiting for the reader's answer, which it returns with `cancelReason` set. An ERROR frame
   * about the request (not executed) makes the link resend it once.
   * Throws TransportError: 'timeout' (silence), 'disconnected', 'closed', 'bad-frame'.
   */
  async request(payload: Uint8Array, options: LinkRequestOptions = {}): Promise<LinkResponse> {
    this.assertUsable();
    if (this.pending) throw new Error('UsbLink.request: one request at a time');
    options.signal?.throwIfAborted();
    if (payload.length > this.maxMessage) {
      throw new DeviceStatusError(Status.MESSAGE_TOO_LONG, { source: 'host', details: { maxMessage: this.maxMessage } });
    }
    if (this.needsSync) await this.sync();
    const state = { cancelReason: undefined as unknown, cancelWanted: false };
    let resent = false;
    for (;;) {
      const r = await this.exchange(payload, options, state);
      if ('frame' in r) {
        return state.cancelReason === undefined ? { payload: r.frame } : { payload: r.frame, cancelReason: state.cancelReason };
      }
      // The reader reports a link error about our request: it was not executed (spec §2.9).
      if (state.cancelWanted) throw state.cancelReason;
      if (options.signal?.aborted) throw options.signal.reason;
      if (resent) {
        throw new TransportError('bad-frame', { code: r.linkError, detail: `the reader reported ${r.linkError.toString(16)}` });
      }
      resent = true;
      this.log(`request not executed (link error 0x${r.linkError.toString(16)}), resending once`);
      if (r.linkError === Status.FRAME_CHANNEL || this.needsSync) await this.sync();
    }
  }

  /** Stop reading, release the interface and close the device. Pending calls fail with 'closed'. */
  async close(): Promise<void> {
    const wasLost = this.failure !== null && this.failure.kind !== 'closed';
    this.stopping = true;
    this.fail(new TransportError('closed'));
    if (wasLost) {
      await this.device.close().catch(() => {});
      return;
    }
    try {
      await this.device.releaseInterface(INTERFACE_NUMBER);
    } catch (e) {
      if (!isDisconnectError(e)) this.log(`releaseInterface: ${String(e)}`);
    }
    try {
      await this.device.close();
    } catch (e) {
      if (!isDisconnectError(e)) throw e;
    }
  }

  private assertUsable(): void {
    if (this.failure) throw this.failure;
  }

  /** One MSG exchange with a fresh SEQ. */
  private exchange(
    payload: Uint8Array,
    options: LinkRequestOptions,
    state: { cancelReason: unknown; cancelWanted: boolean },
  ): Promise<{ frame: Uint8Array } | { linkError: number }> {
    this.seq = (this.seq + 1) & 0xff;
    const seq = this.seq;
    const cid = this.channel;
    return new Promise((resolve, reject) => {
      let overall: unknown = null;
      const cleanup = () => {
        if (this.pending === p) this.pending = null;
        this.timers.clearTimeout(p.silence);
        if (overall !== null) this.timers.clearTimeout(overall);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const p: Pending = {
        seq,
        resolve: (r) => {
          cleanup();
          resolve(r);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
        onKeepalive: options.onKeepalive,
        written: false,
        cancelWanted: state.cancelWanted,
        cancelSent: false,
        silence: null,
      };
      const cancel = (reason: unknown) => {
        if (state.cancelWanted) return;
        state.cancelWanted = true;
        state.cancelReason = reason;
        p.cancelWanted = true;
        if (p.written) this.sendCancel(p, cid);
      };
      const onAbort = () => cancel(options.signal?.reason);
      this.pending = p;
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined && options.timeoutMs >= 0) {
        overall = this.timers.setTimeout(() => {
          overall = null;
          cancel(new TransportError('timeout', { code: Status.TIMEOUT, detail: `no answer within ${options.timeoutMs} ms; the request was cancelled` }));
        }, options.timeoutMs);
      }
      this.write(splitFrame(cid, FrameType.MSG, seq, payload)).then(
        () => {
          if (this.pending !== p) return;
          p.written = true;
          this.armSilence(p);
          if (p.cancelWanted) this.sendCancel(p, cid);
        },
        (e) => {
          this.needsSync = true;
          p.reject(e);
        },
      );
    });
  }

  private sendCancel(p: Pending, cid: number): void {
    if (p.cancelSent) return;
    p.cancelSent = true;
    this.write(splitFrame(cid, FrameType.CANCEL, p.seq, new Uint8Array(0))).catch((e) => {
      if (this.pending === p) p.reject(e);
    });
  }

  private armSilence(p: Pending): void {
    this.timers.clearTimeout(p.silence);
    p.silence = this.timers.setTimeout(() => {
      if (this.pending !== p) return;
      this.needsSync = true;
      p.reject(new TransportError('timeout', { code: Status.TIMEOUT, detail: `no packet from the reader for ${this.silenceMs} ms` }));
    }, this.silenceMs);
  }

  /** Write packets in order; writes of different frames never interleave. */
  private write(packets: Uint8Array[]): Promise<void> {
    const run = async () => {
      for (const packet of packets) {
        this.assertUsable();
        let r: USBOutTransferResult;
        try {
          r = await this.device.transferOut(ENDPOINT_NUMBER, packet as Uint8Array<ArrayBuffer>);
        } catch (e) {
          const err = usbFailure('transferOut', e);
          if (err.kind === 'disconnected') this.fail(err);
          throw err;
        }
        if (r.status !== 'ok' || r.bytesWritten !== PACKET_SIZE) {
          throw new TransportError('usb-error', { detail: `transferOut: status ${r.status}, ${r.bytesWritten} bytes written` });
        }
      }
    };
    const next = this.writeChain.then(run, run);
    this.writeChain = next.catch(() => {});
    return next;
  }

  private async readLoop(): Promise<void> {
    while (!this.failure) {
      let r: USBInTransferResult;
      try {
        r = await this.device.transferIn(ENDPOINT_NUMBER, PACKET_SIZE);
      } catch (e) {
        if (this.failure || this.stopping) return;
        if (isTransferTimeout(e)) continue;
        const err = usbFailure('transferIn', e);
        this.fail(err.kind === 'disconnected' ? err : new TransportError('disconnected', { detail: err.message, cause: e }));
        return;
      }
      if (this.failure) return;
      if (r.status === 'stall') {
        this.log('IN endpoint stalled: clearing the halt');
        try {
          await this.device.clearHalt('in', ENDPOINT_NUMBER);
        } catch (e) {
          if (!this.failure) this.fail(usbFailure('clearHalt', e));
          return;
        }
        continue;
      }
      if (!r.data) continue;
      const d = r.data;
      this.onPacket(new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength)));
    }
  }

  private onPacket(packet: Uint8Array): void {
    const p = this.pending;
    if (p && p.written && packet.length === PACKET_SIZE && this.sync_ && ((packet[0] << 8) | packet[1]) === this.sync_.cid) {
      this.armSilence(p);
    }
    for (let r = this.rx.push(packet); r.kind !== ResultKind.NONE; r = this.rx.next()) {
      if (r.kind === ResultKind.FRAME) this.onFrame(r);
      else this.log(`link error 0x${r.status.toString(16)} on received packet (cid ${r.cid}, seq ${r.seq})`);
    }
  }

  private onFrame(r: FrameResult): void {
    const payload = r.payload as Uint8Array;
    const p = this.pending;
    switch (r.type) {
      case FrameType.SYNC: {
        const w = this.syncWaiter;
        if (!w) return;
        let s: SyncResponse;
        try {
          s = parseSyncResponse(payload);
        } catch {
          this.log('malformed SYNC response ignored');
          return;
        }
        if (!sameNonce(s.nonce, w.nonce)) return; // answers an earlier host
        this.syncWaiter = null;
        w.resolve(s);
        return;
      }
      case FrameType.MSG:
        if (p && p.seq === r.seq) p.resolve({ frame: payload }); // may beat transferOut's resolution
        else this.log(`late or stray response (seq ${r.seq}) discarded`);
        return;
      case FrameType.KEEPALIVE:
        if (p && p.seq === r.seq) {
          let k;
          try {
            k = decodeKeepalive(payload);
          } catch {
            this.log('malformed KEEPALIVE ignored');
            return;
          }
          try {
            p.onKeepalive?.(k.progress, k.detail);
          } catch (e) {
            this.log(`progress callback threw: ${String(e)}`);
          }
        }
        return;
      case FrameType.EVENT:
        for (const l of [...this.eventListeners]) {
          try {
            l(payload, r.seq);
          } catch (e) {
            this.log(`event listener threw: ${String(e)}`);
          }
        }
        return;
      case FrameType.ERROR: {
        let status: number;
        try {
          status = parseErrorPayload(payload);
        } catch {
          return;
        }
        if (status === Status.FRAME_CHANNEL) this.needsSync = true;
        if (p && p.seq === r.seq) p.resolve({ linkError: status });
        else this.log(`ERROR frame 0x${status.toString(16)} (seq ${r.seq}) ignored`);
        return;
      }
      default:
        return; // CANCEL never travels to the host
    }
  }

  /** Mark the link lost (or closed): fail the pending call, notify listeners once. */
  private fail(e: TransportError): void {
    if (this.failure) return;
    this.failure = e;
    this.hub?.removeEventListener?.('disconnect', this.onHubDisconnect);
    if (this.syncWaiter) {
      const w = this.syncWaiter;
      this.syncWaiter = null;
      w.resolve(null);
    }
    const p = this.pending;
    if (p) p.reject(e);
    for (const l of [...this.closeListeners]) {
      try {
        l(e);
      } catch {
        /* a listener's failure must not hide the link's */
      }
    }
  }
}
