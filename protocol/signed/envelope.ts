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
import { decode, encode } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import type { Schema } from '../messages/schema.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import type { SignedDomain } from './domains.js';
import { isMap, readBody, Size } from './fields.js';

/** Keys of the envelope map. */
export const enum EnvelopeKey {
  /** The body: canonical CBOR bytes of the body map. */
  BODY = 1,
  /** ed25519 signature of tag || body (64 bytes). */
  SIGNATURE = 2,
  /** Unsigned attachment (receipts only: the reader certificate envelope). */
  ATTACHMENT = 3,
}

/** Field table of the envelope map (the attachment is refused where the domain takes none). */
const ENVELOPE_FIELDS: Schema = {
  body: EnvelopeKey.BODY | F.REQUIRED | T.BYTES | F.MIN1,
  signature: EnvelopeKey.SIGNATURE | F.REQUIRED | T.BYTES | F.EXACT | Size.SIGNATURE * B.LIMIT,
  attachment: EnvelopeKey.ATTACHMENT | F.OPTIONAL | T.BYTES | F.MIN1,
};

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

/** The parts of an envelope that did not parse: only the status. */
function noParts(status: number): EnvelopeParts {
  return { status: status, body: null, signature: null, attachment: null };
}

/**
 * Take an envelope apart: it must be canonical CBOR, a map with key 1 (bytes),
 * key 2 (64 bytes) and, only if `allowAttachment`, key 3 (bytes); nothing else.
 * (A byte string inside the envelope is shorter than the envelope: no upper bound needed.)
 */
export function parseEnvelope(bytes: Uint8Array, allowAttachment: boolean): EnvelopeParts {
  let v: CborValue;
  try {
    v = decode(bytes);
  } catch (e) {
    return noParts(statusOf(e));
  }
  const e = readBody(ENVELOPE_FIELDS, v);
  if (e === null || (!allowAttachment && e.attachment !== undefined)) return noParts(Status.BAD_REQUEST);
  // The named form is the parts: body, signature, attachment (null when absent), and the status.
  const p = e as unknown as EnvelopeParts;
  if (e.attachment === undefined) p.attachment = null;
  p.status = Status.OK;
  return p;
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
  if (attachment !== undefined && !domain.attachment) throw codedError(Status.BAD_REQUEST, 'this kind of signed object takes no attachment');
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

/**
 * Check an envelope's shape, verify its signature with `publicKey`, then
 * decode its body. Never throws: every failure is a status (see {@link Opened}).
 */
export function open(domain: SignedDomain, bytes: Uint8Array, publicKey: Uint8Array, crypto: CryptoPort): Opened {
  const p = parseEnvelope(bytes, domain.attachment);
  // When the envelope does not parse, p.body and p.attachment are null.
  const o: Opened = { status: p.status, body: null, bodyBytes: p.body, attachment: p.attachment };
  const body = p.body as Uint8Array;
  if (o.status !== Status.OK) return o;
  if (!crypto.verify(publicKey, signingInput(domain, body), p.signature as Uint8Array)) {
    o.status = domain.invalid;
    return o;
  }
  try {
    const v = decode(body);
    if (isMap(v)) o.body = v;
    else o.status = Status.BAD_REQUEST;
  } catch (e) {
    o.status = statusOf(e);
  }
  return o;
}
