/**
 * The bridge protocol (simulator/bridge/README.md): JSON text messages for
 * control, binary messages for bulk data. Shared by the server (Node) and the
 * client (browser or Node). Browser-safe.
 */
import type { BackendFailure } from '../usb/errors.js';
import type { ControlSetup, UsbDeviceInfo } from '../usb/info.js';
import type { TransferStatus } from '../usb/backend.js';

/** Version carried in the welcome message. */
export const BRIDGE_PROTOCOL = 1;

/** One reader as the server lists it. */
export interface ReaderListing {
  name: string;
  plugged: boolean;
  /** Increments on every plug; handles of an older generation are gone. */
  generation: number;
  /** bConfigurationValue active on the device (what a new USBDevice object starts with). */
  configuration: number | null;
  /** The enumerated descriptors. */
  info: UsbDeviceInfo;
}

/** Backend operations a client calls on a session (UsbDeviceBackend methods). */
export type CallOp =
  | 'open'
  | 'close'
  | 'reset'
  | 'selectConfiguration'
  | 'claimInterface'
  | 'releaseInterface'
  | 'selectAlternateInterface'
  | 'controlTransferIn'
  | 'controlTransferOut'
  | 'transferIn'
  | 'clearHalt';

/** Client to server, JSON. */
export type ClientMessage =
  | { t: 'attach'; id: number; reader: string; generation: number }
  | { t: 'detach'; session: number }
  | { t: 'call'; id: number; session: number; op: 'open' | 'close' | 'reset' }
  | { t: 'call'; id: number; session: number; op: 'selectConfiguration' | 'claimInterface' | 'releaseInterface'; value: number }
  | { t: 'call'; id: number; session: number; op: 'selectAlternateInterface'; value: number; alternate: number }
  | { t: 'call'; id: number; session: number; op: 'controlTransferIn'; setup: ControlSetup }
  | { t: 'call'; id: number; session: number; op: 'controlTransferOut'; setup: ControlSetup; data: string }
  | { t: 'call'; id: number; session: number; op: 'transferIn'; endpoint: number; length: number }
  | { t: 'call'; id: number; session: number; op: 'clearHalt'; direction: 'in' | 'out'; endpoint: number };

/** Server to client, JSON. */
export type ServerMessage =
  | { t: 'welcome'; protocol: number; readers: ReaderListing[] }
  | { t: 'plug'; reader: ReaderListing }
  | { t: 'unplug'; name: string; generation: number }
  | { t: 'result'; id: number; session?: number; status?: TransferStatus; bytesWritten?: number }
  | { t: 'error'; id: number; failure: BackendFailure | 'protocol'; message: string };

/** Binary message kinds (first byte). */
export const BinaryKind = {
  /** Client to server: a bulk OUT transfer. 01 | id u32 | session u32 | endpoint u8 | data */
  TRANSFER_OUT: 0x01,
  /** Server to client: an IN transfer's result. 02 | id u32 | status u8 | data */
  IN_RESULT: 0x02,
} as const;

/** Header sizes of the binary messages. */
export const OUT_HEADER = 10;
export const IN_HEADER = 6;

/** Largest data a binary message may carry (a transfer of more is refused). */
export const MAX_TRANSFER = 65536;

const STATUS_CODES: TransferStatus[] = ['ok', 'stall', 'babble'];

/** Encode a TRANSFER_OUT message. */
export function encodeTransferOut(id: number, session: number, endpoint: number, data: Uint8Array): Uint8Array {
  const m = new Uint8Array(OUT_HEADER + data.length);
  const v = new DataView(m.buffer);
  m[0] = BinaryKind.TRANSFER_OUT;
  v.setUint32(1, id >>> 0);
  v.setUint32(5, session >>> 0);
  m[9] = endpoint & 0xff;
  m.set(data, OUT_HEADER);
  return m;
}

/** Decode a TRANSFER_OUT message, or null when malformed. */
export function decodeTransferOut(m: Uint8Array): { id: number; session: number; endpoint: number; data: Uint8Array } | null {
  if (m.length < OUT_HEADER || m[0] !== BinaryKind.TRANSFER_OUT) return null;
  const v = new DataView(m.buffer, m.byteOffset, m.byteLength);
  return { id: v.getUint32(1), session: v.getUint32(5), endpoint: m[9], data: m.subarray(OUT_HEADER) };
}

/** Encode an IN_RESULT message. */
export function encodeInResult(id: number, status: TransferStatus, data: Uint8Array): Uint8Array {
  const m = new Uint8Array(IN_HEADER + data.length);
  new DataView(m.buffer).setUint32(1, id >>> 0);
  m[0] = BinaryKind.IN_RESULT;
  m[5] = STATUS_CODES.indexOf(status);
  m.set(data, IN_HEADER);
  return m;
}

/** Decode an IN_RESULT message, or null when malformed. */
export function decodeInResult(m: Uint8Array): { id: number; status: TransferStatus; data: Uint8Array } | null {
  if (m.length < IN_HEADER || m[0] !== BinaryKind.IN_RESULT || m[5] >= STATUS_CODES.length) return null;
  const v = new DataView(m.buffer, m.byteOffset, m.byteLength);
  return { id: v.getUint32(1), status: STATUS_CODES[m[5]], data: m.subarray(IN_HEADER) };
}

/** Lower-case hex of bytes (control OUT data in JSON). */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

/** Bytes of a hex string, or null when it is not hex. */
export function fromHex(s: string): Uint8Array | null {
  if (typeof s !== 'string' || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
  return out;
}
