/**
 * Mutations of valid inputs: bit flips, byte edits with boundary values,
 * truncation, insertion, deletion, duplication, splicing with another seed,
 * and edits of length fields (CBOR heads, APDU Lc/Le, frame LEN) that push a
 * declared length past, below or exactly at the real one.
 */
import type { Rng } from './rng.js';

/** Byte values that sit on boundaries of the formats under test. */
export const INTERESTING = [
  0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x38, 0x3f, 0x40, 0x58,
  0x5f, 0x60, 0x78, 0x7b, 0x9f, 0xa0, 0xbf, 0xc0, 0xd8, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
  0x61, 0x90, 0x6a, 0xf0, 0x3a, 0x81, 0x84, 0x85, 0x3e,
];

/** Where a length lives in a format: byte offsets a mutator may target first. */
export type LengthHint = (input: Uint8Array) => number[];

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Offsets of CBOR heads whose additional information is a length or argument (a shallow scan, good enough to aim at). */
export function cborHeads(input: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < input.length && out.length < 64; i++) {
    const ai = input[i] & 31;
    const major = input[i] >> 5;
    if (major <= 5 && (ai >= 24 || major >= 2)) out.push(i);
  }
  return out;
}

/** Apply one random mutation. `hint` gives offsets of length fields to prefer. */
export function mutateOnce(input: Uint8Array, rng: Rng, corpus: readonly Uint8Array[], hint?: LengthHint): Uint8Array {
  const n = input.length;
  const op = rng.int(11);
  if (n === 0 && op < 8) return rng.bytes(1 + rng.int(8));
  const out = input.slice();
  switch (op) {
    case 0: {
      // flip 1-3 bits
      const k = 1 + rng.int(3);
      for (let i = 0; i < k; i++) out[rng.int(n)] ^= 1 << rng.int(8);
      return out;
    }
    case 1:
      out[rng.int(n)] = rng.u32() & 0xff;
      return out;
    case 2:
      out[rng.int(n)] = rng.pick(INTERESTING);
      return out;
    case 3: {
      // add or subtract a small amount (off-by-one on counts and lengths)
      const i = rng.int(n);
      out[i] = (out[i] + (rng.chance(0.5) ? 1 : -1) * (1 + rng.int(rng.chance(0.7) ? 2 : 35))) & 0xff;
      return out;
    }
    case 4:
      // truncate
      return out.subarray(0, rng.int(n));
    case 5: {
      // insert random or interesting bytes
      const at = rng.int(n + 1);
      const k = 1 + rng.int(rng.chance(0.8) ? 4 : 64);
      const ins = rng.chance(0.5) ? rng.bytes(k) : new Uint8Array(k).fill(rng.pick(INTERESTING));
      return concat([out.subarray(0, at), ins, out.subarray(at)]);
    }
    case 6: {
      // delete a range
      const at = rng.int(n);
      const k = 1 + rng.int(Math.min(16, n - at));
      return concat([out.subarray(0, at), out.subarray(at + k)]);
    }
    case 7: {
      // duplicate a range
      const at = rng.int(n);
      const k = 1 + rng.int(Math.min(32, n - at));
      const to = rng.int(n + 1);
      return concat([out.subarray(0, to), out.slice(at, at + k), out.subarray(to)]);
    }
    case 8: {
      // splice: head of this input, tail of another
      const other = rng.pick(corpus);
      return concat([out.subarray(0, rng.int(n + 1)), other.subarray(rng.int(other.length + 1))]);
    }
    default: {
      // length-field edit: aim at a declared length and set it to a boundary or a near value
      const offsets = hint ? hint(input) : [];
      const at = offsets.length > 0 && rng.chance(0.8) ? rng.pick(offsets) : rng.int(Math.max(1, n));
      if (at >= out.length) return out;
      const v = out[at];
      const choices = [(v + 1) & 0xff, (v - 1) & 0xff, (v & 0xe0) | 24, (v & 0xe0) | 25, (v & 0xe0) | 26, (v & 0xe0) | 27, (v & 0xe0) | 31, 0x00, 0xff, 0x7f, 0x80];
      out[at] = rng.pick(choices);
      if (at + 1 < out.length && rng.chance(0.3)) out[at + 1] = rng.pick([0x00, 0xff, 0x7f, 0x80, 0x10, 0xf0]);
      return out;
    }
  }
}

/** 1 to 4 stacked mutations of a seed taken from `corpus`. */
export function mutate(corpus: readonly Uint8Array[], rng: Rng, hint?: LengthHint): Uint8Array {
  let x = rng.pick(corpus);
  const k = 1 + (rng.chance(0.6) ? 0 : rng.int(4));
  for (let i = 0; i < k; i++) x = mutateOnce(x, rng, corpus, hint);
  return x;
}
