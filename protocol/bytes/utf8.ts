/**
 * UTF-8 by hand (ES5: no TextEncoder/TextDecoder). Strict per RFC 3629:
 * decoding rejects overlong forms, surrogates (U+D800-DFFF), code points
 * above U+10FFFF and truncated sequences; encoding rejects lone surrogates.
 * Note: on Espruino `String.fromCharCode` keeps only the low byte, so text
 * beyond Latin-1 decodes wrongly there; bytes are always handled exactly.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';

/**
 * Write the UTF-8 bytes of `s` into `out` from `offset` and return the offset
 * after the last byte; with `out` null, only count. Returns -1 (and may have
 * written part of `s`) when `s` holds a lone surrogate: check with
 * {@link utf8Length} first. The caller checks room.
 */
export function utf8Write(s: string, out: Uint8Array | null, offset: number): number {
  let p = offset;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // a high surrogate followed by a low one: one code point above U+FFFF
      const d = s.charCodeAt(++i); // NaN past the end
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return -1;
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
    }
    // n continuation bytes of 6 bits each after a lead byte 0xxxxxxx, 110xxxxx, 1110xxxx or 11110xxx
    const n = c < 0x80 ? 0 : c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    if (out) {
      out[p] = n === 0 ? c : ((0xff00 >> (n + 1)) & 0xff) | (c >> (6 * n));
      for (let k = 1; k <= n; k++) out[p + k] = 0x80 | ((c >> (6 * (n - k))) & 0x3f);
    }
    p += n + 1;
  }
  return p;
}

/** Number of UTF-8 bytes of `s`, or -1 when `s` holds a lone surrogate. */
export function utf8Length(s: string): number {
  return utf8Write(s, null, 0);
}

/** UTF-8 bytes of `s`; throws BAD_REQUEST when `s` holds a lone surrogate. */
export function utf8Encode(s: string): Uint8Array {
  const n = utf8Length(s);
  if (n < 0) throw codedError(Status.BAD_REQUEST, 'lone surrogate in string');
  const out = new Uint8Array(n);
  utf8Write(s, out, 0);
  return out;
}

/**
 * Decode `bytes[start..end)` as strict UTF-8. Returns null when the bytes are
 * not valid UTF-8 (overlong, surrogate, out of range, truncated, stray byte).
 */
export function utf8DecodeRange(bytes: Uint8Array, start: number, end: number): string | null {
  let s = '';
  let i = start;
  while (i < end) {
    const b = bytes[i++];
    // continuation bytes after the lead byte (0xc0, 0xc1 and 0xf5.. only start overlong or too large forms)
    const n = b < 0x80 ? 0 : b < 0xc2 ? -1 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : b < 0xf5 ? 3 : -1;
    if (n < 0 || i + n > end) return null; // stray byte, truncated sequence
    let cp = n === 0 ? b : b & (0x3f >> n);
    for (let k = 0; k < n; k++) {
      const c = bytes[i++];
      if ((c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    // overlong 3- and 4-byte forms (the 2-byte ones are cut above), surrogates, beyond U+10FFFF
    if ((n > 1 && cp < 1 << (5 * n + 1)) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return null;
    if (cp < 0x10000) {
      s += String.fromCharCode(cp);
    } else {
      cp -= 0x10000;
      s += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    }
  }
  return s;
}

/** Decode strict UTF-8; throws BAD_REQUEST when `bytes` are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string {
  const s = utf8DecodeRange(bytes, 0, bytes.length);
  if (s === null) throw codedError(Status.BAD_REQUEST, 'invalid UTF-8');
  return s;
}
