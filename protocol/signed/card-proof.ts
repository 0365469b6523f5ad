/**
 * Card proof: what the card applet signs with its own key when it applies a
 * debit. It binds the debit (benefit, campaign, amount, balance after, card
 * counter, time) to the reader's fresh challenge and the reader's id.
 */
import type { CborMap } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import { CARD_PROOF_DOMAIN } from './domains.js';
import { seal } from './envelope.js';
import type { Field } from './fields.js';
import { field, FieldType, readFields, writeFields, UINT_MAX } from './fields.js';
import type { OpenedObject } from './typed.js';
import { openTyped } from './typed.js';

/** Length in bytes of the reader's challenge. */
export const CHALLENGE_LENGTH = 16;

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
export const CARD_PROOF_FIELDS: Field[] = [
  field(CardProofKey.CARD_ID, 'cardId', FieldType.BYTES, 8, 8),
  field(CardProofKey.COUNTER, 'counter', FieldType.UINT, 1, UINT_MAX),
  field(CardProofKey.BENEFIT, 'benefit', FieldType.UINT, 0, UINT_MAX),
  field(CardProofKey.CAMPAIGN, 'campaign', FieldType.UINT, 0, UINT_MAX),
  field(CardProofKey.AMOUNT, 'amount', FieldType.UINT, 0, UINT_MAX),
  field(CardProofKey.BALANCE_AFTER, 'balanceAfter', FieldType.UINT, 0, UINT_MAX),
  field(CardProofKey.CHALLENGE, 'challenge', FieldType.BYTES, CHALLENGE_LENGTH, CHALLENGE_LENGTH),
  field(CardProofKey.TIME, 'time', FieldType.UINT, 0, UINT_MAX),
  field(CardProofKey.PREV_TIME, 'prevTime', FieldType.UINT, 0, UINT_MAX),
  field(CardProofKey.READER_ID, 'readerId', FieldType.BYTES, 8, 8),
];

/** The body map of a card proof; throws BAD_REQUEST when a field is invalid. */
export function encodeCardProof(p: CardProof): CborMap {
  return writeFields(p, CARD_PROOF_FIELDS);
}

/** The card proof held in a body map, or null when the body is invalid. */
export function decodeCardProof(body: CborMap): CardProof | null {
  return readFields(body, CARD_PROOF_FIELDS) as CardProof | null;
}

/** Card applet side: the signed card proof envelope. */
export function sealCardProof(p: CardProof, cardSeed: Uint8Array, crypto: CryptoPort): Uint8Array {
  return seal(CARD_PROOF_DOMAIN, encodeCardProof(p), cardSeed, crypto);
}

/** Verify a card proof against the card's public key; failures give CARD_NOT_AUTHENTIC. */
export function openCardProof(bytes: Uint8Array, cardPublicKey: Uint8Array, crypto: CryptoPort): OpenedObject<CardProof> {
  return openTyped(CARD_PROOF_DOMAIN, bytes, cardPublicKey, crypto, decodeCardProof);
}
