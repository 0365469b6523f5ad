/**
 * The value model of the canonical CBOR profile (spec §1), shared by the
 * firmware codec (this folder) and the host codec (sdk/codec/).
 */

/**
 * A value of the profile: null, booleans, integers in -2^32 .. 2^32-1, text
 * strings, byte strings (Uint8Array), arrays and integer-keyed maps.
 */
export type CborValue = null | boolean | number | string | Uint8Array | CborArray | CborMap;

/** A CBOR array. */
export interface CborArray extends Array<CborValue> {}

/**
 * A CBOR map: a plain object whose own keys are decimal integer strings
 * (`{ 1: 'a', '-1': x }`). A property whose value is `undefined` is omitted
 * when encoding (that is how optional fields are written).
 */
export interface CborMap {
  [key: number]: CborValue | undefined;
  /** Never present: keeps strings, arrays and byte strings from type-checking as maps. */
  length?: never;
}

/** True when `v` is a map of the model (not null, not an array, not a byte string). */
export function isCborMap(v: unknown): v is CborMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** Smallest integer of the profile: -2^32 (head 0x3a ffffffff). */
export const CBOR_INT_MIN = -4294967296;
/** Largest integer of the profile: 2^32-1 (head 0x1a ffffffff). */
export const CBOR_INT_MAX = 4294967295;
/**
 * Maximum nesting of arrays and maps: a top-level array or map is at depth 1;
 * an array or map at depth MAX_DEPTH + 1 is outside the profile.
 */
export const MAX_DEPTH = 16;

/** True when `v` is an integer of the profile (a number, integral, in range). */
export function isProfileInt(v: unknown): v is number {
  return typeof v === 'number' && Math.floor(v) === v && v >= CBOR_INT_MIN && v <= CBOR_INT_MAX;
}

/**
 * Canonical order of two integer map keys (RFC 8949 §4.2.1: by encoded bytes):
 * 0, 1, .., 23, 24, .., then -1, -2, ... Negative result when `a` sorts first.
 */
export function compareKeys(a: number, b: number): number {
  if (a >= 0) return b >= 0 ? a - b : -1;
  return b >= 0 ? 1 : b - a;
}

/**
 * The integer a map property name stands for, or NaN when the name is not a
 * canonical decimal integer of the profile ("1", "-1"; not "01", "+1", "-0", "1e3").
 */
export function keyOf(name: string): number {
  const n = +name;
  if (!isProfileInt(n) || String(n) !== name) return NaN;
  return n;
}
