/**
 * The packing of the precomputed descriptors (precomputed.ts, written by
 * test/usb/precomputed.ts): parts separated by `|`; even parts are hex bytes,
 * odd parts ASCII text stored as UTF-16LE.
 */
import { putUtf16 } from './write.js';

/** The bytes of a packed descriptor: a fresh array. */
export function unpackDescriptor(packed: string): Uint8Array {
  const parts = packed.split('|');
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += i & 1 ? 2 * parts[i].length : parts[i].length >> 1;
  const out = new Uint8Array(n);
  let p = 0;
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    if (i & 1) p = putUtf16(out, p, s);
    else for (let j = 0; j < s.length; j += 2) out[p++] = parseInt(s.substring(j, j + 2), 16);
  }
  return out;
}
