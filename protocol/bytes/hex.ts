/** Hexadecimal text <-> bytes, for vectors, logs and debugging (not for the hot path). */
import { Status } from '../status.js';
import { codedError } from '../errors.js';

/** Lower-case hex of `bytes` (two digits per byte, no separators). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (0x100 | bytes[i]).toString(16).substring(1);
  return s;
}

/** Value of one hex digit (char code), or -1. */
function digit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/** Bytes of a hex string (either case, no separators); throws BAD_REQUEST if malformed. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw codedError(Status.BAD_REQUEST, 'odd hex length');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const h = digit(hex.charCodeAt(2 * i));
    const l = digit(hex.charCodeAt(2 * i + 1));
    if (h < 0 || l < 0) throw codedError(Status.BAD_REQUEST, 'bad hex digit', 2 * i);
    out[i] = (h << 4) | l;
  }
  return out;
}
