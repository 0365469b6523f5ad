/**
 * Signed bodies are CBOR maps with small integer keys, described by the one
 * table format of protocol/messages/schema.ts (field name -> packed
 * descriptor) and read and written by its converter (messages/wire.ts):
 * {@link readBody} reads a closed table (no unknown key, every required
 * field present, every value in range), `toWire(table, obj, true)` writes
 * one. This module holds the sizes the tables share and two small value
 * checks of the envelope and the verifier.
 */
import { isCborMap as isMap } from '../cbor/index.js';

export { readBody } from '../messages/wire.js';

/** Sizes used in the field tables of signed bodies and card data (a const enum: tables fold to numbers). */
export const enum Size {
  /** Card id, reader id. */
  ID = 8,
  /** ed25519 public key. */
  PUBLIC_KEY = 32,
  /** SHA-256 (a receipt's `prev`). */
  HASH = 32,
  /** A reader's challenge (card proof, DEBIT command, INTERNAL AUTHENTICATE). */
  CHALLENGE = 16,
  /** ed25519 signature. */
  SIGNATURE = 64,
  /** Largest embedded envelope (card proof, card certificate). */
  ENVELOPE = 1024,
  /** Largest set of category or benefit codes. */
  CODE_SET = 64,
}

/** Largest unsigned integer of the CBOR profile. */
export const UINT_MAX = 4294967295;

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
