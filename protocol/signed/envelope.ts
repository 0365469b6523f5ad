/**
 * The signed envelope: a CBOR map {1: body, 2: signature [, 3: attachment]}.
 * `body` is the canonical CBOR encoding of the body map (a byte string) and
 * `signature` the 64-byte ed25519 signature of `tag || body`. Verification
 * checks the signature over the body bytes as received: nothing is re-encoded.
 */
import { Status } from '../status.js';
import { isCodedError } from '../errors.js';
import { codedError } from '../errors.js';
import { concat } from '../bytes/bytes.js';
import type { CborMap, CborValue } from '../cbor/index.js';
import { decode, encode, keyOf } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import type { SignedDomain } from './domains.js';
import { isBytes, isMap } from './fields.js';

/** Keys of the envelope map. */
export const enum EnvelopeKey {
  /** The body: canonical CBOR bytes of the body map. */
  BODY = 1,
  /** ed25519 signature of tag || body (64 bytes). */
  SIGNATURE = 2,
  /** Unsigned attachment (receipts only: the reader certificate envelope). */
  ATTACHMENT = 3,
}

/** An envelope taken apart (nothing verified yet). */
export interface EnvelopeParts {
  /** OK, or BAD_REQUEST / NON_CANONICAL when the bytes are not an envelope. */
  status: number;
  body: Uint8Array | null;
  signature: Uint8Array | null;
  attachment: Uint8Array | null;
}

/** The result of opening an envelope. */
export interface Opened {
  /**
   * OK; BAD_REQUEST or NON_CANONICAL when the envelope or the body is not
   * well-formed canonical CBOR of the right shape; the domain's `invalid`
   * code when the signature does not verify.
   */
  status: number;
  /** The decoded body map (when status is OK). */
  body: CborMap | null;
  /** The body bytes exactly as signed. */
  bodyBytes: Uint8Array | null;
  /** The unsigned attachment, when present. */
  attachment: Uint8Array | null;
}

/** The bytes an envelope's signature covers: tag || body. */
export function signingInput(domain: SignedDomain, body: Uint8Array): Uint8Array {
  return concat([domain.tag, body]);
}

function statusOf(e: unknown): number {
  return isCodedError(e) && e.code === Status.NON_CANONICAL ? Status.NON_CANONICAL : Status.BAD_REQUEST;
}

function parts(status: number, body: Uint8Array | null, signature: Uint8Array | null, attachment: Uint8Array | null): EnvelopeParts {
  return { status: status, body: body, signature: signature, attachment: attachment };
}

/**
 * Take an envelope apart: it must be canonical CBOR, a map with key 1 (bytes),
 * key 2 (64 bytes) and, only if `allowAttachment`, key 3 (bytes); nothing else.
 */
export function parseEnvelope(bytes: Uint8Array, allowAttachment: boolean): EnvelopeParts {
  let v: CborValue;
  try {
    v = decode(bytes);
  } catch (e) {
    return parts(statusOf(e), null, null, null);
  }
  if (!isMap(v)) return parts(Status.BAD_REQUEST, null, null, null);
  const names = Object.keys(v);
  for (let i = 0; i < names.length; i++) {
    const k = keyOf(names[i]);
    if (k !== EnvelopeKey.BODY && k !== EnvelopeKey.SIGNATURE && !(allowAttachment && k === EnvelopeKey.ATTACHMENT)) {
      return parts(Status.BAD_REQUEST, null, null, null);
    }
  }
  const body = v[EnvelopeKey.BODY];
  const sig = v[EnvelopeKey.SIGNATURE];
  const att = v[EnvelopeKey.ATTACHMENT];
  if (!isBytes(body, 1, bytes.length) || !isBytes(sig, 64, 64)) return parts(Status.BAD_REQUEST, null, null, null);
  if (att !== undefined && !isBytes(att, 1, bytes.length)) return parts(Status.BAD_REQUEST, null, null, null);
  return parts(Status.OK, body, sig, att === undefined ? null : att);
}

/** Encode an envelope from its parts (the attachment is omitted when null). */
export function buildEnvelope(body: Uint8Array, signature: Uint8Array, attachment: Uint8Array | null): Uint8Array {
  const m: CborMap = {};
  m[EnvelopeKey.BODY] = body;
  m[EnvelopeKey.SIGNATURE] = signature;
  if (attachment !== null) m[EnvelopeKey.ATTACHMENT] = attachment;
  return encode(m);
}

/**
 * Sign already-encoded body bytes and wrap them in an envelope. The body must
 * be the canonical encoding of a map (this is not checked here).
 */
export function sealBytes(domain: SignedDomain, body: Uint8Array, seed: Uint8Array, crypto: CryptoPort, attachment?: Uint8Array): Uint8Array {
  if (attachment !== undefined && !domain.attachment) throw codedError(Status.BAD_REQUEST, domain.name + ' takes no attachment');
  const sig = crypto.sign(seed, signingInput(domain, body));
  return buildEnvelope(body, sig, attachment === undefined ? null : attachment);
}

/**
 * Encode `body` canonically, sign `tag || body` with `seed` and return the
 * envelope bytes. Throws BAD_REQUEST when `body` is outside the CBOR profile.
 */
export function seal(domain: SignedDomain, body: CborMap, seed: Uint8Array, crypto: CryptoPort, attachment?: Uint8Array): Uint8Array {
  return sealBytes(domain, encode(body), seed, crypto, attachment);
}

function opened(status: number, body: CborMap | null, bodyBytes: Uint8Array | null, attachment: Uint8Array | null): Opened {
  return { status: status, body: body, bodyBytes: bodyBytes, attachment: attachment };
}

/**
 * Check an envelope's shape, verify its signature with `publicKey`, then
 * decode its body. Never throws: every failure is a status (see {@link Opened}).
 */
export function open(domain: SignedDomain, bytes: Uint8Array, publicKey: Uint8Array, crypto: CryptoPort): Opened {
  const p = parseEnvelope(bytes, domain.attachment);
  if (p.status !== Status.OK) return opened(p.status, null, null, null);
  const body = p.body as Uint8Array;
  if (!crypto.verify(publicKey, signingInput(domain, body), p.signature as Uint8Array)) {
    return opened(domain.invalid, null, body, p.attachment);
  }
  let v: CborValue;
  try {
    v = decode(body);
  } catch (e) {
    return opened(statusOf(e), null, body, p.attachment);
  }
  if (!isMap(v)) return opened(Status.BAD_REQUEST, null, body, p.attachment);
  return opened(Status.OK, v, body, p.attachment);
}
