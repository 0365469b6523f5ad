/**
 * The crypto port on @noble/ed25519 + @noble/hashes: pure JavaScript, for
 * browsers (and any runtime with `crypto.getRandomValues`). Synchronous:
 * noble's sync API needs its SHA-512 hook set, which this module does once.
 * Verification is RFC 8032 strict (`zip215: false`), as OpenSSL's is.
 */
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { CryptoPort } from '../../protocol/crypto.js';

ed.hashes.sha512 = sha512;

/** getRandomValues fills at most 65,536 bytes per call. */
const RANDOM_CHUNK = 65536;

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += RANDOM_CHUNK) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(n, i + RANDOM_CHUNK)));
  return out;
}

/** A crypto port backed by @noble/ed25519 and @noble/hashes. */
export function createBrowserCrypto(): CryptoPort {
  return {
    sha256: (data) => sha256(data),
    sign: (seed, message) => ed.sign(message, seed),
    verify(publicKey, message, signature) {
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      try {
        return ed.verify(signature, message, publicKey, { zip215: false });
      } catch {
        return false;
      }
    },
    random: randomBytes,
    publicKey: (seed) => ed.getPublicKey(seed),
  };
}
