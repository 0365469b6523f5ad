/**
 * Card certificate: the issuer root binds a card id to the card's public key
 * and to the holder's establishment, campaign, display name and profile.
 */
import type { CborMap } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import { CARD_CERT_DOMAIN } from './domains.js';
import { seal } from './envelope.js';
import type { Schema } from '../messages/schema.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import { toWire } from '../messages/wire.js';
import { readBody, Size } from './fields.js';
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
export const CARD_CERT_FIELDS: Schema = {
  cardId: CardCertKey.CARD_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
  cardPublicKey: CardCertKey.CARD_PUBLIC_KEY | F.REQUIRED | T.BYTES | F.EXACT | Size.PUBLIC_KEY * B.LIMIT,
  establishment: CardCertKey.ESTABLISHMENT | F.REQUIRED | T.UINT,
  campaign: CardCertKey.CAMPAIGN | F.REQUIRED | T.UINT,
  holderName: CardCertKey.HOLDER_NAME | F.REQUIRED | T.TEXT | F.MIN1 | 40 * B.LIMIT,
  profileFlags: CardCertKey.PROFILE_FLAGS | F.REQUIRED | T.UINT,
  issuedAt: CardCertKey.ISSUED_AT | F.REQUIRED | T.UINT,
  cardGeneration: CardCertKey.CARD_GENERATION | F.OPTIONAL | T.UINT,
};

/** The body map of a card certificate; throws BAD_REQUEST when a field is invalid. */
export function encodeCardCertificate(c: CardCertificate): CborMap {
  return toWire(CARD_CERT_FIELDS, c, true);
}

/** The card certificate held in a body map, or null when the body is invalid. */
export function decodeCardCertificate(body: CborMap): CardCertificate | null {
  return readBody(CARD_CERT_FIELDS, body) as CardCertificate | null;
}

/** Issuer side: the signed card certificate envelope. */
export function sealCardCertificate(c: CardCertificate, issuerSeed: Uint8Array, crypto: CryptoPort): Uint8Array {
  return seal(CARD_CERT_DOMAIN, encodeCardCertificate(c), issuerSeed, crypto);
}

/** Verify a card certificate against the issuer root key; failures give CARD_NOT_AUTHENTIC. */
export function openCardCertificate(bytes: Uint8Array, issuerRoot: Uint8Array, crypto: CryptoPort): OpenedObject<CardCertificate> {
  return openTyped(CARD_CERT_DOMAIN, bytes, issuerRoot, crypto, decodeCardCertificate);
}
