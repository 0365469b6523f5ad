/** Little-endian writers for USB descriptors (every USB field is little-endian). */

/** Write the 16-bit `v` at `p`, low byte first. */
export function put16(out: Uint8Array, p: number, v: number): void {
  out[p] = v & 0xff;
  out[p + 1] = (v >>> 8) & 0xff;
}

/** Write the 32-bit `v` at `p`, low byte first. */
export function put32(out: Uint8Array, p: number, v: number): void {
  out[p] = v & 0xff;
  out[p + 1] = (v >>> 8) & 0xff;
  out[p + 2] = (v >>> 16) & 0xff;
  out[p + 3] = (v >>> 24) & 0xff;
}

/** Copy the byte values of `bytes` to `out` from `p`; returns the offset after them. */
export function putBytes(out: Uint8Array, p: number, bytes: number[]): number {
  for (let i = 0; i < bytes.length; i++) out[p + i] = bytes[i];
  return p + bytes.length;
}

/**
 * Write the UTF-16 code units of `s` little-endian (UTF-16LE, as USB string
 * descriptors and Windows registry strings are); returns the offset after them.
 */
export function putUtf16(out: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[p++] = c & 0xff;
    out[p++] = (c >>> 8) & 0xff;
  }
  return p;
}
