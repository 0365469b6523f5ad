/**
 * Conversion between the named form of a message (field name -> value, what
 * firmware and SDK code handle) and its wire form (integer key -> value, what
 * the CBOR codec encodes), with validation of every field against its schema.
 * Reading never throws: it returns a {@link Decoded} outcome (firmware
 * handlers need a status, not an exception). Writing throws a coded
 * BAD_REQUEST error, since a bad outgoing value is a programming error.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { utf8Length } from '../bytes/utf8.js';
import type { CborMap, CborValue } from '../cbor/types.js';
import { isCborMap as isMap } from '../cbor/types.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from './schema.js';
import type { Schema, Field, NestedField } from './schema.js';
import { EXTENSION_KEY_MIN } from './limits.js';

/** A message or structure in named form. Absent optional fields are undefined. */
export interface Named {
  [name: string]: unknown;
}

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

// Fault state of the last failed read or write (single-threaded, set only on failure).
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

/** Join a field path: `a` + `.b` or `a[i]...`. */
function join(a: string, b: string): string {
  if (b === '') return a;
  return b.charAt(0) === '[' ? a + b : a + '.' + b;
}

/** Check `v` against packed descriptor `d` (type, flags, limit); '' or a REASON_*. */
export function checkValue(d: number, v: unknown): string {
  const type = d & B.TYPE;
  const limit = d >>> B.LIMIT_SHIFT;
  let n: number;
  if (type === T.UINT) {
    if (typeof v !== 'number' || Math.floor(v) !== v || v < 0 || v > UINT_MAX) return REASON_TYPE;
    if ((d & F.MIN1 && v < 1) || (limit && v > limit)) return REASON_RANGE;
    return '';
  }
  if (type === T.BOOL) return typeof v === 'boolean' ? '' : REASON_TYPE;
  if (type === T.MAP) return isMap(v) ? '' : REASON_TYPE;
  if (type === T.BYTES) {
    if (!(v instanceof Uint8Array)) return REASON_TYPE;
    n = v.length;
  } else if (type === T.TEXT) {
    if (typeof v !== 'string') return REASON_TYPE;
    n = utf8Length(v);
    if (n < 0) return REASON_TYPE;
  } else if (type === T.ARRAY) {
    if (!Array.isArray(v)) return REASON_TYPE;
    n = v.length;
  } else {
    return REASON_TYPE;
  }
  if (d & F.EXACT) return n === limit ? '' : REASON_RANGE;
  if ((d & F.MIN1 && n < 1) || (limit && n > limit)) return REASON_RANGE;
  return '';
}

/** Record a fault at this level (`field` is the path below the current map). */
function fail(key: number, field: string, reason: string): null {
  faultKey = key;
  faultField = field;
  faultReason = reason;
  return null;
}

/** Marker returned by convertValue on failure (the fault state says why). */
const FAILED = {};

/** Map key of a property name produced by the CBOR decoder ("1", "-3"). */
function numericKey(name: string): number {
  const n = +name;
  return n === n ? n : -1;
}

/** True when `schema` defines a field with map key `key`. */
function definesKey(schema: Schema, key: number): boolean {
  for (const name in schema) {
    const f = schema[name];
    if (((typeof f === 'number' ? f : f[0]) & B.KEY) === key) return true;
  }
  return false;
}

// The map converters and convertValue call each other; convertValue reaches them through
// these slots, filled below (a function must be defined before it is called on Espruino).
let readMapRef: (schema: Schema, map: CborMap, strict: boolean) => Named | null;
let writeMapRef: (schema: Schema, obj: Named) => CborMap | null;

/** A nested map converted in the direction of the walk; FAILED on fault. */
function nested(schema: Schema, m: unknown, reading: boolean, strict: boolean): unknown {
  const x = reading ? readMapRef(schema, m as CborMap, strict) : writeMapRef(schema, m as Named);
  return x === null ? FAILED : x;
}

/**
 * Convert one value of field `f` (descriptor `d`): wire to named form when `reading`, named
 * to wire form otherwise (the checks are the same both ways); FAILED on fault.
 */
function convertValue(f: Field, d: number, v: unknown, reading: boolean, strict: boolean): unknown {
  const r = checkValue(d, v);
  if (r !== '') {
    fail(-1, '', r);
    return FAILED;
  }
  const type = d & B.TYPE;
  if (type === T.MAP) return nested((f as NestedField)[1] as Schema, v, reading, strict);
  if (type !== T.ARRAY) return v;
  const sub = (f as NestedField)[1];
  const arr = v as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < arr.length; i++) {
    let x: unknown;
    if (typeof sub === 'number') {
      const e = checkValue(sub, arr[i]);
      if (e !== '') fail(-1, '', e);
      x = e === '' ? arr[i] : FAILED;
    } else {
      const el = arr[i];
      if (isMap(el)) x = nested(sub, el, reading, strict);
      else {
        fail(-1, '', REASON_TYPE);
        x = FAILED;
      }
    }
    if (x === FAILED) {
      faultField = join('[' + i + ']', faultField);
      return FAILED;
    }
    out.push(x);
  }
  return out;
}

/**
 * Read a wire map into named form; null on fault (see the fault state).
 * `strict`: unknown keys below EXTENSION_KEY_MIN are a fault (requests).
 */
function readMap(schema: Schema, map: CborMap, strict: boolean): Named | null {
  const out: Named = {};
  let matched = 0;
  for (const name in schema) {
    const f = schema[name];
    const d = typeof f === 'number' ? f : f[0];
    const key = d & B.KEY;
    const v = map[key];
    if (v === undefined) {
      if (d & F.REQUIRED) return fail(key, name, REASON_MISSING);
      continue;
    }
    matched++;
    const x = convertValue(f, d, v, true, strict);
    if (x === FAILED) return fail(key, join(name, faultField), faultReason);
    out[name] = x;
  }
  if (strict) {
    let count = 0;
    for (const k in map) if (map[k as unknown as number] !== undefined) count++;
    if (count > matched) {
      for (const k in map) {
        const n = numericKey(k);
        if (n < EXTENSION_KEY_MIN && !definesKey(schema, n)) return fail(n, k, REASON_UNKNOWN);
      }
    }
  }
  return out;
}
readMapRef = readMap;

/** Build a Decoded from the fault state. */
function decodedFault(): Decoded {
  return { status: Status.BAD_REQUEST, value: undefined, key: faultKey, field: faultField, reason: faultReason };
}

/**
 * Read wire map `map` (integer keys, as decoded by protocol/cbor) into named
 * form, checking every field of `schema`: required fields present, types,
 * ranges and lengths. Unknown keys: with `strict` (a reader reading a
 * request) a key below EXTENSION_KEY_MIN is BAD_REQUEST and keys at or above
 * it are ignored; without `strict` (a host reading a response or an event)
 * every unknown key is ignored. Never throws.
 */
export function fromWire(schema: Schema, map: unknown, strict: boolean): Decoded {
  if (!isMap(map)) return { status: Status.BAD_REQUEST, value: undefined, key: -1, field: '', reason: REASON_TYPE };
  const v = readMap(schema, map, strict);
  if (v === null) return decodedFault();
  return { status: Status.OK, value: v, key: -1, field: '', reason: '' };
}

/** Write named object `obj` as a wire map; null on fault. Optional false booleans are omitted. */
function writeMap(schema: Schema, obj: Named): CborMap | null {
  for (const name in obj) {
    if (obj[name] !== undefined && schema[name] === undefined) return fail(-1, name, REASON_UNKNOWN);
  }
  const out: CborMap = {};
  for (const name in schema) {
    const f = schema[name];
    const d = typeof f === 'number' ? f : f[0];
    const key = d & B.KEY;
    const v = obj[name];
    if (v === undefined) {
      if (d & F.REQUIRED) return fail(key, name, REASON_MISSING);
      continue;
    }
    if (v === false && (d & B.TYPE) === T.BOOL && !(d & F.REQUIRED)) continue;
    const x = convertValue(f, d, v, false, false);
    if (x === FAILED) return fail(key, join(name, faultField), faultReason);
    out[key] = x as CborValue;
  }
  return out;
}
writeMapRef = writeMap;

/**
 * Convert named object `obj` to a wire map (integer keys) for protocol/cbor
 * `encode`, checking every field of `schema`. Undefined fields are omitted, and
 * so are optional booleans that are false (one encoding per meaning). Throws
 * a coded BAD_REQUEST error (`at` = the offending key, -1 if none) naming the
 * field and the reason, also for a name the schema does not define.
 */
export function toWire(schema: Schema, obj: object): CborMap {
  if (!isMap(obj)) throw codedError(Status.BAD_REQUEST, 'not an object', -1);
  const m = writeMap(schema, obj as Named);
  if (m === null) throw codedError(Status.BAD_REQUEST, faultField + ': ' + faultReason, faultKey);
  return m;
}
