/**
 * RFC 8949 well-formedness check (Appendix C), independent of the profile:
 * accepts every CBOR construct (floats, tags, indefinite lengths, 8-byte
 * arguments, simple values) and only asks whether the bytes are exactly one
 * complete data item. The host codec uses it to classify a rejected input:
 * not well-formed -> BAD_REQUEST, well-formed but outside the profile ->
 * NON_CANONICAL. The firmware decoder makes the same check inside its single
 * pass (decode.ts, so this function is not in the board bundles); the property
 * tests hold the two to the same verdict and offset on random input.
 * Iterative (no recursion) and allocation-bounded by the input size.
 */

/**
 * -1 when `bytes` is exactly one well-formed CBOR data item; otherwise the
 * offset of the first malformation: the head of the item that is truncated,
 * uses a reserved additional information (28-30), is a misplaced break, an
 * indefinite length where none is allowed, a two-byte simple value below 32,
 * a bad indefinite-string chunk, a map with an odd number of items; or the
 * offset of the first trailing byte.
 */
export function wellFormed(bytes: Uint8Array): number {
  const end = bytes.length;
  let pos = 0;
  // Current frame: `pending` items still due (nested definite containers merge
  // into their frame); `indef` 0 = definite, 1 = indefinite array, 2 = indefinite map;
  // `count` = direct children read so far in an indefinite frame.
  let pending = 1;
  let indef = 0;
  let count = 0;
  const stack: number[] = [];
  for (;;) {
    if (indef === 0 && pending === 0) break;
    const at = pos;
    if (pos >= end) return at;
    const ib = bytes[pos++];
    if (ib === 0xff) {
      // break: only where an indefinite frame may end
      if (indef === 0 || pending !== 0) return at;
      if (indef === 2 && (count & 1) !== 0) return at;
      count = stack.pop() as number;
      indef = stack.pop() as number;
      pending = stack.pop() as number;
      continue;
    }
    if (indef !== 0 && pending === 0) count++;
    else pending--;
    const major = ib >> 5;
    const ai = ib & 31;
    if (ai === 31) {
      if (major === 2 || major === 3) {
        // indefinite string: definite chunks of the same major type, then break
        for (;;) {
          const c = pos;
          if (pos >= end) return c;
          const cb = bytes[pos++];
          if (cb === 0xff) break;
          if (cb >> 5 !== major) return c;
          const cai = cb & 31;
          if (cai >= 28) return c;
          let clen = cai;
          let chi = 0;
          if (cai >= 24) {
            const n = cai === 24 ? 1 : cai === 25 ? 2 : cai === 26 ? 4 : 8;
            if (end - pos < n) return c;
            clen = 0;
            for (let k = 0; k < n; k++) {
              if (n === 8 && k < 4) chi = chi * 256 + bytes[pos++];
              else clen = clen * 256 + bytes[pos++];
            }
          }
          if (chi !== 0 || clen > end - pos) return c;
          pos += clen;
        }
        continue;
      }
      if (major === 4 || major === 5) {
        stack.push(pending, indef, count);
        pending = 0;
        indef = major === 4 ? 1 : 2;
        count = 0;
        continue;
      }
      return at; // indefinite integer or tag
    }
    if (ai >= 28) return at; // reserved
    let arg = ai;
    let hi = 0;
    if (ai >= 24) {
      const n = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : 8;
      if (end - pos < n) return at;
      arg = 0;
      for (let k = 0; k < n; k++) {
        if (n === 8 && k < 4) hi = hi * 256 + bytes[pos++];
        else arg = arg * 256 + bytes[pos++];
      }
    }
    const room = end - pos;
    if (major === 2 || major === 3) {
      if (hi !== 0 || arg > room) return at;
      pos += arg;
    } else if (major === 4) {
      if (hi !== 0 || arg > room - pending) return at; // each item needs a byte
      pending += arg;
    } else if (major === 5) {
      if (hi !== 0 || arg > (room - pending) / 2) return at;
      pending += 2 * arg;
    } else if (major === 6) {
      pending++;
    } else if (major === 7 && ai === 24 && arg < 32) {
      return at; // two-byte simple value below 32
    }
  }
  return pos === end ? -1 : pos;
}
