/**
 * A deterministic random source for tests and transcripts (NOT for production request ids):
 * the same seed always yields the same bytes, so SYNC nonces and request ids replay exactly.
 */
import type { RandomSource } from '../transport/timers.js';

/** xorshift128+ style generator seeded from a string (FNV-1a of the seed). */
export function seededRandom(seed: string): RandomSource {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  let a = h || 1;
  let b = (h ^ 0x9e3779b9) >>> 0 || 2;
  let c = (Math.imul(h, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0 || 3;
  let d = (a + b + c) >>> 0 || 4;
  const next = () => {
    // xoshiro128** step
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    return r;
  };
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const r = next();
      for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (r >>> (8 * j)) & 0xff;
    }
    return out;
  };
}
