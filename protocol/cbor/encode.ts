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

/**
 * Write a head: major type and argument (0 .. 2^32-1) in shortest form
 * (additional information 0-23, or 24 / 25 / 26 and 1 / 2 / 4 argument bytes),
 * after making room for it and for the `extra` bytes that follow it.
 */
function head(major: number, arg: number, extra: number): void {
  const n = arg < 24 ? 0 : arg < 0x100 ? 1 : arg < 0x10000 ? 2 : 4;
  const need = pos + n + 1 + extra;
  if (need > buf.length) {
    const nb = new Uint8Array(need > 2 * buf.length ? need : 2 * buf.length);
    nb.set(buf.subarray(0, pos));
    buf = nb;
  }
  buf[pos++] = (major << 5) | (n === 0 ? arg : n < 4 ? 23 + n : 26);
  for (let shift = 8 * n - 8; shift >= 0; shift -= 8) buf[pos++] = (arg >>> shift) & 0xff;
}

function fail(message: string): never {
  throw codedError(Status.BAD_REQUEST, message);
}

function item(v: unknown, depth: number): void {
  const t = typeof v;
  if (v === null || t === 'boolean') {
    head(7, v === null ? 22 : v ? 21 : 20, 0); // 0xf6 null, 0xf5 true, 0xf4 false
    return;
  }
  if (t === 'number') {
    if (!isProfileInt(v)) fail('number is not an integer of the profile');
    if ((v as number) >= 0) head(0, v as number, 0);
    else head(1, -1 - (v as number), 0);
    return;
  }
  if (t === 'string') {
    const s = v as string;
    const n = utf8Length(s);
    if (n < 0) fail('lone surrogate in string');
    head(3, n, n);
    pos = utf8Write(s, buf, pos);
    return;
  }
  if (t !== 'object') fail('value of type ' + t + ' is outside the profile');
  if (v instanceof Uint8Array) {
    head(2, v.length, v.length);
    buf.set(v, pos);
    pos += v.length;
    return;
  }
  if (depth >= MAX_DEPTH) fail('nesting deeper than MAX_DEPTH');
  if (Array.isArray(v)) {
    head(4, v.length, 0);
    for (let i = 0; i < v.length; i++) {
      if (v[i] === undefined) fail('undefined array element');
      item(v[i], depth + 1);
    }
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== OBJECT_PROTO && proto !== null) fail('object is not a plain map');
  const obj = v as { [key: number]: unknown };
  const names = Object.keys(obj);
  const keys: number[] = [];
  for (let i = 0; i < names.length; i++) {
    const k = keyOf(names[i]);
    if (k !== k) fail('map key is not an integer of the profile');
    if (obj[k] !== undefined) keys.push(k);
  }
  keys.sort(compareKeys); // keys are distinct: a stable sort is not needed
  head(5, keys.length, 0);
  for (let i = 0; i < keys.length; i++) {
    item(keys[i], depth + 1);
    item(obj[keys[i]], depth + 1);
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
  // scratch buffer that the next call reuses, then releases.
  pos = 0;
  item(value, 0);
  const out = new Uint8Array(pos);
  out.set(buf.subarray(0, pos));
  if (buf.length > KEEP) buf = new Uint8Array(START);
  return out;
}
