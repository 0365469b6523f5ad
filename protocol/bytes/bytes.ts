/** Small byte-array helpers for ES5 engines (no typed-array `slice`). */

/** True when `a` and `b` hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A new array holding the bytes of every part, in order. */
export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i].length;
  const out = new Uint8Array(n);
  let p = 0;
  for (let i = 0; i < parts.length; i++) {
    out.set(parts[i], p);
    p += parts[i].length;
  }
  return out;
}

/** A fresh copy of `bytes[start..end)` (typed-array `slice` is missing on duktape). */
export function copyBytes(bytes: Uint8Array, start?: number, end?: number): Uint8Array {
  const s = start === undefined ? 0 : start;
  const e = end === undefined ? bytes.length : end;
  const out = new Uint8Array(e - s);
  out.set(bytes.subarray(s, e));
  return out;
}
