/**
 * Host crypto ports: node:crypto in Node, @noble in browsers. Both give
 * byte-identical signatures (ed25519 is deterministic).
 */
import type { CryptoPort } from '../../protocol/crypto.js';
import { createBrowserCrypto } from './browser.js';
import { createNodeCrypto } from './node.js';

export { createBrowserCrypto } from './browser.js';
export { createNodeCrypto } from './node.js';

let shared: CryptoPort | null = null;

/** The fastest port for this runtime (node:crypto under Node, else @noble), created once. */
export function defaultCrypto(): CryptoPort {
  if (!shared) {
    const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
    shared = versions?.node ? createNodeCrypto() : createBrowserCrypto();
  }
  return shared;
}
