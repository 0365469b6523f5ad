/**
 * A small USB descriptor reader for the tests, written from the specifications
 * and independent of firmware/usb (it shares no code with the generator).
 */

/** Little-endian 16-bit field at `p`. */
export function le16(b: Uint8Array, p: number): number {
  if (p + 2 > b.length) throw new Error(`le16 past the end at ${p}`);
  return b[p] | (b[p + 1] << 8);
}

/** Little-endian 32-bit field at `p` (unsigned). */
export function le32(b: Uint8Array, p: number): number {
  if (p + 4 > b.length) throw new Error(`le32 past the end at ${p}`);
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

/** UTF-16LE text of `b[start..end)` (must be an even count of bytes). */
export function utf16le(b: Uint8Array, start: number, end: number): string {
  if ((end - start) % 2 !== 0) throw new Error('odd UTF-16LE byte count');
  let s = '';
  for (let p = start; p < end; p += 2) s += String.fromCharCode(le16(b, p));
  return s;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/**
 * The GUID at `p` in the Windows/USB binary layout (Data1 32-bit LE, Data2 and
 * Data3 16-bit LE, Data4 eight bytes in order), as the lower-case text form.
 */
export function guidAt(b: Uint8Array, p: number): string {
  const d1 = le32(b, p).toString(16).padStart(8, '0');
  const d2 = le16(b, p + 4).toString(16).padStart(4, '0');
  const d3 = le16(b, p + 6).toString(16).padStart(4, '0');
  let d4 = '';
  for (let i = 8; i < 16; i++) d4 += hex2(b[p + i]);
  return `${d1}-${d2}-${d3}-${d4.slice(0, 4)}-${d4.slice(4)}`;
}

/** One descriptor found in a chain: where it starts, its bLength and bDescriptorType. */
export interface Found {
  offset: number;
  length: number;
  type: number;
  bytes: Uint8Array;
}

/**
 * Split a chain of standard descriptors (bLength, bDescriptorType, ...) as found
 * in a configuration or BOS answer. Throws when a bLength is < 2 or runs past the end.
 */
export function walk(b: Uint8Array): Found[] {
  const out: Found[] = [];
  let p = 0;
  while (p < b.length) {
    const length = b[p];
    if (length < 2 || p + length > b.length) throw new Error(`bad bLength ${length} at ${p}`);
    out.push({ offset: p, length, type: b[p + 1], bytes: b.subarray(p, p + length) });
    p += length;
  }
  return out;
}

/** A MS OS 2.0 descriptor: wLength, wDescriptorType and its bytes. */
export interface MsFound {
  offset: number;
  length: number;
  type: number;
  bytes: Uint8Array;
}

/** Split an MS OS 2.0 descriptor set (16-bit wLength and wDescriptorType headers). */
export function walkMsOs20(b: Uint8Array): MsFound[] {
  const out: MsFound[] = [];
  let p = 0;
  while (p < b.length) {
    const length = le16(b, p);
    if (length < 4 || p + length > b.length) throw new Error(`bad wLength ${length} at ${p}`);
    out.push({ offset: p, length, type: le16(b, p + 2), bytes: b.subarray(p, p + length) });
    p += length;
  }
  return out;
}

/** Bytes of a hex string with optional spaces. */
export function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

/** Lower-case hex of bytes. */
export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
