/**
 * The crypto port: the primitives the firmware asks its platform for.
 *
 * Every function is synchronous, so a board can implement it natively and
 * both JerryScript and Espruino can call it without promises. Signatures are
 * ed25519 as in RFC 8032 (pure, no prehash, no context); hashes are SHA-256.
 * Implementations: a board's native code, `sdk/crypto/node.ts` (node:crypto),
 * `sdk/crypto/noble.ts` (@noble/ed25519 + @noble/hashes, for browsers).
 */
export interface CryptoPort {
  /** SHA-256 of `data` (32 bytes). */
  sha256(data: Uint8Array): Uint8Array;
  /**
   * ed25519 signature (64 bytes) of `message` under the key derived from the
   * 32-byte `seed` (the RFC 8032 secret key). A board that keeps its key in a
   * secure element may accept an opaque key handle in place of the seed.
   */
  sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  /**
   * True when `signature` is a valid ed25519 signature of `message` under
   * `publicKey`. Never throws: wrong lengths or an invalid key give false.
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** `n` bytes from a cryptographically secure random source. */
  random(n: number): Uint8Array;
  /** The 32-byte ed25519 public key of a 32-byte seed. */
  publicKey(seed: Uint8Array): Uint8Array;
}

/** Length in bytes of an ed25519 seed (secret key). */
export const SEED_LENGTH = 32;
/** Length in bytes of an ed25519 public key. */
export const PUBLIC_KEY_LENGTH = 32;
/** Length in bytes of an ed25519 signature. */
export const SIGNATURE_LENGTH = 64;
/** Length in bytes of a SHA-256 digest. */
export const SHA256_LENGTH = 32;
