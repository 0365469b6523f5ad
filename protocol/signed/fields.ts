/**
 * Table-driven reading and writing of signed bodies. A body is a CBOR map
 * with small integer keys; each object kind lists its fields (key, name,
 * type, bounds, optional) once, and these functions check a map against the
 * list: no unknown key, every required field present, every value in range.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { utf8Length } from '../bytes/utf8.js';
import type { CborMap, CborValue } from '../cbor/index.js';
import { isCborMap as isMap, keyOf } from '../cbor/index.js';

/** Type of a body field. */
export const enum FieldType {
  /** Unsigned integer, min <= v <= max (at most 2^32-1). */
  UINT = 1,
  /** Byte string, min <= length <= max. */
  BYTES = 2,
  /** Text string, min <= UTF-8 length <= max. */
  TEXT = 3,
  /** Array of unsigned integers in strictly increasing order, min <= count <= max. */
  UINT_SET = 4,
  /** Any value; the object's own check validates it. */
  ANY = 5,
}

/** One row of a field table. */
export interface Field {
  key: number;
  name: string;
  type: FieldType;
  min: number;
  max: number;
  optional: boolean;
}

/** Largest unsigned integer of the CBOR profile. */
export const UINT_MAX = 4294967295;

/** A field-table row. */
export function field(key: number, name: string, type: FieldType, min: number, max: number, optional?: boolean): Field {
  return { key: key, name: name, type: type, min: min, max: max, optional: optional === true };
}

/** True when `v` is an unsigned integer within [min, max]. */
export function isUint(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Math.floor(v) === v && v >= min && v <= max;
}

/** True when `v` is a CBOR map (a plain object: not null, not an array, not bytes); cbor/types' isCborMap. */
export { isMap };

/** True when `v` is a byte string whose length is within [min, max]. */
export function isBytes(v: unknown, min: number, max: number): v is Uint8Array {
  return v instanceof Uint8Array && v.length >= min && v.length <= max;
}

/** True when `v` holds a value allowed by field `f`. */
export function fieldValid(f: Field, v: unknown): boolean {
  if (f.type === FieldType.UINT) return isUint(v, f.min, f.max);
  if (f.type === FieldType.BYTES) return isBytes(v, f.min, f.max);
  if (f.type === FieldType.TEXT) {
    if (typeof v !== 'string') return false;
    const n = utf8Length(v);
    return n >= f.min && n <= f.max;
  }
  if (f.type === FieldType.UINT_SET) {
    if (!Array.isArray(v) || v.length < f.min || v.length > f.max) return false;
    for (let i = 0; i < v.length; i++) {
      if (!isUint(v[i], 0, UINT_MAX)) return false;
      if (i > 0 && v[i] <= v[i - 1]) return false;
    }
    return true;
  }
  return v !== undefined;
}

function known(fields: Field[], key: number): boolean {
  for (let i = 0; i < fields.length; i++) if (fields[i].key === key) return true;
  return false;
}

/**
 * The fields of body map `map` as an object keyed by field name, or null when
 * `map` is not a map, holds a key not in `fields`, misses a required field or
 * holds a value outside its field's type or bounds. Absent optional fields
 * are absent from the result.
 */
export function readFields(map: CborValue, fields: Field[]): { [name: string]: CborValue } | null {
  if (!isMap(map)) return null;
  const names = Object.keys(map);
  for (let i = 0; i < names.length; i++) {
    const k = keyOf(names[i]);
    if (k !== k || !known(fields, k)) return null;
  }
  const out: { [name: string]: CborValue } = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const v = map[f.key];
    if (v === undefined) {
      if (!f.optional) return null;
      continue;
    }
    if (!fieldValid(f, v)) return null;
    out[f.name] = v;
  }
  return out;
}

/**
 * The body map of `obj` (fields taken by name), checked against `fields`.
 * Throws BAD_REQUEST naming the first field that is missing or invalid.
 * Optional fields that are undefined are left out.
 */
export function writeFields(obj: object, fields: Field[]): CborMap {
  const src = obj as { [name: string]: unknown };
  const map: CborMap = {};
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const v = src[f.name];
    if (v === undefined) {
      if (!f.optional) throw codedError(Status.BAD_REQUEST, 'missing field ' + f.name);
      continue;
    }
    if (!fieldValid(f, v)) throw codedError(Status.BAD_REQUEST, 'invalid field ' + f.name);
    map[f.key] = v as CborValue;
  }
  return map;
}
