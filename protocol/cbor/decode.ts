/**
 * Firmware CBOR decoder (ES5): accepts exactly the canonical encodings of the
 * profile's values (spec §1) and rejects everything else with a coded error:
 * BAD_REQUEST when the input is not one well-formed CBOR item (truncated,
 * trailing bytes, reserved additional information, ...), NON_CANONICAL when
 * it is well-formed but outside the profile. Never allocates more than the
 * input size: declared lengths are checked against the remaining input first.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import type { CodedError } from '../errors.js';
import { utf8DecodeRange } from '../bytes/utf8.js';
import type { CborValue, CborMap } from './types.js';
import { MAX_DEPTH, compareKeys } from './types.js';
import { wellFormed } from './wellformed.js';

const EMPTY = new Uint8Array(0);
let src: Uint8Array = EMPTY;
let pos = 0;
let end = 0;

function bad(message: string, at: number): never {
  throw codedError(Status.BAD_REQUEST, message, at);
}

function nonCanonical(message: string, at: number): never {
  throw codedError(Status.NON_CANONICAL, message, at);
}

/**
 * Read the head at `pos` and return its argument (0 .. 2^32-1); the caller
 * has read the major type from src[at]. Rejects what the profile forbids.
 */
function argument(at: number, ai: number): number {
  if (ai < 24) return ai;
  if (ai === 24) {
    if (end - pos < 1) bad('truncated head', at);
    const v = src[pos++];
    if (v < 24) nonCanonical('non-shortest head', at);
    return v;
  }
  if (ai === 25) {
    if (end - pos < 2) bad('truncated head', at);
    const v = (src[pos] << 8) | src[pos + 1];
    pos += 2;
    if (v < 0x100) nonCanonical('non-shortest head', at);
    return v;
  }
  if (ai === 26) {
    if (end - pos < 4) bad('truncated head', at);
    const v = ((src[pos] << 24) | (src[pos + 1] << 16) | (src[pos + 2] << 8) | src[pos + 3]) >>> 0;
    pos += 4;
    if (v < 0x10000) nonCanonical('non-shortest head', at);
    return v;
  }
  if (ai === 27) nonCanonical('8-byte argument', at);
  if (ai === 31) nonCanonical('indefinite length', at);
  return bad('reserved additional information', at);
}

function item(depth: number): CborValue {
  const at = pos;
  if (pos >= end) bad('truncated', at);
  const ib = src[pos++];
  const major = ib >> 5;
  const ai = ib & 31;
  if (major === 7) {
    if (ai === 20) return false;
    if (ai === 21) return true;
    if (ai === 22) return null;
    if (ai === 31) bad('break outside an indefinite-length item', at);
    if (ai >= 28) bad('reserved additional information', at);
    if (ai >= 25) nonCanonical('floating-point number', at);
    if (ai === 24) {
      if (pos >= end) bad('truncated', at);
      if (src[pos] < 32) bad('two-byte simple value below 32', at);
    }
    return nonCanonical('simple value outside the profile', at);
  }
  if (major === 6) {
    if (ai === 31) bad('indefinite-length tag', at);
    if (ai >= 28) bad('reserved additional information', at);
    return nonCanonical('tag', at);
  }
  if (ai === 31 && major < 2) bad('indefinite-length integer', at);
  const arg = argument(at, ai);
  if (major === 0) return arg;
  if (major === 1) return -1 - arg;
  if (major === 2 || major === 3) {
    if (arg > end - pos) bad('string longer than the input', at);
    const start = pos;
    pos += arg;
    if (major === 2) {
      const out = new Uint8Array(arg);
      out.set(src.subarray(start, pos));
      return out;
    }
    const s = utf8DecodeRange(src, start, pos);
    if (s === null) nonCanonical('invalid UTF-8', at);
    return s as string;
  }
  if (depth >= MAX_DEPTH) nonCanonical('nesting deeper than MAX_DEPTH', at);
  if (major === 4) {
    if (arg > end - pos) bad('array longer than the input', at);
    const arr: CborValue[] = [];
    for (let i = 0; i < arg; i++) arr.push(item(depth + 1));
    return arr;
  }
  // major 5: map with integer keys in strictly increasing canonical order
  if (arg > (end - pos) / 2) bad('map longer than the input', at);
  const map: CborMap = {};
  let prev = 0;
  for (let i = 0; i < arg; i++) {
    const kat = pos;
    if (pos < end && src[pos] >> 5 > 1) nonCanonical('map key is not an integer', kat);
    const k = item(depth + 1) as number;
    const order = i > 0 ? compareKeys(prev, k) : -1;
    if (order >= 0) nonCanonical(order === 0 ? 'duplicate map key' : 'map keys out of order', kat);
    prev = k;
    map[k] = item(depth + 1);
  }
  return map;
}

/**
 * Decode one canonical CBOR item that fills `bytes` exactly. Throws a coded
 * error with `at` = byte offset: BAD_REQUEST if `bytes` is not one well-formed
 * CBOR item (the offset of the first malformation, see {@link wellFormed}),
 * NON_CANONICAL if it is well-formed but outside the profile.
 */
export function decode(bytes: Uint8Array): CborValue {
  src = bytes;
  pos = 0;
  end = bytes.length;
  let v: CborValue;
  try {
    v = item(0);
    if (pos !== end) bad('trailing bytes', pos);
  } catch (e) {
    src = EMPTY;
    // Classify by well-formedness of the whole input, whichever fault came first.
    const w = wellFormed(bytes);
    if (w < 0 || ((e as CodedError).code === Status.BAD_REQUEST && (e as CodedError).at === w)) throw e;
    throw codedError(Status.BAD_REQUEST, 'malformed CBOR', w);
  }
  src = EMPTY;
  return v;
}
