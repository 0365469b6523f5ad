/**
 * BridgeUsb: a navigator.usb-like object whose devices are the readers of a
 * bridge server, reached over a WebSocket. Its USBDevice objects are the same
 * VirtualUsbDevice class as in-process devices (one implementation of the
 * WebUSB rules); only their backend differs: each operation is a request to
 * the server, which runs it on a host handle of the gadget.
 *
 * Written against the standard WebSocket interface, so it runs in a browser
 * page as is, and in Node 20 given a WebSocket class (the `ws` package's):
 *   const usb = await BridgeUsb.connect(url, { WebSocket });
 * Browser-safe: imports no Node module and nothing from firmware/.
 */
import type { TransferOutcome, UsbDeviceBackend } from '../usb/backend.js';
import { UsbContext, type UsbContextOptions } from '../usb/context.js';
import { BackendError, type BackendFailure } from '../usb/errors.js';
import type { ControlSetup, UsbDeviceInfo } from '../usb/info.js';
import {
  BRIDGE_PROTOCOL,
  BinaryKind,
  decodeInResult,
  encodeTransferOut,
  toHex,
  type ClientMessage,
  type ReaderListing,
  type ServerMessage,
} from './protocol.js';

/** The part of the standard WebSocket interface the client uses. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** A WebSocket class: the browser's, or `ws`'s in Node. */
export type WebSocketConstructor = new (url: string) => any;

/** Options of BridgeUsb.connect. */
export interface BridgeUsbOptions extends UsbContextOptions {
  /** The WebSocket class to use; default the global one (browsers, Node 22+). */
  WebSocket?: WebSocketConstructor;
}

type CallBody = DistributiveOmit<Extract<ClientMessage, { t: 'call' }>, 'id' | 'session' | 't'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Waiting {
  resolve(m: { session?: number; outcome?: TransferOutcome }): void;
  reject(e: BackendError): void;
}

/** The socket and its request/response bookkeeping. */
class Connection {
  readonly #ws: WebSocketLike;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;
  #open = true;
  onServerMessage: (m: ServerMessage) => void = () => {};
  onClosed: () => void = () => {};

  constructor(ws: WebSocketLike) {
    this.#ws = ws;
  }

  get open(): boolean {
    return this.#open;
  }

  /** A message from the server (text or binary). */
  receive(data: unknown): void {
    if (typeof data === 'string') {
      const m = JSON.parse(data) as ServerMessage;
      if (m.t === 'result') {
        const outcome = m.status !== undefined ? { status: m.status, bytesWritten: m.bytesWritten } : undefined;
        this.#settle(m.id)?.resolve({ session: m.session, outcome });
      } else if (m.t === 'error') {
        const failure: BackendFailure = m.failure === 'protocol' ? 'failed' : m.failure;
        this.#settle(m.id)?.reject(new BackendError(failure, m.message));
      } else {
        this.onServerMessage(m);
      }
      return;
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    if (!bytes || bytes[0] !== BinaryKind.IN_RESULT) return;
    const r = decodeInResult(bytes);
    if (r) this.#settle(r.id)?.resolve({ outcome: { status: r.status, data: new Uint8Array(r.data) } });
  }

  /** The socket closed: every pending request fails 'disconnected'. */
  closed(): void {
    if (!this.#open) return;
    this.#open = false;
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const w of waiting) w.reject(new BackendError('disconnected', 'The bridge connection was closed.'));
    this.onClosed();
  }

  close(): void {
    this.#ws.close(1000, 'client closed');
    this.closed();
  }

  /** Send a JSON request (or a prepared binary one) and wait for its answer. */
  request(build: (id: number) => ClientMessage | Uint8Array): Promise<{ session?: number; outcome?: TransferOutcome }> {
    if (!this.#open) return Promise.reject(new BackendError('disconnected', 'The bridge connection was closed.'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      const m = build(id);
      this.#ws.send(m instanceof Uint8Array ? m : JSON.stringify(m));
    });
  }

  /** Send a message that has no answer. */
  notify(m: ClientMessage): void {
    if (this.#open) this.#ws.send(JSON.stringify(m));
  }

  #settle(id: number): Waiting | undefined {
    const w = this.#waiting.get(id);
    this.#waiting.delete(id);
    return w;
  }
}

/** A host handle on one reader of the bridge (the backend of one USBDevice). */
class RemoteBackend implements UsbDeviceBackend {
  readonly info: UsbDeviceInfo;
  readonly activeConfiguration: number | null;
  readonly #conn: Connection;
  readonly #reader: ReaderListing;
  #session: Promise<number> | null = null;
  #disconnectCallbacks: Array<() => void> = [];
  #dead = false;

  constructor(conn: Connection, reader: ReaderListing) {
    this.#conn = conn;
    this.#reader = reader;
    this.info = reader.info;
    this.activeConfiguration = reader.configuration;
  }

  onDisconnect(cb: () => void): void {
    if (!this.#dead) this.#disconnectCallbacks.push(cb);
  }

  /** The reader went away or the connection closed. */
  kill(): void {
    if (this.#dead) return;
    this.#dead = true;
    const cbs = this.#disconnectCallbacks;
    this.#disconnectCallbacks = [];
    for (const cb of cbs) cb();
  }

  dispose(): void {
    const session = this.#session;
    this.#dead = true;
    this.#disconnectCallbacks = [];
    if (session) session.then((s) => this.#conn.notify({ t: 'detach', session: s }), () => {});
  }

  /** The server session of this handle, attached on first use. */
  #sessionId(): Promise<number> {
    if (this.#dead) return Promise.reject(new BackendError('disconnected', 'The device is not connected.'));
    if (!this.#session) {
      this.#session = this.#conn
        .request((id) => ({ t: 'attach', id, reader: this.#reader.name, generation: this.#reader.generation }))
        .then((r) => r.session as number);
    }
    return this.#session;
  }

  async #call(body: CallBody): Promise<TransferOutcome | undefined> {
    const session = await this.#sessionId();
    const r = await this.#conn.request((id) => ({ ...body, t: 'call', id, session }) as ClientMessage);
    return r.outcome;
  }

  async #outcome(body: CallBody): Promise<TransferOutcome> {
    const r = await this.#call(body);
    if (!r) throw new BackendError('transfer-error', 'the bridge answered without a transfer result');
    return r;
  }

  async open(): Promise<void> {
    await this.#call({ op: 'open' });
  }
  async close(): Promise<void> {
    await this.#call({ op: 'close' });
  }
  async reset(): Promise<void> {
    await this.#call({ op: 'reset' });
  }
  async selectConfiguration(value: number): Promise<void> {
    await this.#call({ op: 'selectConfiguration', value });
  }
  async claimInterface(value: number): Promise<void> {
    await this.#call({ op: 'claimInterface', value });
  }
  async releaseInterface(value: number): Promise<void> {
    await this.#call({ op: 'releaseInterface', value });
  }
  async selectAlternateInterface(value: number, alternate: number): Promise<void> {
    await this.#call({ op: 'selectAlternateInterface', value, alternate });
  }
  controlTransferIn(setup: ControlSetup): Promise<TransferOutcome> {
    return this.#outcome({ op: 'controlTransferIn', setup });
  }
  controlTransferOut(setup: ControlSetup, data: Uint8Array): Promise<TransferOutcome> {
    return this.#outcome({ op: 'controlTransferOut', setup, data: toHex(data) });
  }
  transferIn(endpoint: number, length: number): Promise<TransferOutcome> {
    return this.#outcome({ op: 'transferIn', endpoint, length });
  }
  async transferOut(endpoint: number, data: Uint8Array): Promise<TransferOutcome> {
    const session = await this.#sessionId();
    const r = await this.#conn.request((id) => encodeTransferOut(id, session, endpoint, data));
    if (!r.outcome) throw new BackendError('transfer-error', 'the bridge answered without a transfer result');
    return r.outcome;
  }
  async clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void> {
    await this.#call({ op: 'clearHalt', direction, endpoint });
  }
}

/** navigator.usb over the readers of a bridge server. */
export class BridgeUsb extends UsbContext {
  /** The server's URL. */
  readonly url: string;
  readonly #conn: Connection;
  readonly #readers = new Map<string, ReaderListing>();
  readonly #backends = new Map<string, Set<RemoteBackend>>();
  #onClose: Array<() => void> = [];

  private constructor(url: string, conn: Connection, welcome: Extract<ServerMessage, { t: 'welcome' }>, options: UsbContextOptions) {
    super(options);
    this.url = url;
    this.#conn = conn;
    conn.onServerMessage = (m) => this.#onServerMessage(m);
    conn.onClosed = () => {
      for (const name of [...this.#backends.keys()]) this.#readerGone(name);
      for (const cb of this.#onClose.splice(0)) cb();
    };
    for (const r of welcome.readers) this.#onServerMessage({ t: 'plug', reader: r });
  }

  /**
   * Connect to the bridge at `url` (ws://127.0.0.1:<port>); resolves once the
   * server's welcome (the reader list) arrived. Rejects when the connection
   * fails or the server speaks another protocol version.
   */
  static connect(url: string, options: BridgeUsbOptions = {}): Promise<BridgeUsb> {
    const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) return Promise.reject(new Error('no WebSocket class: pass options.WebSocket (e.g. the ws package) in Node 20'));
    const ws = new Ctor(url) as WebSocketLike;
    ws.binaryType = 'arraybuffer';
    const conn = new Connection(ws);
    return new Promise<BridgeUsb>((resolve, reject) => {
      let usb: BridgeUsb | null = null;
      ws.onmessage = (ev) => {
        if (usb) {
          try {
            conn.receive(ev.data);
          } catch {
            ws.close(1002, 'malformed message'); // a server that does not speak the protocol
            conn.closed();
          }
          return;
        }
        try {
          const m = JSON.parse(String(ev.data)) as ServerMessage;
          if (m.t !== 'welcome' || m.protocol !== BRIDGE_PROTOCOL) throw new Error('not a reader bridge (protocol mismatch)');
          usb = new BridgeUsb(url, conn, m, options);
          resolve(usb);
        } catch (e) {
          ws.close(1002, 'protocol mismatch');
          reject(e);
        }
      };
      ws.onclose = () => {
        conn.closed();
        if (!usb) reject(new Error(`bridge connection to ${url} closed`));
      };
      ws.onerror = () => {
        if (!usb) reject(new Error(`cannot connect to the bridge at ${url}`));
      };
    });
  }

  /** The readers the server announced (plugged or not), by name. */
  get readers(): ReaderListing[] {
    return [...this.#readers.values()];
  }

  /** True while the WebSocket is open. */
  get connected(): boolean {
    return this.#conn.open;
  }

  /** Call `cb` once the connection is closed (by either side). */
  onClose(cb: () => void): void {
    if (!this.#conn.open) cb();
    else this.#onClose.push(cb);
  }

  /** Close the connection: every device of this context disconnects. */
  close(): void {
    this.#conn.close();
  }

  override dispose(): void {
    super.dispose();
    this.#conn.close();
  }

  #onServerMessage(m: ServerMessage): void {
    if (m.t === 'plug') {
      this.#readers.set(m.reader.name, m.reader);
      if (!m.reader.plugged) return;
      this.#readerGone(m.reader.name);
      const reader = m.reader;
      const backends = new Set<RemoteBackend>();
      this.#backends.set(reader.name, backends);
      this.deviceConnected(reader.name, () => {
        const b = new RemoteBackend(this.#conn, reader);
        backends.add(b);
        return b;
      });
    } else if (m.t === 'unplug') {
      const r = this.#readers.get(m.name);
      if (r) this.#readers.set(m.name, { ...r, plugged: false });
      this.#readerGone(m.name);
    }
  }

  #readerGone(name: string): void {
    const backends = this.#backends.get(name);
    if (!backends) return;
    this.#backends.delete(name);
    for (const b of backends) b.kill();
    this.deviceDisconnected(name);
  }
}
