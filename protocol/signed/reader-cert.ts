/**
 * Reader certificate: the issuer root binds a reader's public key to a
 * partner, a mode (merchant or access), the benefit categories the partner is
 * agreed for (merchant) or the establishment it guards (access), and a
 * validity window.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { bytesEqual } from '../bytes/bytes.js';
import type { CborMap } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import { READER_CERT_DOMAIN } from './domains.js';
import { seal } from './envelope.js';
import type { Schema } from '../messages/schema.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import { toWire } from '../messages/wire.js';
import { readBody, Size } from './fields.js';
import type { OpenedObject } from './typed.js';
import { openTyped } from './typed.js';

/** Reader modes. */
export const enum ReaderMode {
  /** Debits benefits at a partner, with the holder's PIN. */
  MERCHANT = 1,
  /** Access control (e.g. canteen): tap, no PIN, no debit. */
  ACCESS = 2,
}

/** A reader certificate body. */
export interface ReaderCertificate {
  /** The first 8 bytes of SHA-256(readerPublicKey). */
  readerId: Uint8Array;
  /** The reader's ed25519 public key (32 bytes). */
  readerPublicKey: Uint8Array;
  /** Partner code. */
  partnerId: number;
  /** Partner display name, 1 to 64 bytes of UTF-8. */
  partnerName: string;
  /** {@link ReaderMode}. */
  mode: number;
  /** Agreed benefit category codes, strictly increasing: at least one for merchant, none for access. */
  categories: number[];
  /** Establishment code: present in access mode only. */
  establishment?: number;
  /** Start of validity, unix seconds (inclusive). */
  notBefore: number;
  /** End of validity, unix seconds (inclusive). */
  notAfter: number;
}

/** Body keys of the reader certificate. */
export const enum ReaderCertKey {
  READER_ID = 1,
  READER_PUBLIC_KEY = 2,
  PARTNER_ID = 3,
  PARTNER_NAME = 4,
  MODE = 5,
  CATEGORIES = 6,
  ESTABLISHMENT = 7,
  NOT_BEFORE = 8,
  NOT_AFTER = 9,
}

/** Field table of the reader certificate body. */
export const READER_CERT_FIELDS: Schema = {
  readerId: ReaderCertKey.READER_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
  readerPublicKey: ReaderCertKey.READER_PUBLIC_KEY | F.REQUIRED | T.BYTES | F.EXACT | Size.PUBLIC_KEY * B.LIMIT,
  partnerId: ReaderCertKey.PARTNER_ID | F.REQUIRED | T.UINT,
  partnerName: ReaderCertKey.PARTNER_NAME | F.REQUIRED | T.TEXT | F.MIN1 | 64 * B.LIMIT,
  /** MERCHANT (1) .. ACCESS (2). */
  mode: ReaderCertKey.MODE | F.REQUIRED | T.UINT | F.MIN1 | ReaderMode.ACCESS * B.LIMIT,
  categories: ReaderCertKey.CATEGORIES | F.REQUIRED | T.SET | Size.CODE_SET * B.LIMIT,
  establishment: ReaderCertKey.ESTABLISHMENT | F.OPTIONAL | T.UINT,
  notBefore: ReaderCertKey.NOT_BEFORE | F.REQUIRED | T.UINT,
  notAfter: ReaderCertKey.NOT_AFTER | F.REQUIRED | T.UINT,
};

/** The reader id of a reader public key: the first 8 bytes of its SHA-256. */
export function readerIdOf(publicKey: Uint8Array, crypto: CryptoPort): Uint8Array {
  return crypto.sha256(publicKey).subarray(0, 8);
}

/** True when the cross-field rules hold: mode vs categories and establishment, notBefore <= notAfter. */
function consistent(c: ReaderCertificate): boolean {
  // Called once the fields are checked (mode is MERCHANT or ACCESS): a merchant has
  // categories and no establishment, an access reader an establishment and no categories.
  const merchant = c.mode === ReaderMode.MERCHANT;
  return c.notBefore <= c.notAfter && merchant === c.categories.length > 0 && merchant === (c.establishment === undefined);
}

/** The body map of a reader certificate; throws BAD_REQUEST when a field or a cross-field rule is violated. */
export function encodeReaderCertificate(c: ReaderCertificate): CborMap {
  const m = toWire(READER_CERT_FIELDS, c, true);
  if (!consistent(c)) throw codedError(Status.BAD_REQUEST, 'reader certificate: mode, categories, establishment or window inconsistent');
  return m;
}

/** The reader certificate held in a body map, or null when the body is invalid. */
export function decodeReaderCertificate(body: CborMap): ReaderCertificate | null {
  const c = readBody(READER_CERT_FIELDS, body) as ReaderCertificate | null;
  return c !== null && consistent(c) ? c : null;
}

/** Issuer side: the signed reader certificate envelope (checks that readerId matches the key). */
export function sealReaderCertificate(c: ReaderCertificate, issuerSeed: Uint8Array, crypto: CryptoPort): Uint8Array {
  const m = encodeReaderCertificate(c);
  if (!bytesEqual(c.readerId, readerIdOf(c.readerPublicKey, crypto))) {
    throw codedError(Status.BAD_REQUEST, 'reader certificate: readerId is not SHA-256(readerPublicKey)[0..8]');
  }
  return seal(READER_CERT_DOMAIN, m, issuerSeed, crypto);
}

/**
 * Verify a reader certificate against the issuer root key, including
 * readerId == SHA-256(readerPublicKey)[0..8]. Failures give CERTIFICATE_INVALID;
 * the validity window is not checked here (see {@link certificateCovers}).
 */
export function openReaderCertificate(bytes: Uint8Array, issuerRoot: Uint8Array, crypto: CryptoPort): OpenedObject<ReaderCertificate> {
  return openTyped(READER_CERT_DOMAIN, bytes, issuerRoot, crypto, function (body: CborMap) {
    const c = decodeReaderCertificate(body);
    return c !== null && bytesEqual(c.readerId, readerIdOf(c.readerPublicKey, crypto)) ? c : null;
  });
}

/** True when `time` (unix seconds) lies in the certificate's window, bounds included. */
export function certificateCovers(c: ReaderCertificate, time: number): boolean {
  return time >= c.notBefore && time <= c.notAfter;
}

/** True when the certificate agrees the reader for benefit category `category`. */
export function certificateAgrees(c: ReaderCertificate, category: number): boolean {
  for (let i = 0; i < c.categories.length; i++) if (c.categories[i] === category) return true;
  return false;
}
