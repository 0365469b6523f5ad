/**
 * Deterministic key material of the dev issuer: every secret is
 * HKDF-SHA256(ikm = issuer seed, salt = "PassRegion dev issuer v1", info = label),
 * so the same seed always gives the same root key, cards and readers.
 * For development and tests only: a real issuer keeps its root key in an HSM.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8Encode } from '../../protocol/bytes/utf8.js';

const SALT = utf8Encode('PassRegion dev issuer v1');

/** The issuer seed as bytes (a string seed is taken as its UTF-8 bytes). */
export function seedBytes(seed: string | Uint8Array): Uint8Array {
  return typeof seed === 'string' ? utf8Encode(seed) : Uint8Array.from(seed);
}

/** `length` bytes derived from the issuer seed for `label` (e.g. 'root', 'card-key/3'). */
export function derive(seed: Uint8Array, label: string, length = 32): Uint8Array {
  return hkdf(sha256, seed, SALT, utf8Encode(label), length);
}
