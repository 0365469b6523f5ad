/**
 * A minimal host at the packet level (spec §2, §3): opens the channel with
 * SYNC, sends one request at a time as a MSG frame, follows KEEPALIVE
 * progress, reads the response, events and ERROR frames, cancels, and
 * notices a lost link (no frame for 3 s while a request is pending, or an
 * unplug). It is driven from outside: `receive` each IN packet, `check` the
 * timers as simulated time passes. It writes every frame it sends or reads to
 * `onLog` for transcripts.
 */
import { Status, statusName } from '../../protocol/status.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { CID_BROADCAST, FrameType, PROTOCOL_VERSION } from '../../protocol/framing/constants.js';
import { Reassembler, ResultKind } from '../../protocol/framing/reassembler.js';
import type { FrameResult } from '../../protocol/framing/reassembler.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { encodeSyncRequest, parseSyncResponse, sameNonce } from '../../protocol/framing/sync.js';
import { decodeKeepalive, type Keepalive } from '../../protocol/framing/keepalive.js';
import { parseErrorPayload } from '../../protocol/framing/error-frame.js';
import { commandName, eventName } from '../../protocol/messages/codes.js';
import { decodeEvent, decodeResponse, encodeRequest, type ReaderEvent, type Response } from '../../protocol/messages/envelope.js';

/** Pseudo-statuses of a request that got no response (never on the wire). */
export const NO_RESPONSE = -1;
export const DISCONNECTED = -2;

/** Name of a status or pseudo-status. */
export function outcomeName(status: number): string {
  if (status === NO_RESPONSE) return 'NO_RESPONSE';
  if (status === DISCONNECTED) return 'DISCONNECTED';
  return statusName(status);
}

/** Progress code names (spec §2.7). */
export const PROGRESS_NAMES: Record<number, string> = {
  1: 'WAITING_FOR_CARD', 2: 'READING_CARD', 3: 'WAITING_FOR_PIN', 4: 'PROCESSING', 5: 'REMOVE_CARD',
};

/** A request that is over: its response, or why there is none. */
export interface Completed {
  seq: number;
  command: number;
  args: object | undefined;
  /** Status of the response, or NO_RESPONSE / DISCONNECTED. */
  status: number;
  response: Response | null;
  /** Every KEEPALIVE received for it, in order. */
  keepalives: Keepalive[];
  /** Simulated ms from sending to completion. */
  elapsed: number;
  /** ERROR frames (link errors) about it, and whether it was resent. */
  linkErrors: number[];
}

/** One line of the host's log. */
export interface HostLog {
  /** 'out' host -> reader, 'in' reader -> host, 'note' host-side event. */
  dir: 'out' | 'in' | 'note';
  /** Frame type name or note kind. */
  kind: string;
  seq: number;
  text: string;
}

interface Pending {
  seq: number;
  command: number;
  args: object | undefined;
  payload: Uint8Array;
  sentAt: number;
  lastFrameAt: number;
  keepalives: Keepalive[];
  linkErrors: number[];
  resent: boolean;
}

/** What the host needs from its environment. */
export interface HostPorts {
  /** Write one 64-byte OUT packet. */
  transmit(packet: Uint8Array): void;
  /** Simulated monotonic time (ms). */
  now(): number;
  random(n: number): Uint8Array;
}

/** Silence (ms) after which a pending request is taken as lost (spec §3.8). */
export const LINK_TIMEOUT_MS = 3000;
/** Time (ms) to wait for a SYNC response before retrying (spec §2.5). */
export const SYNC_TIMEOUT_MS = 1000;

/** The packet-level host. */
export class PacketHost {
  /** Open channel id, 0 when closed. */
  cid = 0;
  /** maxMessage and capabilities from the last SYNC. */
  maxMessage = 0;
  capabilities = 0;
  /** Events received, oldest first (the caller may empty it). */
  events: ReaderEvent[] = [];
  /** Called with every request that completes. */
  onComplete: (c: Completed) => void = () => {};
  /** Called with every frame sent or received and host notes. */
  onLog: (l: HostLog) => void = () => {};
  /** Called with every progress change of the pending request. */
  onProgress: (k: Keepalive) => void = () => {};

  private rx = new Reassembler({ cid: CID_BROADCAST });
  private seq = 0;
  private pending: Pending | null = null;
  private sync: { nonce: Uint8Array; seq: number; sentAt: number; tries: number } | null = null;
  private queued: Array<{ command: number; args: object | undefined }> = [];

  constructor(private readonly ports: HostPorts) {}

  /** True while a request waits for its response. */
  get busy(): boolean {
    return this.pending !== null || this.queued.length > 0;
  }

  /** The pending request's command and last progress, or null. */
  get current(): { command: number; progress: Keepalive | null; seq: number } | null {
    const p = this.pending;
    if (!p) return this.queued.length ? { command: this.queued[0].command, progress: null, seq: -1 } : null;
    return { command: p.command, progress: p.keepalives[p.keepalives.length - 1] ?? null, seq: p.seq };
  }

  /** True while the channel is open. */
  get open(): boolean {
    return this.cid !== 0;
  }

  /** Open (or reopen) the channel with SYNC. */
  connect(): void {
    this.rx.reset();
    this.rx.setChannel(CID_BROADCAST);
    this.cid = 0;
    const nonce = this.ports.random(8);
    const seq = this.nextSeq();
    const tries = this.sync ? this.sync.tries + 1 : 1;
    this.sync = { nonce, seq, sentAt: this.ports.now(), tries };
    this.onLog({ dir: 'out', kind: 'SYNC', seq, text: `nonce ${toHex(nonce)}` });
    this.write(CID_BROADCAST, FrameType.SYNC, seq, encodeSyncRequest(nonce, PROTOCOL_VERSION));
  }

  /**
   * Send a request (after opening the channel if needed). Only one request is
   * in flight; a request made while another is pending is refused.
   */
  request(command: number, args?: object): void {
    if (this.busy) throw new Error(`a ${commandName(this.current!.command)} request is still pending`);
    encodeRequest(command, args); // throws now on invalid arguments
    this.queued.push({ command, args });
    if (this.open) this.flush();
    else if (!this.sync) this.connect();
  }

  /** Cancel the pending request (CANCEL frame); no effect without one. */
  cancel(): void {
    const p = this.pending;
    if (!p || !this.open) return;
    this.onLog({ dir: 'out', kind: 'CANCEL', seq: p.seq, text: commandName(p.command) });
    this.write(this.cid, FrameType.CANCEL, p.seq, new Uint8Array(0));
  }

  /** The link is gone (unplug, reader power loss): the pending request completes DISCONNECTED. */
  disconnect(why: string): void {
    this.onLog({ dir: 'note', kind: 'LINK', seq: -1, text: why });
    this.cid = 0;
    this.sync = null;
    this.rx.reset();
    this.fail(DISCONNECTED);
  }

  /** Check timers: SYNC retries, link loss while a request is pending. */
  check(): void {
    const now = this.ports.now();
    if (this.sync && now - this.sync.sentAt >= SYNC_TIMEOUT_MS) {
      if (this.sync.tries >= 3) {
        this.onLog({ dir: 'note', kind: 'LINK', seq: -1, text: 'no SYNC response after 3 tries: reader not responding' });
        this.sync = null;
        this.fail(NO_RESPONSE);
      } else {
        this.connect();
      }
    }
    const p = this.pending;
    if (p && now - p.lastFrameAt >= LINK_TIMEOUT_MS) {
      this.onLog({ dir: 'note', kind: 'LINK', seq: p.seq, text: `no frame for ${LINK_TIMEOUT_MS / 1000} s: link lost, will SYNC again` });
      this.cid = 0;
      this.fail(NO_RESPONSE);
    }
  }

  /** Feed one IN packet. */
  receive(packet: Uint8Array): void {
    for (let r = this.rx.push(packet); r.kind !== ResultKind.NONE; r = this.rx.next()) {
      if (r.kind === ResultKind.ERROR) {
        this.onLog({ dir: 'note', kind: 'LINK', seq: r.seq, text: `received a broken frame: ${statusName(r.status)}` });
      } else {
        this.frame(r);
      }
    }
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) & 0xff;
    return this.seq;
  }

  private write(cid: number, type: number, seq: number, payload: Uint8Array): void {
    for (const p of splitFrame(cid, type, seq, payload)) this.ports.transmit(p);
  }

  private flush(): void {
    const q = this.queued.shift();
    if (!q) return;
    const payload = encodeRequest(q.command, q.args);
    const seq = this.nextSeq();
    const now = this.ports.now();
    this.pending = { seq, command: q.command, args: q.args, payload, sentAt: now, lastFrameAt: now, keepalives: [], linkErrors: [], resent: false };
    this.onLog({ dir: 'out', kind: 'MSG', seq, text: `${commandName(q.command)} (${payload.length} bytes)` });
    this.write(this.cid, FrameType.MSG, seq, payload);
  }

  private fail(status: number): void {
    const queued = this.queued.splice(0);
    const p = this.pending;
    this.pending = null;
    const now = this.ports.now();
    if (p) {
      this.onComplete({ seq: p.seq, command: p.command, args: p.args, status, response: null, keepalives: p.keepalives, elapsed: now - p.sentAt, linkErrors: p.linkErrors });
    }
    for (const q of queued) {
      this.onComplete({ seq: -1, command: q.command, args: q.args, status, response: null, keepalives: [], elapsed: 0, linkErrors: [] });
    }
  }

  private frame(r: FrameResult): void {
    const payload = r.payload as Uint8Array;
    const p = this.pending;
    switch (r.type) {
      case FrameType.SYNC: {
        let s;
        try {
          s = parseSyncResponse(payload);
        } catch {
          return;
        }
        if (!this.sync || !sameNonce(s.nonce, this.sync.nonce)) return; // answers an earlier host
        this.sync = null;
        this.cid = s.cid;
        this.maxMessage = s.maxMessage;
        this.capabilities = s.capabilities;
        this.rx.setChannel(s.cid);
        this.onLog({ dir: 'in', kind: 'SYNC', seq: r.seq, text: `channel 0x${s.cid.toString(16).padStart(4, '0')}, maxMessage ${s.maxMessage}` });
        this.flush();
        return;
      }
      case FrameType.KEEPALIVE: {
        if (!p || r.seq !== p.seq) return;
        p.lastFrameAt = this.ports.now();
        let k: Keepalive;
        try {
          k = decodeKeepalive(payload);
        } catch {
          return;
        }
        const last = p.keepalives[p.keepalives.length - 1];
        p.keepalives.push(k);
        if (!last || last.progress !== k.progress || last.detail !== k.detail) {
          const name = PROGRESS_NAMES[k.progress] ?? `PROGRESS_${k.progress}`;
          this.onLog({ dir: 'in', kind: 'KEEPALIVE', seq: r.seq, text: k.progress === 3 ? `${name} ${k.detail} digit${k.detail === 1 ? '' : 's'}` : name });
          this.onProgress(k);
        }
        return;
      }
      case FrameType.MSG: {
        if (!p || r.seq !== p.seq) {
          this.onLog({ dir: 'note', kind: 'MSG', seq: r.seq, text: 'response to no pending request: ignored' });
          return;
        }
        let response: Response;
        try {
          response = decodeResponse(p.command, payload);
        } catch (e) {
          this.onLog({ dir: 'note', kind: 'MSG', seq: r.seq, text: `undecodable response: ${(e as Error).message}` });
          response = { status: Status.INTERNAL };
        }
        this.pending = null;
        this.onLog({ dir: 'in', kind: 'MSG', seq: r.seq, text: `${commandName(p.command)} -> ${statusName(response.status)}` });
        this.onComplete({
          seq: p.seq, command: p.command, args: p.args, status: response.status, response,
          keepalives: p.keepalives, elapsed: this.ports.now() - p.sentAt, linkErrors: p.linkErrors,
        });
        this.flush();
        return;
      }
      case FrameType.EVENT: {
        try {
          const e = decodeEvent(payload);
          this.events.push(e);
          const d = e.data as { allowed?: boolean; reason?: number; holderName?: string; seq?: number } | undefined;
          const more = d && d.allowed !== undefined
            ? ` ${d.allowed ? 'allowed' : 'refused'} (${statusName(d.reason ?? 0)})${d.holderName ? ` ${d.holderName}` : ''}${d.seq !== undefined ? `, journal seq ${d.seq}` : ''}`
            : '';
          this.onLog({ dir: 'in', kind: 'EVENT', seq: r.seq, text: eventName(e.event) + more });
        } catch (e) {
          this.onLog({ dir: 'note', kind: 'EVENT', seq: r.seq, text: `undecodable event: ${(e as Error).message}` });
        }
        return;
      }
      case FrameType.ERROR: {
        let status = Status.FRAME_INVALID as number;
        try {
          status = parseErrorPayload(payload);
        } catch {
          /* keep FRAME_INVALID */
        }
        this.onLog({ dir: 'in', kind: 'ERROR', seq: r.seq, text: statusName(status) });
        if (status === Status.FRAME_CHANNEL) {
          this.cid = 0;
          if (p) {
            // The request was not executed: reopen the channel and send it again.
            this.pending = null;
            this.queued.unshift({ command: p.command, args: p.args });
          }
          this.connect();
          return;
        }
        if (p && r.seq === p.seq) {
          p.linkErrors.push(status);
          if (!p.resent) {
            // Not executed (spec §2.9): resend once with a new SEQ.
            const seq = this.nextSeq();
            p.resent = true;
            p.seq = seq;
            p.lastFrameAt = this.ports.now();
            this.onLog({ dir: 'out', kind: 'MSG', seq, text: `${commandName(p.command)} again after ${statusName(status)}` });
            this.write(this.cid, FrameType.MSG, seq, p.payload);
          } else {
            this.pending = null;
            this.onComplete({ seq: p.seq, command: p.command, args: p.args, status, response: null, keepalives: p.keepalives, elapsed: this.ports.now() - p.sentAt, linkErrors: p.linkErrors });
          }
        }
        return;
      }
      default:
        return;
    }
  }
}
