/**
 * replayDevice: a USBDevice that plays a transcript back. Host actions (open, claim, OUT
 * packets, control transfers...) must come in the transcript's order and match it; each IN
 * packet is handed to a pending transferIn once every host action recorded before it has been
 * performed. Strict mode (the default) rejects any unexpected host action and makes close()
 * fail while entries are left.
 */
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import { bufferBytes } from './bytes.js';
import type { Transcript, TranscriptEntry } from './types.js';

/** Options of {@link replayDevice}. */
export interface ReplayOptions {
  /** Throw on unexpected host actions and on leftover entries at close (default true). */
  strict?: boolean;
}

/** The error a replay raises when the host departs from the transcript. */
export class TranscriptMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranscriptMismatchError';
  }
}

function namedError(name: string, message: string): Error {
  const D = (globalThis as { DOMException?: new (m: string, n: string) => Error }).DOMException;
  if (D) return new D(message, name);
  const e = new Error(message);
  e.name = name;
  return e;
}

function isHostAction(e: TranscriptEntry): boolean {
  return e.op !== 'transferIn';
}

function describe(e: TranscriptEntry | undefined): string {
  if (!e) return 'the end of the transcript';
  const parts: string[] = [e.op];
  if (e.ep !== undefined) parts.push(`ep ${e.ep}`);
  if (e.value !== undefined) parts.push(String(e.value));
  if (e.hex !== undefined) parts.push(e.hex.length > 40 ? e.hex.slice(0, 40) + '...' : e.hex);
  return parts.join(' ');
}

interface Waiter {
  ep: number;
  resolve(r: USBInTransferResult): void;
  reject(e: unknown): void;
}

/** A USBDevice answering from a transcript; see the file comment. */
export class ReplayDevice implements USBDevice {
  readonly usbVersionMajor = 2;
  readonly usbVersionMinor = 1;
  readonly usbVersionSubminor = 0;
  readonly deviceClass = 0;
  readonly deviceSubclass = 0;
  readonly deviceProtocol = 0;
  readonly vendorId: number;
  readonly productId: number;
  readonly deviceVersionMajor = 0;
  readonly deviceVersionMinor = 0;
  readonly deviceVersionSubminor = 0;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  readonly serialNumber: string | null;
  readonly configurations: USBConfiguration[] = [];
  /** Mismatches seen so far (also thrown at the call that caused them). */
  readonly errors: Error[] = [];
  private readonly entries: TranscriptEntry[];
  private readonly strict: boolean;
  private host = 0;
  private inIndex = 0;
  private waiters: Waiter[] = [];
  private config: number | null;
  private isOpen = false;

  constructor(transcript: Transcript, options: ReplayOptions = {}) {
    this.entries = transcript.entries;
    this.strict = options.strict !== false;
    this.vendorId = transcript.device.vendorId;
    this.productId = transcript.device.productId;
    this.serialNumber = transcript.device.serialNumber ?? null;
    this.productName = transcript.device.productName ?? null;
    this.manufacturerName = transcript.device.manufacturerName ?? null;
    this.config = transcript.device.configurationValue;
    this.skipTo();
    this.inIndex = this.nextIn(0);
  }

  get opened(): boolean {
    return this.isOpen;
  }

  get configuration(): USBConfiguration | null {
    if (this.config === null) return null;
    return { configurationValue: this.config, configurationName: undefined, interfaces: [] } as unknown as USBConfiguration;
  }

  /** Entries not yet consumed (host actions and IN packets). */
  remaining(): number {
    let n = 0;
    for (let i = 0; i < this.entries.length; i++) if (isHostAction(this.entries[i]) ? i >= this.host : i >= this.inIndex) n++;
    return n;
  }

  /** Throws when a mismatch happened or entries are left. */
  assertDone(): void {
    if (this.errors.length) throw this.errors[0];
    const left = this.remaining();
    if (left > 0) {
      throw new TranscriptMismatchError(`${left} transcript entries left, next host action: ${describe(this.entries[this.host])}`);
    }
  }

  async open(): Promise<void> {
    this.take({ op: 'open' });
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.take({ op: 'close' });
    this.isOpen = false;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.reject(namedError('AbortError', 'The transfer was cancelled.'));
    if (this.strict && this.remaining() > 0) {
      const e = new TranscriptMismatchError(`closed with ${this.remaining()} transcript entries left (next: ${describe(this.entries[this.host < this.entries.length ? this.host : this.inIndex])})`);
      this.errors.push(e);
      throw e;
    }
  }

  async forget(): Promise<void> {}

  async reset(): Promise<void> {
    this.take({ op: 'reset' });
  }

  async selectConfiguration(value: number): Promise<void> {
    this.take({ op: 'selectConfiguration', value });
    this.config = value;
  }

  async claimInterface(value: number): Promise<void> {
    this.take({ op: 'claimInterface', value });
  }

  async releaseInterface(value: number): Promise<void> {
    this.take({ op: 'releaseInterface', value });
  }

  async selectAlternateInterface(value: number, alternate: number): Promise<void> {
    this.take({ op: 'selectAlternateInterface', value, alternate });
  }

  async clearHalt(direction: USBDirection, ep: number): Promise<void> {
    this.take({ op: 'clearHalt', direction, ep });
  }

  async transferOut(ep: number, data: BufferSource): Promise<USBOutTransferResult> {
    const bytes = bufferBytes(data);
    const e = this.take({ op: 'transferOut', ep, hex: toHex(bytes) });
    return { status: e?.status ?? 'ok', bytesWritten: bytes.length } as USBOutTransferResult;
  }

  async controlTransferOut(setup: USBControlTransferParameters, data?: BufferSource): Promise<USBOutTransferResult> {
    const bytes = bufferBytes(data);
    const e = this.take({ op: 'controlTransferOut', setup, hex: toHex(bytes) });
    return { status: e?.status ?? 'ok', bytesWritten: bytes.length } as USBOutTransferResult;
  }

  async controlTransferIn(setup: USBControlTransferParameters, length: number): Promise<USBInTransferResult> {
    const e = this.take({ op: 'controlTransferIn', setup, length });
    return inResult(e);
  }

  transferIn(ep: number, _length: number): Promise<USBInTransferResult> {
    if (!this.isOpen) return Promise.reject(namedError('InvalidStateError', 'The device must be opened first.'));
    return new Promise((resolve, reject) => {
      this.waiters.push({ ep, resolve, reject });
      queueMicrotask(() => this.deliver());
    });
  }

  async isochronousTransferIn(): Promise<USBIsochronousInTransferResult> {
    throw new TranscriptMismatchError('isochronous transfers are not part of transcripts');
  }

  async isochronousTransferOut(): Promise<USBIsochronousOutTransferResult> {
    throw new TranscriptMismatchError('isochronous transfers are not part of transcripts');
  }

  /** Index of the next IN entry at or after `from`, or entries.length. */
  private nextIn(from: number): number {
    let i = from;
    while (i < this.entries.length && isHostAction(this.entries[i])) i++;
    return i;
  }

  /** Move `host` to the next host action. */
  private skipTo(): void {
    while (this.host < this.entries.length && !isHostAction(this.entries[this.host])) this.host++;
  }

  /** Hand IN packets to waiting transferIn calls while their preceding host actions are done. */
  private deliver(): void {
    while (this.waiters.length > 0 && this.inIndex < this.entries.length && this.inIndex < this.host) {
      const e = this.entries[this.inIndex];
      const w = this.waiters.shift() as Waiter;
      this.inIndex = this.nextIn(this.inIndex + 1);
      if (e.error) w.reject(namedError(e.error.name, e.error.message));
      else w.resolve(inResult(e));
    }
  }

  /** Match a host action against the next one of the transcript. */
  private take(actual: Partial<TranscriptEntry>): TranscriptEntry | undefined {
    const expected = this.entries[this.host] as TranscriptEntry | undefined;
    if (!expected || !matches(expected, actual)) {
      const e = new TranscriptMismatchError(
        `unexpected ${describe(actual as TranscriptEntry)} (host action ${this.host}); the transcript expects ${describe(expected)}`,
      );
      if (this.strict) {
        this.errors.push(e);
        throw e;
      }
      return undefined;
    }
    this.host++;
    this.skipTo();
    queueMicrotask(() => this.deliver());
    if (expected.error) throw namedError(expected.error.name, expected.error.message);
    return expected;
  }
}

function inResult(e: TranscriptEntry | undefined): USBInTransferResult {
  const status = e?.status ?? 'ok';
  if (!e || e.hex === undefined) return { status } as USBInTransferResult;
  const bytes = fromHex(e.hex);
  return { status, data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) } as USBInTransferResult;
}

function matches(expected: TranscriptEntry, actual: Partial<TranscriptEntry>): boolean {
  if (expected.op !== actual.op) return false;
  if (actual.ep !== undefined && expected.ep !== actual.ep) return false;
  if (actual.value !== undefined && expected.value !== actual.value) return false;
  if (actual.alternate !== undefined && expected.alternate !== actual.alternate) return false;
  if (actual.direction !== undefined && expected.direction !== actual.direction) return false;
  if (actual.hex !== undefined && (expected.hex ?? '') !== actual.hex) return false;
  if (actual.setup !== undefined) {
    const a = actual.setup;
    const b = expected.setup;
    if (!b || a.requestType !== b.requestType || a.recipient !== b.recipient || a.request !== b.request || a.value !== b.value || a.index !== b.index) return false;
  }
  return true;
}

/** A USBDevice that answers from `transcript` (strict unless `{ strict: false }`). */
export function replayDevice(transcript: Transcript, options: ReplayOptions = {}): ReplayDevice {
  return new ReplayDevice(transcript, options);
}
