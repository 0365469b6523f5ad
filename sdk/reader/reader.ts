/**
 * The Reader API: one object per connected reader. Every call goes through a queue (one at a
 * time, and across browser tabs under a Web Lock when available), accepts an AbortSignal, an
 * overall timeout and a progress callback, and fails with DeviceStatusError or TransportError.
 */
import { Status } from '../../protocol/status.js';
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { Kind } from '../../protocol/catalogue/codes.js';
import { kindOf } from '../../protocol/catalogue/table.js';
import { Command, EventCode, JournalKind } from '../../protocol/messages/codes.js';
import { decodeEvent, decodeResponse, encodeRequest } from '../../protocol/messages/envelope.js';
import type { ArgsOf, Passage, ResultOf } from '../../protocol/messages/types.js';
import { attachReaderCertificate } from '../../protocol/signed/receipt.js';
import { defaultCrypto } from '../crypto/index.js';
import { DeviceStatusError, TransportError, fromCodedError } from '../errors.js';
import type { UsbHub } from '../transport/hub.js';
import type { RandomSource, Timers } from '../transport/timers.js';
import { UsbLink } from '../transport/usb-link.js';
import type { Lang, Receipt } from '../receipts/receipt.js';
import { verifyChain, verifyReceipt, type ChainReport } from '../receipts/verify.js';
import { progressOf, type ReaderProgress } from './progress.js';
import { CallQueue, platformLocks, type LockManagerLike } from './queue.js';
import {
  cardView,
  infoView,
  passageView,
  walletView,
  type BalanceView,
  type CardView,
  type PassageView,
  type ReaderInfo,
} from './views.js';

/** Options of {@link Reader.connect}. */
export interface ReaderOptions {
  /** The issuer root public key (32 bytes or 64 hex digits): receipts are verified against it. */
  issuerRoot: Uint8Array | string;
  /** Crypto port for receipt verification (default: node:crypto in Node, @noble in browsers). */
  crypto?: CryptoPort;
  /** Random bytes for SYNC nonces and request ids (inject a deterministic one to replay transcripts). */
  rng?: RandomSource;
  /** Timers (inject a fake clock in tests). */
  timers?: Timers;
  /** The clock setTime() uses by default, in ms (default Date.now). */
  now?: () => number;
  /** navigator.usb-like hub whose 'disconnect' events end the link at once (default navigator.usb when present). */
  hub?: UsbHub | null;
  /** Web Locks manager (default navigator.locks when present; null: no cross-tab lock). */
  locks?: LockManagerLike | null;
  /** Language of benefit labels (default 'en'). */
  lang?: Lang;
  /** Benefit -> category for receipt verification; default the catalogue; null skips the check. */
  categoryOf?: ((benefit: number) => number) | null;
  /** Link silence limit (default 3000 ms, spec §2.12). */
  silenceMs?: number;
  /** Wait per SYNC attempt (default 1000 ms). */
  syncTimeoutMs?: number;
  /** Diagnostics of the link. */
  onLog?: (message: string) => void;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Abort: the SDK sends CANCEL; the call rejects with the signal's reason unless the reader had already finished. */
  signal?: AbortSignal;
  /** Overall limit in ms: on expiry the SDK cancels, and the call rejects with TransportError 'timeout'. */
  timeoutMs?: number;
  /** Progress while the holder taps and types the PIN. */
  onProgress?: (p: ReaderProgress) => void;
}

/** A debit to make. Give `cents` for money benefits, `units` for tickets, nothing (or units: 1) for an entitlement. */
export interface DebitRequest {
  /** Benefit code (spec §7), e.g. 8 for cinema. */
  benefit: number;
  cents?: number;
  units?: number;
  /** The till's reference (ticket or invoice number), 1 to 64 bytes of UTF-8, copied into the receipt. */
  reference?: string;
  /** 1 to 32 bytes (or hex). Default: 16 random bytes. Reuse it to retry the same debit, never for another. */
  requestId?: Uint8Array | string;
  /** Part of a group order (refused for individual-only benefits). */
  collective?: boolean;
}

/** The outcome of a debit: the verified receipt and what the reader added. */
export interface DebitResult extends Receipt {
  /** True when the reader returned the journalled receipt of an earlier call with this requestId: nothing new was debited. */
  replayed: boolean;
}

/** Journal query. */
export interface JournalQuery {
  /** First sequence number wanted (default 0: the oldest retained). */
  since?: number;
  /** 'receipts' (merchant, default) or 'passages' (access). */
  kind?: 'receipts' | 'passages';
  /** Entries per JOURNAL_READ (1..255; default: as many as fit). */
  batch?: number;
  /** The verified receipt just before `since`, to check that the chain continues it. */
  previous?: Uint8Array;
}

/** What journal() read. */
export interface JournalPage {
  kind: 'receipts' | 'passages';
  /** Receipts that verified, in order, up to the first chain problem (kind 'receipts'). */
  receipts: Receipt[];
  /** Every receipt envelope read, with the reader certificate attached, even those after a problem. */
  raw: Uint8Array[];
  /** Passages (kind 'passages'). */
  passages: PassageView[];
  /** The `since` of the next read. */
  next: number;
  /** Newest sequence number of this kind (0: none ever). */
  last: number;
  /** Highest acknowledged sequence number. */
  acknowledged: number;
  /** Chain verification of the receipts read (kind 'receipts'). */
  chain?: ChainReport;
}

/** An unsolicited event from the reader. */
export type ReaderEventView =
  | { type: 'passage'; passage: PassageView }
  | { type: 'card-present' }
  | { type: 'card-removed' }
  | { type: 'unknown'; code: number };

const UINT_MAX = 4294967295;

function positiveInt(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && v <= UINT_MAX;
}

/** The amount field of a DEBIT for a request, checked against the catalogue's kind of the benefit. */
function debitAmount(r: DebitRequest): number {
  if (r.cents !== undefined && r.units !== undefined) throw new TypeError('debit: give cents or units, not both');
  const kind = kindOf(r.benefit);
  if (r.cents === undefined && r.units === undefined) {
    if (kind === Kind.ENTITLEMENT) return 1;
    throw new TypeError(`debit: give ${kind === Kind.UNITS ? 'units' : 'cents'} for benefit ${r.benefit}`);
  }
  if (r.cents !== undefined && (kind === Kind.UNITS || kind === Kind.ENTITLEMENT)) {
    throw new TypeError(`debit: benefit ${r.benefit} counts ${kind === Kind.UNITS ? 'units' : 'uses'}, not cents`);
  }
  if (r.units !== undefined && kind === Kind.CENTS) throw new TypeError(`debit: benefit ${r.benefit} counts cents, not units`);
  const amount = (r.cents ?? r.units) as number;
  if (!positiveInt(amount) || (kind === Kind.ENTITLEMENT && amount !== 1)) {
    throw new DeviceStatusError(Status.INVALID_AMOUNT, { source: 'host', benefit: r.benefit });
  }
  return amount;
}

function idBytes(id: Uint8Array | string): Uint8Array {
  return typeof id === 'string' ? fromHex(id) : id;
}

/** A connected reader. Create it with {@link Reader.connect}. */
export class Reader {
  /** The USB device (any WebUSB USBDevice). */
  readonly device: USBDevice;
  private readonly link: UsbLink;
  private readonly o: ReaderOptions;
  private readonly crypto: CryptoPort;
  private readonly rng: RandomSource;
  private readonly queue: CallQueue;
  private cached: ReaderInfo | null = null;
  private eventSync = -1;
  private lastCounter = -1;

  private constructor(link: UsbLink, options: ReaderOptions) {
    this.link = link;
    this.device = link.device;
    this.o = options;
    this.crypto = options.crypto ?? defaultCrypto();
    this.rng = options.rng ?? ((n) => this.crypto.random(n));
    const locks = options.locks === undefined ? platformLocks() : options.locks;
    this.queue = new CallQueue(locks, `passregion-reader:${link.device.serialNumber ?? 'unknown'}`);
  }

  /**
   * Open `device` (any WebUSB USBDevice: navigator.usb, nodeUsb(), the simulator), open the
   * channel and read the reader's info. Throws TransportError or DeviceStatusError.
   */
  static async connect(device: USBDevice, options: ReaderOptions): Promise<Reader> {
    const crypto = options.crypto ?? defaultCrypto();
    const rng = options.rng ?? ((n: number) => crypto.random(n));
    const nav = (globalThis as { navigator?: { usb?: UsbHub } }).navigator;
    const hub = options.hub === undefined ? nav?.usb : options.hub ?? undefined;
    const link = await UsbLink.open(device, {
      rng,
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.silenceMs !== undefined ? { silenceMs: options.silenceMs } : {}),
      ...(options.syncTimeoutMs !== undefined ? { syncTimeoutMs: options.syncTimeoutMs } : {}),
      ...(hub ? { hub } : {}),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    const reader = new Reader(link, { ...options, crypto, rng });
    try {
      const info = await reader.info();
      if (!device.serialNumber) reader.queue.setLockName(`passregion-reader:${info.readerId}`);
    } catch (e) {
      await link.close().catch(() => {});
      throw e;
    }
    return reader;
  }

  /** The info read at connect or by the last info() call. */
  get lastInfo(): ReaderInfo | null {
    return this.cached;
  }

  /** True once the link is closed or lost. */
  get closed(): boolean {
    return this.link.closed;
  }

  /** Largest message the reader accepts (from SYNC). */
  get maxMessage(): number {
    return this.link.maxMessage;
  }

  /** Called once when the link is lost (unplug) or closed; returns the unsubscribe function. */
  onClose(listener: (e: TransportError) => void): () => void {
    return this.link.onClose(listener);
  }

  /** 16 fresh random bytes (hex) to use as a debit's requestId, kept by the till before the call. */
  newRequestId(): string {
    return toHex(this.rng(16));
  }

  /** Close the link and the device. */
  async close(): Promise<void> {
    await this.link.close();
  }

  /** Identity, mode, clock, journal state and limits (GET_INFO). */
  async info(options: CallOptions = {}): Promise<ReaderInfo> {
    const r = await this.call(Command.GET_INFO, {}, options);
    this.cached = infoView(r);
    return this.cached;
  }

  /** Set the reader clock (default: now). Returns the reader's clock after the change. */
  async setTime(date: Date | number = this.o.now ? this.o.now() : Date.now(), options: CallOptions = {}): Promise<Date> {
    const ms = typeof date === 'number' ? date : date.getTime();
    const r = await this.call(Command.SET_TIME, { time: Math.floor(ms / 1000) }, options);
    return new Date(r.time * 1000);
  }

  /**
   * Install the reader certificate and/or the parts of a denylist, in that order. Returns the
   * mode now in force and the denylist state after the last part; refreshes info().
   */
  async provision(
    p: { certificate?: Uint8Array; denylistParts?: Uint8Array[] },
    options: CallOptions = {},
  ): Promise<{ mode?: ReaderInfo['mode']; denylist?: { version: number; partsReceived: number; parts: number; complete: boolean } }> {
    const out: { mode?: ReaderInfo['mode']; denylist?: { version: number; partsReceived: number; parts: number; complete: boolean } } = {};
    if (p.certificate) {
      const r = await this.call(Command.PROVISION_CERTIFICATE, { certificate: p.certificate }, options);
      out.mode = (['unprovisioned', 'merchant', 'access'] as const)[r.mode] ?? 'unknown';
    }
    for (const part of p.denylistParts ?? []) {
      out.denylist = await this.call(Command.PROVISION_DENYLIST, { part }, options);
    }
    await this.info(options);
    return out;
  }

  /** Wait for a card and read its public view (holder, wallets without balances). */
  async readCard(options: CallOptions = {}): Promise<CardView> {
    return cardView(await this.call(Command.READ_CARD, {}, options), this.lang);
  }

  /** Wait for a card and the PIN, and read the wallets with their balances. */
  async balance(options: CallOptions = {}): Promise<BalanceView> {
    const r = await this.call(Command.BALANCE, {}, options);
    return { cardId: toHex(r.cardId), wallets: r.wallets.map((w) => walletView(w, this.lang)) };
  }

  /**
   * Debit a benefit: the holder taps and types the PIN on the reader. Returns the receipt,
   * verified against the issuer root. Retrying with the same requestId never debits twice: the
   * reader answers the journalled receipt (`replayed: true`). Errors carry `requestId`; after a
   * TransportError, call getTransaction(requestId) (or retry with it) before any new debit.
   */
  async debit(request: DebitRequest, options: CallOptions = {}): Promise<DebitResult> {
    const amount = debitAmount(request);
    const requestId = request.requestId === undefined ? this.rng(16) : idBytes(request.requestId);
    const args: ArgsOf[Command.DEBIT] = { benefit: request.benefit, amount, requestId };
    if (request.reference !== undefined) args.reference = request.reference;
    if (request.collective) args.collective = true;
    try {
      const r = await this.call(Command.DEBIT, args, options, request.benefit);
      const receipt = this.verify(r.receipt, requestId);
      if (receipt.benefit !== args.benefit || receipt.amount !== amount || receipt.reference !== args.reference) {
        this.foreign(receipt, 'another debit');
      }
      return { ...receipt, replayed: r.replayed === true };
    } catch (e) {
      if (e instanceof DeviceStatusError || e instanceof TransportError) e.requestId = toHex(requestId);
      throw e;
    }
  }

  /**
   * The receipt of an earlier debit, from the reader's journal. Throws
   * DeviceStatusError(TRANSACTION_NOT_FOUND) when that debit did not happen (or was acknowledged).
   */
  async getTransaction(requestId: Uint8Array | string, options: CallOptions = {}): Promise<Receipt> {
    const id = idBytes(requestId);
    const r = await this.call(Command.GET_TRANSACTION, { requestId: id }, options);
    return this.verify(r.receipt, id);
  }

  /** Access mode: wait for one card and decide (no PIN). */
  async accessCheck(options: CallOptions = {}): Promise<PassageView> {
    return passageView(await this.call(Command.ACCESS_CHECK, {}, options));
  }

  /**
   * Read the journal from `since` to the newest entry, in batches. Receipts are verified as a
   * chain (see `chain` in the result); store `raw` durably before acknowledge().
   */
  async journal(q: JournalQuery = {}, options: CallOptions = {}): Promise<JournalPage> {
    const kind = q.kind ?? 'receipts';
    const code = kind === 'receipts' ? JournalKind.RECEIPTS : JournalKind.PASSAGES;
    const raw: Uint8Array[] = [];
    const passages: Passage[] = [];
    let since = q.since ?? 0;
    let last = 0;
    let acknowledged = 0;
    let next = since;
    for (;;) {
      const args: ArgsOf[Command.JOURNAL_READ] = { since, kind: code };
      if (q.batch !== undefined) args.max = q.batch;
      const r = await this.call(Command.JOURNAL_READ, args, options);
      const got = kind === 'receipts' ? (r.receipts ?? []).length : (r.passages ?? []).length;
      raw.push(...(r.receipts ?? []));
      passages.push(...(r.passages ?? []));
      last = r.last;
      acknowledged = r.acknowledged;
      next = r.next;
      if (got === 0 || r.next > r.last || r.next <= since) break;
      since = r.next;
    }
    const page: JournalPage = { kind, receipts: [], raw: [], passages: passages.map(passageView), next, last, acknowledged };
    if (kind === 'receipts') {
      const cert = await this.certificate(options);
      page.raw = cert ? raw.map((b) => attachReaderCertificate(b, cert)) : raw;
      const chainOptions: Parameters<typeof verifyChain>[1] = this.verifyOptions(cert);
      if (q.previous !== undefined) chainOptions.previous = q.previous;
      page.chain = verifyChain(page.raw, chainOptions);
      page.receipts = page.chain.receipts;
    }
    return page;
  }

  /** Tell the reader the entries up to `upTo` are stored safely; returns the highest acknowledged seq. */
  async acknowledge(upTo: number, q: { kind?: 'receipts' | 'passages' } = {}, options: CallOptions = {}): Promise<number> {
    const kind = (q.kind ?? 'receipts') === 'receipts' ? JournalKind.RECEIPTS : JournalKind.PASSAGES;
    return (await this.call(Command.JOURNAL_ACK, { upTo, kind }, options)).acknowledged;
  }

  /** Subscribe to the reader's events (passages, card present / removed); returns the unsubscribe function. */
  onEvent(listener: (e: ReaderEventView) => void): () => void {
    return this.link.onEvent((payload, counter) => {
      const view = this.eventView(payload, counter);
      if (view) listener(view);
    });
  }

  /**
   * Access mode: start the PASSAGE stream and iterate over passages as they happen. Leaving the
   * loop (break, return, the signal) stops the stream. Passages missed while nobody listened are
   * in the journal (journal({kind: 'passages'})).
   */
  passages(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<PassageView> {
    const buffer: PassageView[] = [];
    let wake: (() => void) | null = null;
    let failure: unknown = null;
    let started: Promise<void> | null = null;
    let finished = false;
    const unsubscribe: Array<() => void> = [];
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const onAbort = () => {
      failure ??= options.signal?.reason;
      notify();
    };
    const subscribe = () => {
      unsubscribe.push(
        this.onEvent((e) => {
          if (e.type !== 'passage') return;
          buffer.push(e.passage);
          notify();
        }),
        this.onClose((e) => {
          failure ??= e;
          notify();
        }),
      );
      options.signal?.addEventListener('abort', onAbort, { once: true });
      unsubscribe.push(() => options.signal?.removeEventListener('abort', onAbort));
    };
    const stop = async () => {
      if (finished) return;
      finished = true;
      for (const u of unsubscribe.splice(0)) u();
      if (started && !this.closed) await this.call(Command.ACCESS_STREAM, { enable: false }, {}).catch(() => {});
    };
    const iterator: AsyncIterableIterator<PassageView> = {
      next: async () => {
        if (finished) return { done: true, value: undefined };
        if (!started) {
          subscribe(); // before the stream starts, so that no passage is missed
          started = this.call(Command.ACCESS_STREAM, { enable: true }, options.signal ? { signal: options.signal } : {}).then(() => {});
        }
        try {
          await started;
        } catch (e) {
          await stop();
          throw e;
        }
        while (buffer.length === 0 && failure === null) await new Promise<void>((r) => (wake = r));
        if (buffer.length > 0) return { done: false, value: buffer.shift() as PassageView };
        await stop();
        throw failure;
      },
      return: async () => {
        await stop();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  private get lang(): Lang {
    return this.o.lang ?? 'en';
  }

  private verifyOptions(cert: Uint8Array | undefined) {
    const v: Parameters<typeof verifyReceipt>[1] = { issuerRoot: this.o.issuerRoot, crypto: this.crypto, lang: this.lang };
    if (cert) v.readerCertificate = cert;
    if (this.o.categoryOf !== undefined) v.categoryOf = this.o.categoryOf;
    return v;
  }

  /** The reader certificate, from the cached info (read again once if absent). */
  private async certificate(options: CallOptions): Promise<Uint8Array | undefined> {
    if (!this.cached?.certificate) await this.info(options.signal ? { signal: options.signal } : {});
    return this.cached?.certificate;
  }

  /** A verified receipt that answers another request than ours: a reader fault, never accepted. */
  private foreign(receipt: Receipt, what: string): never {
    throw new DeviceStatusError(Status.RECEIPT_INVALID, {
      source: 'host',
      details: { receipt: receipt.bytes },
      message: `The reader answered with the receipt of ${what} (request id ${receipt.requestId}): keep it, and report the reader to its supplier.`,
    });
  }

  /**
   * Attach the reader certificate and verify (and when `requestId` is given, check the receipt
   * answers it); a receipt that fails is reported with its bytes.
   */
  private verify(bytes: Uint8Array, requestId?: Uint8Array): Receipt {
    const cert = this.cached?.certificate;
    const full = cert ? attachReaderCertificate(bytes, cert) : bytes;
    let receipt: Receipt;
    try {
      receipt = verifyReceipt(full, this.verifyOptions(cert));
    } catch (e) {
      if (e instanceof DeviceStatusError) {
        throw new DeviceStatusError(e.code, { source: 'host', details: { ...e.details, receipt: full }, message: e.message, cause: e });
      }
      throw e;
    }
    if (requestId !== undefined && receipt.requestId !== toHex(requestId)) this.foreign(receipt, 'another request');
    return receipt;
  }

  private eventView(payload: Uint8Array, counter: number): ReaderEventView | null {
    let lost = 0;
    if (this.eventSync !== this.link.syncCount) {
      this.eventSync = this.link.syncCount;
      this.lastCounter = -1;
    }
    if (this.lastCounter >= 0) lost = (counter - this.lastCounter - 1) & 0xff;
    this.lastCounter = counter;
    let e;
    try {
      e = decodeEvent(payload);
    } catch {
      this.o.onLog?.('malformed EVENT ignored');
      return null;
    }
    if (e.event === EventCode.PASSAGE && e.data) {
      const passage = passageView(e.data as unknown as Passage);
      if (lost > 0) passage.eventsLost = lost;
      return { type: 'passage', passage };
    }
    if (e.event === EventCode.CARD_PRESENT) return { type: 'card-present' };
    if (e.event === EventCode.CARD_REMOVED) return { type: 'card-removed' };
    return { type: 'unknown', code: e.event };
  }

  /** Encode, queue, send, decode; a failing status becomes a DeviceStatusError. */
  private call<C extends keyof ArgsOf & keyof ResultOf>(command: C, args: ArgsOf[C], options: CallOptions, benefit?: number): Promise<ResultOf[C]> {
    return this.queue.run(async () => {
      let payload: Uint8Array;
      try {
        payload = encodeRequest(command, args);
      } catch (e) {
        throw fromCodedError(e, benefit);
      }
      const requestOptions: Parameters<UsbLink['request']>[1] = {};
      if (options.signal) requestOptions.signal = options.signal;
      if (options.timeoutMs !== undefined) requestOptions.timeoutMs = options.timeoutMs;
      const onProgress = options.onProgress;
      if (onProgress) requestOptions.onKeepalive = (p, d) => onProgress(progressOf(p, d));
      const res = await this.link.request(payload, requestOptions);
      let r;
      try {
        r = decodeResponse(command, res.payload);
      } catch (e) {
        const coded = fromCodedError(e, benefit);
        if (coded instanceof DeviceStatusError) {
          throw new DeviceStatusError(coded.code, {
            source: 'host',
            message: `The reader sent a malformed response: update the reader firmware or the till software. (${(e as Error).message})`,
            cause: e,
          });
        }
        throw coded;
      }
      if (r.status !== Status.OK) {
        if (r.status === Status.CANCELLED && res.cancelReason !== undefined) throw res.cancelReason;
        const o: { details?: Record<string, unknown>; benefit?: number } = {};
        if (r.details) o.details = r.details;
        if (benefit !== undefined) o.benefit = benefit;
        throw new DeviceStatusError(r.status, o);
      }
      return (r.result ?? {}) as unknown as ResultOf[C];
    }, options.signal);
  }
}
