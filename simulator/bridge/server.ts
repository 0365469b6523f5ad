/**
 * The bridge server: a WebSocket server on 127.0.0.1 that lets a till in
 * another process, or a browser page, use simulated readers (UsbGadgets).
 * Each client gets its own host handles (sessions) on the gadgets, so the
 * gadget's rule of one claim owner per interface holds across clients.
 * Protocol: README.md in this folder. Node only (uses the `ws` package).
 */
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { TransferOutcome, UsbDeviceBackend } from '../usb/backend.js';
import { isBackendError } from '../usb/errors.js';
import type { UsbGadget } from '../usb/gadget.js';
import type { ControlSetup } from '../usb/info.js';
import {
  BRIDGE_PROTOCOL,
  MAX_TRANSFER,
  decodeTransferOut,
  encodeInResult,
  fromHex,
  type ReaderListing,
  type ServerMessage,
} from './protocol.js';

/** Options of startBridge. */
export interface BridgeOptions {
  /** Must be '127.0.0.1' (the default): the bridge never listens on another interface. */
  host?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** The readers to serve, by name. */
  readers: Map<string, UsbGadget> | Record<string, UsbGadget>;
  /**
   * Page origins allowed besides loopback ones (http(s)://127.0.0.1, localhost, [::1]
   * on any port). Clients without an Origin header (Node programs) are always allowed.
   */
  allowedOrigins?: string[];
}

/** A running bridge. */
export interface BridgeServer {
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Number of connected clients. */
  readonly clientCount: number;
  /** Disconnect every client, release their claims and stop listening. */
  close(): Promise<void>;
}

/** Requests a client may have in progress at once (a pending transferIn counts). */
const MAX_OUTSTANDING = 256;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an Origin a loopback page has, or one listed in `allowed`. */
function originAllowed(origin: string | undefined, allowed: string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

/** True when the Host header names this loopback server (defeats DNS rebinding). */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

const isByte = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xff;
const isU16 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffff;
const isU32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;

function isSetup(s: unknown): s is ControlSetup {
  if (s === null || typeof s !== 'object') return false;
  const o = s as Record<string, unknown>;
  return isByte(o.bmRequestType) && isByte(o.bRequest) && isU16(o.wValue) && isU16(o.wIndex) && isU16(o.wLength);
}

class ProtocolError extends Error {}

/** The readers as a list of [name, gadget]. */
function readerEntries(readers: BridgeOptions['readers']): Array<[string, UsbGadget]> {
  return readers instanceof Map ? [...readers] : Object.entries(readers);
}

function listing(name: string, g: UsbGadget): ReaderListing {
  return { name, plugged: g.plugged, generation: g.generation, configuration: g.activeConfiguration, info: g.info };
}

/** One connected client: its sessions on the gadgets. */
class Client {
  readonly #ws: WebSocket;
  readonly #gadgets: Map<string, UsbGadget>;
  readonly #sessions = new Map<number, UsbDeviceBackend>();
  #nextSession = 1;
  #outstanding = 0;
  #closed = false;

  constructor(ws: WebSocket, gadgets: Map<string, UsbGadget>) {
    this.#ws = ws;
    this.#gadgets = gadgets;
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
    this.send({ t: 'welcome', protocol: BRIDGE_PROTOCOL, readers: [...gadgets].map(([n, g]) => listing(n, g)) });
  }

  send(m: ServerMessage | Uint8Array): void {
    if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return;
    this.#ws.send(m instanceof Uint8Array ? m : JSON.stringify(m));
  }

  /** Drop every session of this client (releases its claims, cancels its transfers). */
  dispose(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of this.#sessions.values()) s.dispose();
    this.#sessions.clear();
  }

  terminate(): void {
    this.dispose();
    this.#ws.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    try {
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (isBinary) this.#onBinary(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      else this.#onJson(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>);
    } catch (e) {
      // A client that does not speak the protocol is disconnected.
      this.#ws.close(1008, e instanceof ProtocolError ? e.message : 'malformed message');
      this.dispose();
    }
  }

  #onBinary(m: Uint8Array): void {
    const out = decodeTransferOut(m);
    if (!out) throw new ProtocolError('unknown binary message');
    if (out.data.length > MAX_TRANSFER) throw new ProtocolError('transfer too long');
    const data = new Uint8Array(out.data); // own copy: the socket's buffer may be reused
    this.#run(out.id, out.session, (s) => s.transferOut(out.endpoint, data));
  }

  #onJson(m: Record<string, unknown>): void {
    if (m.t === 'detach') {
      if (!isU32(m.session)) throw new ProtocolError('bad detach');
      this.#sessions.get(m.session)?.dispose();
      this.#sessions.delete(m.session);
      return;
    }
    if (!isU32(m.id)) throw new ProtocolError('missing id');
    const id = m.id;
    if (m.t === 'attach') {
      const g = typeof m.reader === 'string' ? this.#gadgets.get(m.reader) : undefined;
      if (!g) return this.send({ t: 'error', id, failure: 'protocol', message: `no reader ${String(m.reader)}` });
      if (!g.plugged || g.generation !== m.generation) {
        return this.send({ t: 'error', id, failure: 'disconnected', message: 'The device is not connected.' });
      }
      const session = this.#nextSession++;
      this.#sessions.set(session, g.attach());
      return this.send({ t: 'result', id, session });
    }
    if (m.t !== 'call' || !isU32(m.session)) throw new ProtocolError('unknown message');
    this.#run(id, m.session, (s) => this.#call(s, m));
  }

  #call(s: UsbDeviceBackend, m: Record<string, unknown>): Promise<TransferOutcome | void> {
    switch (m.op) {
      case 'open':
        return s.open();
      case 'close':
        return s.close();
      case 'reset':
        return s.reset();
      case 'selectConfiguration':
        if (!isByte(m.value)) break;
        return s.selectConfiguration(m.value);
      case 'claimInterface':
        if (!isByte(m.value)) break;
        return s.claimInterface(m.value);
      case 'releaseInterface':
        if (!isByte(m.value)) break;
        return s.releaseInterface(m.value);
      case 'selectAlternateInterface':
        if (!isByte(m.value) || !isByte(m.alternate)) break;
        return s.selectAlternateInterface(m.value, m.alternate);
      case 'controlTransferIn':
        if (!isSetup(m.setup)) break;
        return s.controlTransferIn(m.setup);
      case 'controlTransferOut': {
        const data = fromHex(m.data as string);
        if (!isSetup(m.setup) || data === null) break;
        return s.controlTransferOut(m.setup, data);
      }
      case 'transferIn':
        if (!isByte(m.endpoint) || !isU32(m.length) || (m.length as number) > MAX_TRANSFER) break;
        return s.transferIn(m.endpoint, m.length as number);
      case 'clearHalt':
        if ((m.direction !== 'in' && m.direction !== 'out') || !isByte(m.endpoint)) break;
        return s.clearHalt(m.direction, m.endpoint);
    }
    throw new ProtocolError(`bad call ${String(m.op)}`);
  }

  /** Run a session operation and answer request `id` with its outcome. */
  #run(id: number, session: number, op: (s: UsbDeviceBackend) => Promise<TransferOutcome | void>): void {
    const s = this.#sessions.get(session);
    if (!s) {
      this.send({ t: 'error', id, failure: 'disconnected', message: 'no such session' });
      return;
    }
    if (this.#outstanding >= MAX_OUTSTANDING) throw new ProtocolError('too many outstanding requests');
    this.#outstanding++;
    op(s).finally(() => this.#outstanding--).then(
      (r) => {
        if (r && r.data !== undefined) this.send(encodeInResult(id, r.status, r.data));
        else if (r) this.send({ t: 'result', id, status: r.status, bytesWritten: r.bytesWritten ?? 0 });
        else this.send({ t: 'result', id });
      },
      (e: unknown) => {
        if (isBackendError(e)) this.send({ t: 'error', id, failure: e.failure, message: e.message });
        else this.send({ t: 'error', id, failure: 'transfer-error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }
}

/**
 * Start a bridge serving `readers` on ws://127.0.0.1:<port>. Throws when
 * `host` is anything but 127.0.0.1. Clients from a page whose origin is not a
 * loopback one (or listed in allowedOrigins) are refused with HTTP 403, as are
 * requests whose Host header is not 127.0.0.1:<port> or localhost:<port>.
 */
export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`the bridge listens on 127.0.0.1 only, not ${host}`);
  const gadgets = new Map(readerEntries(options.readers));
  const allowed = options.allowedOrigins ?? [];
  const clients = new Set<Client>();
  let port = 0;

  const wss = new WebSocketServer({
    host,
    port: options.port ?? 0,
    maxPayload: MAX_TRANSFER + 64,
    verifyClient: (info: { origin: string; req: IncomingMessage }, done: (ok: boolean, code?: number, reason?: string) => void) => {
      const ok = hostAllowed(info.req.headers.host, port) && originAllowed(info.req.headers.origin, allowed);
      if (ok) done(true);
      else done(false, 403, 'Forbidden');
    },
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });
  wss.on('error', () => {}); // after listening, errors surface on the client sockets
  const address = wss.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;

  const unsubscribe = [...gadgets].map(([name, g]) =>
    g.onPlugChange((plugged) => {
      const m: ServerMessage = plugged ? { t: 'plug', reader: listing(name, g) } : { t: 'unplug', name, generation: g.generation };
      for (const c of clients) c.send(m);
    }),
  );

  wss.on('connection', (ws) => {
    const client = new Client(ws, gadgets);
    clients.add(client);
    ws.on('close', () => clients.delete(client));
  });

  let closing: Promise<void> | null = null;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    get clientCount() {
      return clients.size;
    },
    close() {
      if (closing) return closing;
      for (const u of unsubscribe) u();
      for (const c of clients) c.terminate();
      clients.clear();
      closing = new Promise<void>((resolve) => wss.close(() => resolve()));
      return closing;
    },
  };
}
