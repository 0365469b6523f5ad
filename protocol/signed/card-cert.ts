/**
 * Card certificate: the issuer root binds a card id to the card's public key
 * and to the holder's establishment, campaign, display name and profile.
 */
import type { CborMap } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import { CARD_CERT_DOMAIN } from './domains.js';
import { seal } from './envelope.js';
import type { Field } from './fields.js';
import { field, FieldType, readFields, writeFields, UINT_MAX } from './fields.js';
import type { OpenedObject } from './typed.js';
import { openTyped } from './typed.js';

/** A card certificate body. */
export interface CardCertificate {
  /** Card id, 8 bytes, assigned by the issuer. */
  cardId: Uint8Array;
  /** The card's ed25519 public key (32 bytes). */
  cardPublicKey: Uint8Array;
  /** Establishment code of the holder. */
  establishment: number;
  /** Campaign the card was issued or last re-validated for (e.g. 2024). */
  campaign: number;
  /** Holder display name, 1 to 40 bytes of UTF-8. */
  holderName: string;
  /** Holder profile bit field (bits assigned in §7). */
  profileFlags: number;
  /** Issue time, unix seconds. */
  issuedAt: number;
  /** Duplicate number: absent or 0 for the first card, higher for each replacement. */
  cardGeneration?: number;
}

/** Body keys of the card certificate. */
export const enum CardCertKey {
  CARD_ID = 1,
  CARD_PUBLIC_KEY = 2,
  ESTABLISHMENT = 3,
  CAMPAIGN = 4,
  HOLDER_NAME = 5,
  PROFILE_FLAGS = 6,
  ISSUED_AT = 7,
  CARD_GENERATION = 8,
}

/** Field table of the card certificate body. */
export const CARD_CERT_FIELDS: Field[] = [
  field(CardCertKey.CARD_ID, 'cardId', FieldType.BYTES, 8, 8),
  field(CardCertKey.CARD_PUBLIC_KEY, 'cardPublicKey', FieldType.BYTES, 32, 32),
  field(CardCertKey.ESTABLISHMENT, 'establishment', FieldType.UINT, 0, UINT_MAX),
  field(CardCertKey.CAMPAIGN, 'campaign', FieldType.UINT, 0, UINT_MAX),
  field(CardCertKey.HOLDER_NAME, 'holderName', FieldType.TEXT, 1, 40),
  field(CardCertKey.PROFILE_FLAGS, 'profileFlags', FieldType.UINT, 0, UINT_MAX),
  field(CardCertKey.ISSUED_AT, 'issuedAt', FieldType.UINT, 0, UINT_MAX),
  field(CardCertKey.CARD_GENERATION, 'cardGeneration', FieldType.UINT, 0, UINT_MAX, true),
];

/** The body map of a card certificate; throws BAD_REQUEST when a field is invalid. */
export function encodeCardCertificate(c: CardCertificate): CborMap {
  return writeFields(c, CARD_CERT_FIELDS);
}

/** The card certificate held in a body map, or null when the body is invalid. */
export function decodeCardCertificate(body: CborMap): CardCertificate | null {
  return readFields(body, CARD_CERT_FIELDS) as CardCertificate | null;
}

/** Issuer side: the signed card certificate envelope. */
export function sealCardCertificate(c: CardCertificate, issuerSeed: Uint8Array, crypto: CryptoPort): Uint8Array {
  return seal(CARD_CERT_DOMAIN, encodeCardCertificate(c), issuerSeed, crypto);
}

/** Verify a card certificate against the issuer root key; failures give CARD_NOT_AUTHENTIC. */
export function openCardCertificate(bytes: Uint8Array, issuerRoot: Uint8Array, crypto: CryptoPort): OpenedObject<CardCertificate> {
  return openTyped(CARD_CERT_DOMAIN, bytes, issuerRoot, crypto, decodeCardCertificate);
}
