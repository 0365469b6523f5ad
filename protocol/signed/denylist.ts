/**
 * Denylist parts: the issuer's list of revoked cards (lost, stolen, replaced)
 * and suspended benefits. A list of one version is split into parts small
 * enough for one USB message, each part signed on its own. Entries are
 * compact arrays [cardId, kind, benefits, until], sorted by card id.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import type { CborMap, CborValue } from '../cbor/index.js';
import { encode } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import { DENYLIST_DOMAIN } from './domains.js';
import { seal } from './envelope.js';
import type { Schema } from '../messages/schema.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import { checkValue } from '../messages/wire.js';
import { Limit } from '../messages/limits.js';
import { readBody, Size } from './fields.js';
import type { OpenedObject } from './typed.js';
import { openTyped } from './typed.js';

/** Kinds of denylist entries. */
export const enum DenyKind {
  /** The card must not be used at all (lost, stolen, replaced by a duplicate). */
  REVOKED = 1,
  /** The listed benefits (or all, when the list is empty) are suspended. */
  SUSPENDED = 2,
}

/** One denylist entry. */
export interface DenylistEntry {
  /** Card id (8 bytes). */
  cardId: Uint8Array;
  /** {@link DenyKind}. */
  kind: number;
  /** Benefit codes concerned, strictly increasing; empty = all. Always empty for REVOKED. */
  benefits: number[];
  /** End of the measure, unix seconds (exclusive); 0 = forever. */
  until: number;
}

/** One signed part of a denylist version. */
export interface DenylistPart {
  /** Denylist version: increases with every list the issuer publishes. */
  version: number;
  /** Issue time of this version, unix seconds. */
  issuedAt: number;
  /** Index of this part, 0 .. parts-1. */
  part: number;
  /** Number of parts of this version (at least 1). */
  parts: number;
  /** Entries of this part, sorted by card id (bytewise, non-decreasing). */
  entries: DenylistEntry[];
}

/** Body keys of a denylist part. */
export const enum DenylistKey {
  VERSION = 1,
  ISSUED_AT = 2,
  PART = 3,
  PARTS = 4,
  ENTRIES = 5,
}

/** Positions inside an entry array. */
export const enum DenylistEntryIndex {
  CARD_ID = 0,
  KIND = 1,
  BENEFITS = 2,
  UNTIL = 3,
}

/** Field table of a denylist part body (entries are checked by {@link decodeDenylistEntry}). */
export const DENYLIST_FIELDS: Schema = {
  version: DenylistKey.VERSION | F.REQUIRED | T.UINT | F.MIN1,
  issuedAt: DenylistKey.ISSUED_AT | F.REQUIRED | T.UINT,
  part: DenylistKey.PART | F.REQUIRED | T.UINT | 65535 * B.LIMIT,
  parts: DenylistKey.PARTS | F.REQUIRED | T.UINT | F.MIN1 | 65536 * B.LIMIT,
  /** An array of entry arrays (no element descriptor: each is checked by decodeDenylistEntry). */
  entries: DenylistKey.ENTRIES | F.REQUIRED | T.ARRAY,
};

/**
 * Size budget of one sealed denylist part envelope, leaving room for the message around it
 * (4096 max); the messages' MAX_DENYLIST_PART.
 */
export const DENYLIST_PART_MAX_BYTES = Limit.DENYLIST_PART;

/** Descriptors of the positions of an entry array (DenylistEntryIndex order). */
const ENTRY: number[] = [
  T.BYTES | F.EXACT | Size.ID * B.LIMIT,
  /** REVOKED (1) .. SUSPENDED (2). */
  T.UINT | F.MIN1 | DenyKind.SUSPENDED * B.LIMIT,
  T.SET | Size.CODE_SET * B.LIMIT,
  T.UINT,
];

/** Bytewise order of two card ids: negative, zero or positive. */
export function compareCardIds(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The entry held in an entry array, or null when it is malformed. */
export function decodeDenylistEntry(v: CborValue): DenylistEntry | null {
  if (!Array.isArray(v) || v.length !== 4) return null;
  for (let i = 0; i < 4; i++) if (checkValue(ENTRY[i], v[i]) !== '') return null;
  const kind = v[DenylistEntryIndex.KIND] as number;
  const benefits = v[DenylistEntryIndex.BENEFITS] as number[];
  if (kind === DenyKind.REVOKED && benefits.length !== 0) return null;
  return {
    cardId: v[DenylistEntryIndex.CARD_ID] as Uint8Array,
    kind: kind,
    benefits: benefits,
    until: v[DenylistEntryIndex.UNTIL] as number,
  };
}

/** The entry array of an entry; throws BAD_REQUEST when it is invalid. */
export function encodeDenylistEntry(e: DenylistEntry): CborValue {
  const arr: CborValue[] = [e.cardId, e.kind, e.benefits, e.until];
  if (decodeDenylistEntry(arr) === null) throw codedError(Status.BAD_REQUEST, 'invalid denylist entry');
  return arr;
}

/** The denylist part held in a body map, or null when the body is invalid. */
export function decodeDenylistPart(body: CborMap): DenylistPart | null {
  const f = readBody(DENYLIST_FIELDS, body);
  if (f === null) return null;
  const part = f.part as number;
  const parts = f.parts as number;
  if (part >= parts) return null;
  const raw = f.entries as CborValue[];
  const entries: DenylistEntry[] = [];
  for (let i = 0; i < raw.length; i++) {
    const e = decodeDenylistEntry(raw[i]);
    if (e === null) return null;
    if (i > 0 && compareCardIds(entries[i - 1].cardId, e.cardId) > 0) return null;
    entries.push(e);
  }
  // The named form holds version, issuedAt, part and parts: only the entries change form.
  f.entries = entries;
  return f as unknown as DenylistPart;
}

/** The body map of a denylist part; throws BAD_REQUEST when a field is invalid or entries are unsorted. */
export function encodeDenylistPart(d: DenylistPart): CborMap {
  const entries: CborValue[] = [];
  for (let i = 0; i < d.entries.length; i++) {
    if (i > 0 && compareCardIds(d.entries[i - 1].cardId, d.entries[i].cardId) > 0) {
      throw codedError(Status.BAD_REQUEST, 'denylist entries not sorted by card id');
    }
    entries.push(encodeDenylistEntry(d.entries[i]));
  }
  const m: CborMap = {};
  m[DenylistKey.VERSION] = d.version;
  m[DenylistKey.ISSUED_AT] = d.issuedAt;
  m[DenylistKey.PART] = d.part;
  m[DenylistKey.PARTS] = d.parts;
  m[DenylistKey.ENTRIES] = entries;
  if (decodeDenylistPart(m) === null) throw codedError(Status.BAD_REQUEST, 'invalid denylist part');
  return m;
}

/** Issuer side: the signed envelope of one denylist part. */
export function sealDenylistPart(d: DenylistPart, issuerSeed: Uint8Array, crypto: CryptoPort): Uint8Array {
  return seal(DENYLIST_DOMAIN, encodeDenylistPart(d), issuerSeed, crypto);
}

/** Verify a denylist part against the issuer root key; failures give DENYLIST_INVALID. */
export function openDenylistPart(bytes: Uint8Array, issuerRoot: Uint8Array, crypto: CryptoPort): OpenedObject<DenylistPart> {
  return openTyped(DENYLIST_DOMAIN, bytes, issuerRoot, crypto, decodeDenylistPart);
}

/**
 * Issuer side: split the entries of one denylist version into parts whose
 * sealed envelopes each fit in `maxEnvelopeBytes` (default
 * {@link DENYLIST_PART_MAX_BYTES}). Entries are sorted by card id first; an
 * empty list gives one empty part. Throws BAD_REQUEST for an invalid entry.
 */
export function splitDenylist(version: number, issuedAt: number, entries: DenylistEntry[], maxEnvelopeBytes?: number): DenylistPart[] {
  const max = maxEnvelopeBytes === undefined ? DENYLIST_PART_MAX_BYTES : maxEnvelopeBytes;
  const sorted: DenylistEntry[] = [];
  for (let i = 0; i < entries.length; i++) sorted.push(entries[i]);
  sorted.sort(function (a, b) {
    return compareCardIds(a.cardId, b.cardId);
  });
  // Fixed cost of a part: the body with no entries and the largest part/parts
  // numbers, the entries array head (up to 3 bytes), and the envelope around
  // the body: map head, two keys, byte-string head (up to 3 bytes), 64-byte signature head and bytes.
  const empty: CborMap = {};
  empty[DenylistKey.VERSION] = version;
  empty[DenylistKey.ISSUED_AT] = issuedAt;
  empty[DenylistKey.PART] = 65535;
  empty[DenylistKey.PARTS] = 65535;
  empty[DenylistKey.ENTRIES] = [];
  const fixed = encode(empty).length + 2 + (1 + 1 + 3 + 1 + 2 + 64);
  if (fixed >= max) throw codedError(Status.BAD_REQUEST, 'denylist part budget too small');
  const groups: DenylistEntry[][] = [[]];
  let used = fixed;
  for (let i = 0; i < sorted.length; i++) {
    const size = encode(encodeDenylistEntry(sorted[i])).length;
    if (fixed + size > max) throw codedError(Status.BAD_REQUEST, 'denylist entry larger than the part budget');
    if (used + size > max) {
      groups.push([]);
      used = fixed;
    }
    groups[groups.length - 1].push(sorted[i]);
    used += size;
  }
  const out: DenylistPart[] = [];
  for (let i = 0; i < groups.length; i++) {
    out.push({ version: version, issuedAt: issuedAt, part: i, parts: groups.length, entries: groups[i] });
  }
  return out;
}
