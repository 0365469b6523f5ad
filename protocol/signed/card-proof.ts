/**
 * Card proof: what the card applet signs with its own key when it applies a
 * debit. It binds the debit (benefit, campaign, amount, balance after, card
 * counter, time) to the reader's fresh challenge and the reader's id.
 */
import type { CborMap } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import { CARD_PROOF_DOMAIN } from './domains.js';
import { seal } from './envelope.js';
import type { Schema } from '../messages/schema.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import { toWire } from '../messages/wire.js';
import { readBody, Size } from './fields.js';
import type { OpenedObject } from './typed.js';
import { openTyped } from './typed.js';

/** Length in bytes of the reader's challenge. */
export const CHALLENGE_LENGTH = Size.CHALLENGE;

/** A card proof body. */
export interface CardProof {
  /** Card id (8 bytes). */
  cardId: Uint8Array;
  /** The card's transaction counter after this debit. */
  counter: number;
  /** Benefit code (§7). */
  benefit: number;
  /** Campaign of the debited wallet. */
  campaign: number;
  /** Amount debited: cents, or units for ticket benefits. */
  amount: number;
  /** Wallet balance after the debit. */
  balanceAfter: number;
  /** The reader's challenge (16 bytes). */
  challenge: Uint8Array;
  /** Debit time given by the reader, unix seconds. */
  time: number;
  /** The card's previous last-transaction time, unix seconds (0 if none). */
  prevTime: number;
  /**
   * Id of the reader that asked for the debit (8 bytes). Signed by the card so
   * a proof read back with GET LAST TRANSACTION cannot be passed off in
   * another reader's receipt.
   */
  readerId: Uint8Array;
}

/** Body keys of the card proof. */
export const enum CardProofKey {
  CARD_ID = 1,
  COUNTER = 2,
  BENEFIT = 3,
  CAMPAIGN = 4,
  AMOUNT = 5,
  BALANCE_AFTER = 6,
  CHALLENGE = 7,
  TIME = 8,
  PREV_TIME = 9,
  READER_ID = 10,
}

/** Field table of the card proof body. */
export const CARD_PROOF_FIELDS: Schema = {
  cardId: CardProofKey.CARD_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
  counter: CardProofKey.COUNTER | F.REQUIRED | T.UINT | F.MIN1,
  benefit: CardProofKey.BENEFIT | F.REQUIRED | T.UINT,
  campaign: CardProofKey.CAMPAIGN | F.REQUIRED | T.UINT,
  amount: CardProofKey.AMOUNT | F.REQUIRED | T.UINT,
  balanceAfter: CardProofKey.BALANCE_AFTER | F.REQUIRED | T.UINT,
  challenge: CardProofKey.CHALLENGE | F.REQUIRED | T.BYTES | F.EXACT | Size.CHALLENGE * B.LIMIT,
  time: CardProofKey.TIME | F.REQUIRED | T.UINT,
  prevTime: CardProofKey.PREV_TIME | F.REQUIRED | T.UINT,
  readerId: CardProofKey.READER_ID | F.REQUIRED | T.BYTES | F.EXACT | Size.ID * B.LIMIT,
};

/** The body map of a card proof; throws BAD_REQUEST when a field is invalid. */
export function encodeCardProof(p: CardProof): CborMap {
  return toWire(CARD_PROOF_FIELDS, p, true);
}

/** The card proof held in a body map, or null when the body is invalid. */
export function decodeCardProof(body: CborMap): CardProof | null {
  return readBody(CARD_PROOF_FIELDS, body) as CardProof | null;
}

/** Card applet side: the signed card proof envelope. */
export function sealCardProof(p: CardProof, cardSeed: Uint8Array, crypto: CryptoPort): Uint8Array {
  return seal(CARD_PROOF_DOMAIN, encodeCardProof(p), cardSeed, crypto);
}

/** Verify a card proof against the card's public key; failures give CARD_NOT_AUTHENTIC. */
export function openCardProof(bytes: Uint8Array, cardPublicKey: Uint8Array, crypto: CryptoPort): OpenedObject<CardProof> {
  return openTyped(CARD_PROOF_DOMAIN, bytes, cardPublicKey, crypto, decodeCardProof);
}
