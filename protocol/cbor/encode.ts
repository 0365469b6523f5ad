/**
 * Firmware CBOR encoder (ES5): canonical profile of spec §1. Shortest heads,
 * definite lengths, map keys in canonical order, `undefined` map values omitted.
 * Values outside the model throw BAD_REQUEST.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { utf8Length, utf8Write } from '../bytes/utf8.js';
import type { CborValue } from './types.js';
import { MAX_DEPTH, isProfileInt, compareKeys, keyOf } from './types.js';

/** Scratch buffer reused by every call; shrunk back when a call grew it past KEEP. */
const START = 256;
const KEEP = 4096;
let buf = new Uint8Array(START);
let pos = 0;
const OBJECT_PROTO = Object.getPrototypeOf({});

function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  let size = buf.length * 2;
  if (size < pos + n) size = pos + n;
  const nb = new Uint8Array(size);
  nb.set(buf.subarray(0, pos));
  buf = nb;
}

/** Write a head: major type and argument (0 .. 2^32-1) in shortest form. */
function head(major: number, arg: number): void {
  const m = major << 5;
  if (arg < 24) {
    ensure(1);
    buf[pos++] = m | arg;
  } else if (arg < 0x100) {
    ensure(2);
    buf[pos++] = m | 24;
    buf[pos++] = arg;
  } else if (arg < 0x10000) {
    ensure(3);
    buf[pos++] = m | 25;
    buf[pos++] = arg >> 8;
    buf[pos++] = arg & 0xff;
  } else {
    ensure(5);
    buf[pos++] = m | 26;
    buf[pos++] = (arg >>> 24) & 0xff;
    buf[pos++] = (arg >>> 16) & 0xff;
    buf[pos++] = (arg >>> 8) & 0xff;
    buf[pos++] = arg & 0xff;
  }
}

function int(v: number): void {
  if (v >= 0) head(0, v);
  else head(1, -1 - v);
}

function fail(message: string): never {
  throw codedError(Status.BAD_REQUEST, message);
}

function item(v: unknown, depth: number): void {
  if (v === null) {
    ensure(1);
    buf[pos++] = 0xf6;
    return;
  }
  const t = typeof v;
  if (t === 'boolean') {
    ensure(1);
    buf[pos++] = v ? 0xf5 : 0xf4;
    return;
  }
  if (t === 'number') {
    if (!isProfileInt(v)) fail('number is not an integer of the profile');
    int(v as number);
    return;
  }
  if (t === 'string') {
    const s = v as string;
    const n = utf8Length(s);
    if (n < 0) fail('lone surrogate in string');
    head(3, n);
    ensure(n);
    pos = utf8Write(s, buf, pos);
    return;
  }
  if (t !== 'object') fail('value of type ' + t + ' is outside the profile');
  if (v instanceof Uint8Array) {
    head(2, v.length);
    ensure(v.length);
    buf.set(v, pos);
    pos += v.length;
    return;
  }
  if (depth >= MAX_DEPTH) fail('nesting deeper than MAX_DEPTH');
  if (Array.isArray(v)) {
    head(4, v.length);
    for (let i = 0; i < v.length; i++) {
      if (v[i] === undefined) fail('undefined array element');
      item(v[i], depth + 1);
    }
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== OBJECT_PROTO && proto !== null) fail('object is not a plain map');
  const obj = v as { [name: string]: unknown };
  const names = Object.keys(obj);
  const keys: number[] = [];
  const vals: unknown[] = [];
  for (let i = 0; i < names.length; i++) {
    const k = keyOf(names[i]);
    if (k !== k) fail('map key is not an integer of the profile');
    const x = obj[names[i]];
    if (x === undefined) continue;
    // insertion sort: maps are small
    let j = keys.length;
    keys.push(k);
    vals.push(x);
    while (j > 0 && compareKeys(keys[j - 1], k) > 0) {
      keys[j] = keys[j - 1];
      vals[j] = vals[j - 1];
      j--;
    }
    keys[j] = k;
    vals[j] = x;
  }
  head(5, keys.length);
  for (let i = 0; i < keys.length; i++) {
    int(keys[i]);
    item(vals[i], depth + 1);
  }
}

/**
 * Canonical CBOR encoding of `value` (a fresh array). Throws BAD_REQUEST for
 * values outside the model: non-integral or out-of-range numbers, undefined
 * (except as an omitted map value), lone surrogates, non-integer map keys,
 * other objects, nesting deeper than MAX_DEPTH.
 */
export function encode(value: CborValue): Uint8Array {
  // no try/finally (not every engine has it): a failed call leaves a large
  // scratch buffer that the next call releases.
  if (buf.length > KEEP) buf = new Uint8Array(START);
  pos = 0;
  item(value, 0);
  const out = new Uint8Array(pos);
  out.set(buf.subarray(0, pos));
  if (buf.length > KEEP) buf = new Uint8Array(START);
  return out;
}
