/**
 * Firmware CBOR decoder (ES5): accepts exactly the canonical encodings of the
 * profile's values (spec §1) and rejects everything else with a coded error:
 * BAD_REQUEST when the input is not one well-formed CBOR item (truncated,
 * trailing bytes, reserved additional information, ...), NON_CANONICAL when
 * it is well-formed but outside the profile.
 *
 * One pass over the input does both jobs: an RFC 8949 well-formedness check
 * (Appendix C) that understands every CBOR construct (floats, tags, indefinite
 * lengths, 8-byte arguments, simple values), and, as long as every item so far
 * is in the profile, the building of the value. The first item outside the
 * profile is remembered (its head offset) and the value is dropped, but the
 * scan goes on to the end: a malformation anywhere wins (BAD_REQUEST at its
 * offset), otherwise that first item is reported (NON_CANONICAL). Iterative (no
 * recursion, whatever the nesting) and never allocates more than the input size:
 * declared lengths are checked against the remaining input first.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { utf8DecodeRange } from '../bytes/utf8.js';
import type { CborValue, CborMap, CborArray } from './types.js';
import { MAX_DEPTH } from './types.js';

function malformed(at: number): never {
  throw codedError(Status.BAD_REQUEST, 'malformed CBOR', at);
}

/**
 * Decode one canonical CBOR item that fills `bytes` exactly. Throws a coded
 * error with `at` = byte offset: BAD_REQUEST if `bytes` is not one well-formed
 * CBOR item (`at` = the head of the first item that is truncated, uses a
 * reserved additional information (28-30), is a misplaced break, an indefinite
 * length where none is allowed, a two-byte simple value below 32, a bad
 * indefinite-string chunk, a map with an odd number of items; or the first
 * trailing byte), NON_CANONICAL if it is well-formed but outside the profile
 * (`at` = the head of the first item outside it: a non-shortest head, an 8-byte
 * argument, an indefinite length, a float, a tag, another simple value, invalid
 * UTF-8, nesting deeper than MAX_DEPTH, a map key that is not an integer, or
 * out of order, or repeated).
 */
export function decode(bytes: Uint8Array): CborValue {
  const end = bytes.length;
  let pos = 0;
  // Well-formedness. Current frame: `pending` items still due (nested definite
  // containers merge into their frame); `indef` 0 = definite, 1 = indefinite
  // array, 2 = indefinite map, 3 / 4 = indefinite byte / text string (whose
  // items are its chunks); `count` = direct children read so far in an
  // indefinite frame. `stack` holds the enclosing frames, three numbers each.
  let pending = 1;
  let indef = 0;
  let count = 0;
  const stack: number[] = [];
  // The value, built while every item so far is in the profile (so every open
  // container is definite). `open` holds the containers being filled, outermost
  // (`top`) first, with the items each still expects in `due` (a map entry counts 2) and,
  // for a map, the rank of its last key in `last`; `key` is the key whose value
  // comes next. The rank of an integer key is its major type * 2^32 + argument:
  // canonical order (RFC 8949 §4.2.1) is increasing rank.
  let outside = -1; // head offset of the first item outside the profile
  // The top level is an array that receives the one item (and never completes).
  const top: CborValue[] = [];
  const open: (CborArray | CborMap)[] = [top];
  const due: number[] = [2];
  const last: number[] = [-1];
  let key = 0;
  while (indef !== 0 || pending !== 0) {
    const at = pos;
    if (pos >= end) malformed(at);
    const ib = bytes[pos++];
    const major = ib >> 5;
    const ai = ib & 31;
    if (ib === 0xff) {
      // break: only where an indefinite frame may end
      if (indef === 0 || pending !== 0 || (indef === 2 && (count & 1) !== 0)) malformed(at);
      count = stack.pop() as number;
      indef = stack.pop() as number;
      pending = stack.pop() as number;
      continue;
    }
    // a chunk of an indefinite string: a definite string of the same major type
    if (indef > 2 && (major !== indef - 1 || ai === 31)) malformed(at);
    if (indef !== 0 && pending === 0) count++;
    else pending--;
    if (ai === 31) {
      // indefinite length: strings, arrays and maps only
      if (major < 2 || major > 5) malformed(at);
      if (outside < 0) outside = at;
      stack.push(pending, indef, count);
      pending = 0;
      indef = major < 4 ? major + 1 : major - 3;
      count = 0;
      continue;
    }
    if (ai >= 28) malformed(at); // reserved
    // The argument; an 8-byte one is only compared with the input size (any
    // value >= 2^32 is too large), so its rounding as a double does not matter.
    let arg = ai;
    if (ai >= 24) {
      const n = ai < 27 ? 1 << (ai - 24) : 8;
      if (end - pos < n) malformed(at);
      arg = 0;
      for (let k = 0; k < n; k++) arg = arg * 256 + bytes[pos++];
    }
    const room = end - pos;
    const start = pos;
    if (major === 2 || major === 3) {
      if (arg > room) malformed(at);
      pos += arg;
    } else if (major === 4) {
      if (arg > room - pending) malformed(at); // each item needs a byte
      pending += arg;
    } else if (major === 5) {
      if (arg > (room - pending) / 2) malformed(at);
      pending += 2 * arg;
    } else if (major === 6) {
      pending++;
    } else if (major === 7 && ai === 24 && arg < 32) {
      malformed(at); // two-byte simple value below 32
    }
    if (outside >= 0) continue;
    // The profile: the value of this item, or `outside` = at.
    const d = open.length - 1;
    const inMap = !Array.isArray(open[d]);
    const isKey = inMap && (due[d] & 1) === 0;
    let v: CborValue = null;
    // non-shortest: a 1-, 2- or 4-byte argument below 24, 2^8 or 2^16 (an 8-byte one is outside anyway)
    if (ai === 27 || (ai >= 24 && arg < (ai > 24 ? 1 << (8 << (ai - 25)) : 24)) || (isKey && major > 1)) outside = at;
    else if (major === 0) v = arg;
    else if (major === 1) v = -1 - arg;
    else if (major === 2) v = new Uint8Array(bytes.subarray(start, pos)); // a copy, not a view
    else if (major === 3) {
      v = utf8DecodeRange(bytes, start, pos);
      if (v === null) outside = at;
    } else if (major === 7) {
      if (ai === 20) v = false;
      else if (ai === 21) v = true;
      else if (ai !== 22) outside = at;
    } else if (major === 6 || d >= MAX_DEPTH) outside = at;
    else v = major === 4 ? [] : {};
    if (isKey && outside < 0) {
      const rank = major * 4294967296 + arg;
      if (rank <= last[d]) outside = at; // repeated or out of order
      last[d] = rank;
      key = v as number;
    }
    if (outside >= 0) continue;
    if (!inMap) (open[d] as CborArray).push(v);
    else if (!isKey) (open[d] as CborMap)[key] = v;
    due[d]--;
    if ((major === 4 || major === 5) && arg > 0) {
      open.push(v as CborArray | CborMap);
      due.push(major === 4 ? arg : 2 * arg);
      last.push(-1);
    }
    while (due[open.length - 1] === 0) {
      open.pop();
      due.pop();
      last.pop();
    }
  }
  if (pos !== end) malformed(pos);
  if (outside >= 0) throw codedError(Status.NON_CANONICAL, 'outside the canonical profile', outside);
  return top[0];
}
