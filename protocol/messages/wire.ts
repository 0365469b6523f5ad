/**
 * The one converter between the named form of a map (field name -> value,
 * what firmware and SDK code handle) and its wire form (integer key -> value,
 * what the CBOR codec encodes), with validation of every field against its
 * schema (./schema.ts). It serves the USB messages ({@link fromWire},
 * {@link toWire}), the signed bodies of protocol/signed and the card command
 * data of protocol/card ({@link readBody}, and {@link toWire} with `open`).
 * Reading never throws: it returns a {@link Decoded} outcome or null
 * (firmware handlers need a status, not an exception). Writing throws a coded
 * BAD_REQUEST error, since a bad outgoing value is a programming error.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { utf8Length } from '../bytes/utf8.js';
import type { CborMap } from '../cbor/types.js';
import { isCborMap as isMap } from '../cbor/types.js';
import { FieldType as T, FieldFlag as F, FieldBits as B, descriptor } from './schema.js';
import type { Schema, Field } from './schema.js';
import { Limit } from './limits.js';

/**
 * A message or structure in named form; absent optional fields are undefined. Its
 * property names are those of a schema, read as properties and never as text (the board
 * build may shorten them: scripts/firmware-size.mjs).
 * @propertyTable
 */
export interface Named {
  [name: string]: unknown;
}

/**
 * Any object written by a schema (a typed message such as a Receipt): like Named, its
 * names are properties only, so the board build may shorten them.
 * @propertyTable
 */
export interface MessageObject {}

/** Why a field was rejected (Decoded.reason). */
export const REASON_MISSING = 'missing';
/** The value has the wrong type (including a negative integer for a uint). */
export const REASON_TYPE = 'type';
/** The value or its length is outside the field's range. */
export const REASON_RANGE = 'range';
/** The key is not defined by this version (and is below EXTENSION_KEY_MIN). */
export const REASON_UNKNOWN = 'unknown';

/**
 * Outcome of reading a wire map. On success `status` is OK and `value` holds
 * the named form. On failure `status` is BAD_REQUEST, `key` is the map key of
 * the offending top-level field (-1 when none applies), `field` its path
 * (`reference`, `wallets[1].balance`) and `reason` one of the REASON_* strings.
 */
export interface Decoded {
  status: number;
  value: Named | undefined;
  key: number;
  field: string;
  reason: string;
}

/** The largest uint of the CBOR profile. */
const UINT_MAX = 4294967295;

/**
 * `below` of {@link readBody}: every key the schema does not define is a
 * fault (signed bodies and card data are closed: no extension keys).
 */
const CLOSED = 1 / 0;

// Fault state of the last failed read or write (single-threaded, set only on failure).
// faultField is the path below the level that reports it: each level prefixes its part
// (`name`, `.` before a nested map's path, `[i]` before an element's), giving
// `reference`, `journal.used`, `wallets[1].balance`.
let faultKey = -1;
let faultField = '';
let faultReason = '';

/** True for a plain map value (an object that is not an array or a byte string); one function with cbor/types' isCborMap. */
export { isMap };

/** True when `o` has at least one own enumerable property with a defined value. */
export function hasKeys(o: object): boolean {
  for (const k in o) if ((o as Named)[k] !== undefined) return true;
  return false;
}

/**
 * Check `v` against packed descriptor `d` (type, flags, limit); '' or a REASON_*.
 * A SET's elements are uints in strictly increasing order (else REASON_TYPE).
 */
export function checkValue(d: number, v: unknown): string {
  const type = d & B.TYPE;
  const limit = d >>> B.LIMIT_SHIFT;
  // n: the value of a uint, the length of the others; checked against MIN1 / EXACT / limit below.
  let n: number;
  if (type === T.BOOL || type === T.MAP) return (type === T.BOOL ? typeof v === 'boolean' : isMap(v)) ? '' : REASON_TYPE;
  if (type === T.UINT) {
    if (typeof v !== 'number' || Math.floor(v) !== v || v < 0 || v > UINT_MAX) return REASON_TYPE;
    n = v;
  } else if (type === T.BYTES) {
    if (!(v instanceof Uint8Array)) return REASON_TYPE;
    n = v.length;
  } else if (type === T.TEXT) {
    if (typeof v !== 'string') return REASON_TYPE;
    n = utf8Length(v);
    if (n < 0) return REASON_TYPE;
  } else if (type === T.ARRAY || type === T.SET) {
    if (!Array.isArray(v)) return REASON_TYPE;
    n = v.length;
    if (type === T.SET) {
      for (let i = 0; i < n; i++) if (checkValue(T.UINT, v[i]) !== '' || (i > 0 && v[i] <= v[i - 1])) return REASON_TYPE;
    }
  } else {
    return REASON_TYPE;
  }
  if (d & F.EXACT) return n === limit ? '' : REASON_RANGE;
  if ((d & F.MIN1 && n < 1) || (limit && n > limit)) return REASON_RANGE;
  return '';
}

/** Record a fault at this level (`field` is the path below the current map); null, the failure of every converter. */
function fail(key: number, field: string, reason: string): null {
  faultKey = key;
  faultField = field;
  faultReason = reason;
  return null;
}

/** Map key of a property name produced by the CBOR decoder ("1", "-3"). */
function numericKey(name: string): number {
  const n = +name;
  return n === n ? n : -1;
}

/** True when `schema` defines a field with map key `key`. */
function definesKey(schema: Schema, key: number): boolean {
  for (const name in schema) {
    const f = schema[name];
    if ((descriptor(f) & B.KEY) === key) return true;
  }
  return false;
}

// convertValue and convertMap call each other; convertValue reaches convertMap through this
// slot, filled below (a function must be defined before it is called on Espruino).
let mapRef: (schema: Schema, src: Named, reading: boolean, below: number) => Named | null;

/**
 * Convert one value of field `f` (descriptor `d`): wire to named form when `reading`, named
 * to wire form otherwise (the checks are the same both ways); null on fault. An ARRAY field
 * without an element descriptor (a plain number `f`) keeps its elements unchecked.
 */
function convertValue(f: Field, d: number, v: unknown, reading: boolean, below: number): unknown {
  const r = checkValue(d, v);
  if (r !== '') return fail(-1, '', r);
  const type = d & B.TYPE;
  if (typeof f === 'number' || (type !== T.MAP && type !== T.ARRAY)) return v;
  const sub = f[1];
  if (type === T.MAP) {
    const m = mapRef(sub as Schema, v as Named, reading, below);
    if (m === null) faultField = '.' + faultField;
    return m;
  }
  // Elements: a scalar descriptor, or maps of schema `sub`.
  const ef: Field = typeof sub === 'number' ? sub : [T.MAP, sub];
  const arr = v as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < arr.length; i++) {
    const x = convertValue(ef, typeof ef === 'number' ? ef : T.MAP, arr[i], reading, below);
    if (x === null) {
      faultField = '[' + i + ']' + faultField;
      return null;
    }
    out.push(x);
  }
  return out;
}

/**
 * Convert map `src` in the direction of `reading`; null on fault (see the fault state),
 * also when `src` is not a map.
 * Reading: a key the schema does not define is a fault when below `below` (0: never;
 * EXTENSION_KEY_MIN: requests; CLOSED: always). Writing: with `below` non-zero, a name the
 * schema does not define is a fault; optional false booleans are left out.
 */
function convertMap(schema: Schema, src: Named, reading: boolean, below: number): Named | null {
  if (!isMap(src)) return fail(-1, '', REASON_TYPE);
  const out: Named = {};
  let matched = 0;
  for (const name in schema) {
    const f = schema[name];
    const d = descriptor(f);
    const key = d & B.KEY;
    const v = src[reading ? key : name];
    if (v === undefined) {
      if (d & F.REQUIRED) return fail(key, name, REASON_MISSING);
      continue;
    }
    matched++;
    // One encoding per meaning: an optional boolean that is false is left out.
    if (!reading && v === false && (d & (B.TYPE | F.REQUIRED)) === T.BOOL) continue;
    const x = convertValue(f, d, v, reading, below);
    if (x === null) return fail(key, name + faultField, faultReason);
    out[reading ? name : key] = x;
  }
  if (below) {
    let count = 0;
    for (const k in src) if (src[k] !== undefined) count++;
    if (count > matched) {
      for (const k in src) {
        if (src[k] === undefined) continue;
        if (!reading) {
          if (schema[k] === undefined) return fail(-1, k, REASON_UNKNOWN);
        } else {
          const n = numericKey(k);
          if (n < below && !definesKey(schema, n)) return fail(n, k, REASON_UNKNOWN);
        }
      }
    }
  }
  return out;
}
mapRef = convertMap;

/**
 * Read wire map `map` (integer keys, as decoded by protocol/cbor) into named
 * form, checking every field of `schema`: required fields present, types,
 * ranges and lengths. Unknown keys: with `strict` (a reader reading a
 * request) a key below EXTENSION_KEY_MIN is BAD_REQUEST and keys at or above
 * it are ignored; without `strict` (a host reading a response or an event)
 * every unknown key is ignored. Never throws.
 */
export function fromWire(schema: Schema, map: unknown, strict: boolean): Decoded {
  const v = convertMap(schema, map as Named, true, strict ? Limit.EXTENSION_KEY_MIN : 0);
  if (v !== null) fail(-1, '', ''); // success: the outcome below reads a clear fault state
  return { status: v === null ? Status.BAD_REQUEST : Status.OK, value: v || undefined, key: faultKey, field: faultField, reason: faultReason };
}

/**
 * Read `map` against a closed schema (signed bodies, card data): the named
 * form, or null when `map` is not a map, holds a key `schema` does not
 * define, misses a required field or holds a value outside its descriptor.
 * Absent optional fields are absent from the result. Never throws.
 */
export function readBody(schema: Schema, map: unknown): Named | null {
  return convertMap(schema, map as Named, true, CLOSED);
}

/**
 * Convert named object `obj` to a wire map (integer keys) for protocol/cbor
 * `encode`, checking every field of `schema`. Undefined fields are omitted, and
 * so are optional booleans that are false (one encoding per meaning). Throws
 * a coded BAD_REQUEST error (`at` = the offending key, -1 if none) naming the
 * field and the reason, also for a name the schema does not define unless
 * `open` (signed bodies and card data are written from objects that may carry
 * more properties than their table).
 */
export function toWire(schema: Schema, obj: MessageObject, open?: boolean): CborMap {
  const m = convertMap(schema, obj as Named, false, open ? 0 : 1);
  if (m === null) throw codedError(Status.BAD_REQUEST, faultField + ': ' + faultReason, faultKey);
  return m as CborMap;
}
