/**
 * Field descriptors: the one table format of the protocol's CBOR maps with
 * small integer keys: the USB messages (this folder), the signed bodies
 * (protocol/signed) and the card command data (protocol/card), all read,
 * written and checked by the converter of ./wire.ts. A schema is a plain
 * object `field name -> descriptor`; a descriptor packs the field's integer
 * map key with its type, flags and limit into one small integer (cheap on
 * Espruino):
 *
 *   bits 0-4   map key (1..23 in this version; keys >= 24 are never used)
 *   bits 5-8   type (FieldType)
 *   bits 9-11  flags (FieldFlag)
 *   bits 12-30 limit: largest value of a uint, largest length of bytes / text
 *              (UTF-8 bytes) / array; 0 = no limit beyond the CBOR profile
 *
 * MAP and ARRAY fields are a pair `[descriptor, sub]`: `sub` is the nested
 * schema of a MAP, or the element (a schema for maps, else a descriptor
 * whose key is 0) of an ARRAY.
 *
 * Tables are written as constant expressions of the const enums below, e.g.
 * `cardId: 1 | F.REQUIRED | T.BYTES | F.EXACT | 8 * B.LIMIT`, so that each
 * descriptor is a plain number in the firmware bundle ({@link req} and
 * {@link opt} build the same numbers at run time, for host code).
 */

/** Field types (bits 5-8 of a descriptor). */
export const enum FieldType {
  /** Unsigned integer 0 .. 2^32-1 (CBOR major type 0). */
  UINT = 0x20,
  /** true / false. */
  BOOL = 0x40,
  /** Byte string. */
  BYTES = 0x60,
  /** UTF-8 text string; its limit counts UTF-8 bytes. */
  TEXT = 0x80,
  /** Nested map with its own schema. */
  MAP = 0xa0,
  /** Array; its limit counts elements. */
  ARRAY = 0xc0,
  /** Array of uints (0 .. 2^32-1) in strictly increasing order; its limit counts elements. */
  SET = 0xe0,
}

/** Field flags (bits 9-11 of a descriptor). */
export const enum FieldFlag {
  /** The field may be absent (no bit: written in tables for the reader's eye). */
  OPTIONAL = 0,
  /** The field must be present. */
  REQUIRED = 0x200,
  /** uint >= 1; bytes, text or array not empty. */
  MIN1 = 0x400,
  /** Bytes length must equal the limit. */
  EXACT = 0x800,
}

/** Masks and shifts of a descriptor. */
export const enum FieldBits {
  KEY = 0x1f,
  TYPE = 0x1e0,
  LIMIT_SHIFT = 12,
  /** A limit `n` is `n * LIMIT` in a descriptor. */
  LIMIT = 0x1000,
}

/** A nested field: `[descriptor, sub]` (sub: a schema, or an array element descriptor). */
export type NestedField = [number, Schema | number];

/** A field descriptor: a packed integer, or a nested pair. */
export type Field = number | NestedField;

/**
 * A message or structure: field name -> descriptor. Code reads a schema's names only to
 * read or write the same names on a message object, never as text (the board build may
 * shorten them: scripts/firmware-size.mjs).
 * @propertyTable
 */
export interface Schema {
  [name: string]: Field;
}

function pack(key: number, type: number, limit: number | undefined, sub: Schema | number | undefined, required: number): Field {
  const d = key | type | required | ((limit || 0) * 4096);
  return sub === undefined ? d : [d, sub];
}

/**
 * A required field. `type` is a FieldType, optionally or-ed with MIN1 / EXACT;
 * `limit` as in the file comment; `sub` for MAP and ARRAY fields.
 */
export function req(key: number, type: number, limit?: number, sub?: Schema | number): Field {
  return pack(key, type, limit, sub, FieldFlag.REQUIRED);
}

/** An optional field (omitted from the map when absent). Same parameters as {@link req}. */
export function opt(key: number, type: number, limit?: number, sub?: Schema | number): Field {
  return pack(key, type, limit, sub, 0);
}

/** The packed descriptor of a field (the first element of a nested pair). */
export function descriptor(f: Field): number {
  return typeof f === 'number' ? f : f[0];
}

/** The integer map key of a field. */
export function fieldKey(f: Field): number {
  return descriptor(f) & FieldBits.KEY;
}

/** The limit of a packed descriptor (0 = none). */
export function fieldLimit(d: number): number {
  return d >>> FieldBits.LIMIT_SHIFT;
}

/** The map key of field `name` in `schema`, or -1 when the schema has no such field. */
export function keyOf(schema: Schema, name: string): number {
  const f = schema[name];
  return f === undefined ? -1 : fieldKey(f);
}

/** The name of the field of `schema` with map key `key`, or '' when none. */
export function nameOfKey(schema: Schema, key: number): string {
  for (const name in schema) if (fieldKey(schema[name]) === key) return name;
  return '';
}

/** The descriptor of a scalar array element (key 0), for ARRAY fields of bytes, text or uint. */
export function element(type: number, limit?: number): number {
  return type | ((limit || 0) * 4096);
}
