/** Opening a signed object into its typed form (shared by every object kind). */
import { Status } from '../status.js';
import type { CborMap } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import type { SignedDomain } from './domains.js';
import { open } from './envelope.js';

/** A signed object opened and checked. */
export interface OpenedObject<T> {
  /** OK, or the domain's failure code (e.g. CARD_NOT_AUTHENTIC) for any failure. */
  status: number;
  /**
   * Why it failed: BAD_REQUEST (malformed envelope or body, field out of
   * range), NON_CANONICAL (CBOR outside the canonical profile) or the
   * domain's failure code (signature). OK when status is OK.
   */
  cause: number;
  /** The typed body (when status is OK). */
  value: T | null;
  /** The body bytes exactly as signed (when the envelope parsed). */
  bodyBytes: Uint8Array | null;
  /** The envelope's unsigned attachment, when present. */
  attachment: Uint8Array | null;
}

/** Open an envelope of `domain` with `publicKey` and read its body with `read` (null = invalid body). */
export function openTyped<T>(
  domain: SignedDomain,
  bytes: Uint8Array,
  publicKey: Uint8Array,
  crypto: CryptoPort,
  read: (body: CborMap) => T | null,
): OpenedObject<T> {
  const o = open(domain, bytes, publicKey, crypto);
  let cause = o.status;
  let value: T | null = null;
  if (cause === Status.OK) {
    value = read(o.body as CborMap);
    if (value === null) cause = Status.BAD_REQUEST;
  }
  return {
    status: cause === Status.OK ? Status.OK : domain.invalid,
    cause: cause,
    value: value,
    bodyBytes: o.bodyBytes,
    attachment: o.attachment,
  };
}
