/**
 * CRC-32 as in IEEE 802.3 and zlib: reflected polynomial 0xEDB88320, initial
 * value 0xFFFFFFFF, final xor 0xFFFFFFFF. Check value: crc32("123456789") is
 * 0xCBF43926. Nibble-driven (a 16-entry table, two lookups per byte) to keep
 * memory small on Espruino; no Math.imul.
 */

/** CRC of each 4-bit value, for the reflected polynomial. */
const NIBBLE_TABLE = new Int32Array(16);
for (let i = 0; i < 16; i++) {
  let c = i;
  for (let k = 0; k < 4; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  NIBBLE_TABLE[i] = c;
}

/**
 * Continue a CRC-32 over `data[start..end)`. `crc` is the CRC of the bytes
 * before (0 for none), so `crc32Range(crc32(a), b, 0, b.length)` is the CRC of
 * a followed by b. Returns an unsigned 32-bit integer.
 */
export function crc32Range(crc: number, data: Uint8Array, start: number, end: number): number {
  let c = ~crc;
  for (let i = start; i < end; i++) {
    c ^= data[i];
    c = (c >>> 4) ^ NIBBLE_TABLE[c & 15];
    c = (c >>> 4) ^ NIBBLE_TABLE[c & 15];
  }
  return ~c >>> 0;
}

/** CRC-32 of all of `data`, an unsigned 32-bit integer. */
export function crc32(data: Uint8Array): number {
  return crc32Range(0, data, 0, data.length);
}
