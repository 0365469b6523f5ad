/**
 * The packing of the precomputed descriptors (precomputed.ts, written by
 * test/usb/precomputed.ts): parts separated by `|`; even parts are hex bytes,
 * odd parts printable ASCII text stored as UTF-16LE (each character, then 0).
 */

/** The bytes of a packed descriptor: a fresh array. */
export function unpackDescriptor(packed: string): Uint8Array {
  const parts = packed.split('|');
  const bytes: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    for (let j = 0; j < s.length; j += i & 1 ? 1 : 2) {
      if (i & 1) bytes.push(s.charCodeAt(j), 0);
      else bytes.push(parseInt(s.substring(j, j + 2), 16));
    }
  }
  return new Uint8Array(bytes);
}
