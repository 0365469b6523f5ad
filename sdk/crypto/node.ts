/**
 * The crypto port on node:crypto (OpenSSL): synchronous, about ten times
 * faster than the pure-JS implementation. node:crypto is reached through
 * `process.getBuiltinModule`, so importing this file never breaks a browser
 * bundle; calling `createNodeCrypto()` outside Node throws.
 */
import type { CryptoPort } from '../../protocol/crypto.js';
import type * as NodeCrypto from 'node:crypto';

/** DER prefix of a PKCS#8 ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Uint8Array.of(
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
);
/** DER prefix of an SPKI ed25519 public key; the 32-byte key follows. */
const SPKI_ED25519_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

/** KeyObjects are costly to build: keep the most recent ones by hex key. */
const CACHE_LIMIT = 64;

function loadNodeCrypto(): typeof NodeCrypto {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = p?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  if (!mod) throw new Error('node:crypto is not available (needs Node 20.16 or later)');
  return mod;
}

function withPrefix(prefix: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + key.length);
  out.set(prefix, 0);
  out.set(key, prefix.length);
  return out;
}

/** A crypto port backed by node:crypto. */
export function createNodeCrypto(): CryptoPort {
  const nc = loadNodeCrypto();
  const privateKeys = new Map<string, NodeCrypto.KeyObject>();
  const publicKeys = new Map<string, NodeCrypto.KeyObject>();

  const cached = (cache: Map<string, NodeCrypto.KeyObject>, raw: Uint8Array, make: () => NodeCrypto.KeyObject) => {
    const id = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('hex');
    let key = cache.get(id);
    if (!key) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      key = make();
      cache.set(id, key);
    }
    return key;
  };

  const privateKey = (seed: Uint8Array) => {
    if (seed.length !== 32) throw new Error('an ed25519 seed is 32 bytes');
    return cached(privateKeys, seed, () =>
      nc.createPrivateKey({ key: Buffer.from(withPrefix(PKCS8_ED25519_PREFIX, seed)), format: 'der', type: 'pkcs8' }));
  };

  return {
    sha256: (data) => new Uint8Array(nc.createHash('sha256').update(data).digest()),
    sign: (seed, message) => new Uint8Array(nc.sign(null, message, privateKey(seed))),
    verify(publicKey, message, signature) {
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      try {
        const key = cached(publicKeys, publicKey, () =>
          nc.createPublicKey({ key: Buffer.from(withPrefix(SPKI_ED25519_PREFIX, publicKey)), format: 'der', type: 'spki' }));
        return nc.verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
    random: (n) => new Uint8Array(nc.randomBytes(n)),
    publicKey(seed) {
      const spki = nc.createPublicKey(privateKey(seed)).export({ format: 'der', type: 'spki' });
      return new Uint8Array(spki.subarray(spki.length - 32));
    },
  };
}
