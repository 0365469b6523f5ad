/**
 * Host CBOR codec: the canonical profile of spec §1 on top of cbor-x.
 *
 * Encode: check the value against the model, turn plain objects into Maps whose
 * numeric keys are in canonical order, let cbor-x (configured for plain CBOR)
 * write the bytes. Decode: classify malformed input with the shared RFC 8949
 * well-formedness check (BAD_REQUEST), let cbor-x build a value, convert it to
 * the model, re-encode and demand byte equality with the input (NON_CANONICAL
 * otherwise). Accepts and rejects exactly what the firmware codec does.
 */
import { Decoder, Encoder } from 'cbor-x';
import { Status } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';
import { wellFormed } from '../../protocol/cbor/wellformed.js';
import type { CborMap, CborValue } from '../../protocol/cbor/types.js';
import { MAX_DEPTH, compareKeys, isProfileInt, keyOf } from '../../protocol/cbor/types.js';

export type { CborValue, CborMap, CborArray } from '../../protocol/cbor/types.js';
export { MAX_DEPTH } from '../../protocol/cbor/types.js';

const plain = {
  useRecords: false,
  mapsAsObjects: false,
  useTag259ForMaps: false,
  tagUint8Array: false,
  variableMapSize: true,
  useFloat32: 0,
  alwaysUseFloat: false,
  structuredClone: false,
  bundleStrings: false,
  pack: false,
  useToJSON: false,
  useSelfDescribedHeader: false,
};
const encoder = new Encoder(plain as ConstructorParameters<typeof Encoder>[0]);
const decoder = new Decoder(plain as ConstructorParameters<typeof Decoder>[0]);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function invalid(message: string): never {
  throw codedError(Status.BAD_REQUEST, message);
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Model value -> what cbor-x must be given to write its canonical bytes. */
function toCborX(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      if (!isProfileInt(v)) invalid('number is not an integer of the profile');
      return v === 0 ? 0 : v; // -0 -> 0
    case 'string':
      if (LONE_SURROGATE.test(v)) invalid('lone surrogate in string');
      return v;
    case 'object':
      break;
    default:
      return invalid(`value of type ${typeof v} is outside the profile`);
  }
  if (v === null) return null;
  if (v instanceof Uint8Array) return v;
  if (depth >= MAX_DEPTH) invalid('nesting deeper than MAX_DEPTH');
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      if (v[i] === undefined) invalid('undefined array element');
      out[i] = toCborX(v[i], depth + 1);
    }
    return out;
  }
  if (!isPlainObject(v)) invalid('object is not a plain map');
  const entries: [number, unknown][] = [];
  for (const name of Object.keys(v)) {
    const k = keyOf(name);
    if (Number.isNaN(k)) invalid('map key is not an integer of the profile');
    const x = (v as Record<string, unknown>)[name];
    if (x !== undefined) entries.push([k, toCborX(x, depth + 1)]);
  }
  entries.sort((a, b) => compareKeys(a[0], b[0]));
  return new Map(entries);
}

/**
 * Canonical CBOR encoding of `value` (same bytes as the firmware encoder).
 * Throws BAD_REQUEST for values outside the model.
 */
export function encode(value: CborValue): Uint8Array {
  const out = encoder.encode(toCborX(value, 0));
  return new Uint8Array(out); // a copy: cbor-x hands out views of its shared buffer
}

function nonCanonical(message: string, at = 0): never {
  throw codedError(Status.NON_CANONICAL, message, at);
}

/** cbor-x value -> model value; `budget.left` bounds the work by the input size. */
function toModel(x: unknown, depth: number, budget: { left: number }): CborValue {
  if (--budget.left < 0) nonCanonical('more values than the input can hold');
  switch (typeof x) {
    case 'boolean':
      return x;
    case 'number':
      if (!isProfileInt(x)) nonCanonical('number outside the profile');
      return x;
    case 'string':
      budget.left -= x.length;
      if (budget.left < 0) nonCanonical('more text than the input can hold');
      return x;
    case 'object':
      break;
    default:
      return nonCanonical(`decoded ${typeof x} is outside the profile`);
  }
  if (x === null) return null;
  if (x instanceof Uint8Array) {
    budget.left -= x.length;
    if (budget.left < 0) nonCanonical('more bytes than the input can hold');
    if (Object.getPrototypeOf(x) !== Uint8Array.prototype && !Buffer.isBuffer(x)) nonCanonical('typed array');
    return new Uint8Array(x); // plain copy, never a view of the input
  }
  if (depth >= MAX_DEPTH) nonCanonical('nesting deeper than MAX_DEPTH');
  if (Array.isArray(x)) {
    const out: CborValue[] = new Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = toModel(x[i], depth + 1, budget);
    return out;
  }
  if (x instanceof Map) {
    const out: CborMap = {};
    for (const [k, v] of x) {
      if (typeof k !== 'number' || !isProfileInt(k)) nonCanonical('map key is not an integer of the profile');
      out[k] = toModel(v, depth + 1, budget);
    }
    return out;
  }
  return nonCanonical('decoded object is outside the profile');
}

/**
 * Decode one canonical CBOR item that fills `bytes` exactly. Throws a coded
 * error: BAD_REQUEST (with `at`) if `bytes` is not one well-formed CBOR item,
 * NON_CANONICAL if it is well-formed but not the canonical encoding of a value
 * of the profile (`at` = first differing byte when the re-encoding differs).
 */
export function decode(bytes: Uint8Array): CborValue {
  const w = wellFormed(bytes);
  if (w >= 0) throw codedError(Status.BAD_REQUEST, 'malformed CBOR', w);
  let raw: unknown;
  try {
    raw = decoder.decode(bytes);
  } catch {
    return nonCanonical('well-formed CBOR outside the profile');
  }
  const value = toModel(raw, 0, { left: bytes.length });
  let again: Uint8Array;
  try {
    again = encode(value);
  } catch {
    return nonCanonical('value outside the profile');
  }
  const n = Math.min(again.length, bytes.length);
  let i = 0;
  while (i < n && again[i] === bytes[i]) i++;
  if (i < n || again.length !== bytes.length) nonCanonical('not the canonical encoding', i);
  return value;
}
