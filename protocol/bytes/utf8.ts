/**
 * UTF-8 by hand (ES5: no TextEncoder/TextDecoder). Strict per RFC 3629:
 * decoding rejects overlong forms, surrogates (U+D800-DFFF), code points
 * above U+10FFFF and truncated sequences; encoding rejects lone surrogates.
 * Note: on Espruino `String.fromCharCode` keeps only the low byte, so text
 * beyond Latin-1 decodes wrongly there; bytes are always handled exactly.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';

/** Number of UTF-8 bytes of `s`, or -1 when `s` holds a lone surrogate. */
export function utf8Length(s: string): number {
  let n = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c < 0xd800 || c > 0xdfff) n += 3;
    else if (c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d < 0xdc00 || d > 0xdfff) return -1;
      n += 4;
      i++;
    } else return -1;
  }
  return n;
}

/**
 * Write the UTF-8 bytes of `s` into `out` from `offset`; returns the offset after
 * the last byte. The caller checks room and lone surrogates with {@link utf8Length}.
 */
export function utf8Write(s: string, out: Uint8Array, offset: number): number {
  let p = offset;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 0x3f);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
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
    const b = bytes[i];
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lo = 0xa0; // overlong
      else if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lo = 0x90; // overlong
      else if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else {
      return null;
    }
    if (i + need >= end) return null; // truncated sequence
    const c1 = bytes[i + 1];
    if (c1 < lo || c1 > hi) return null;
    cp = (cp << 6) | (c1 & 0x3f);
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    i += need + 1;
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
