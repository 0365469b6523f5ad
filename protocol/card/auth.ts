/**
 * INTERNAL AUTHENTICATE (spec §6.3.3): the card signs a reader challenge with
 * its certified key, proving it holds the key without debiting anything. The
 * signature covers the domain tag "PR1/card-auth\0" followed by the 16-byte
 * challenge, so it can never be taken for a card proof or a certificate.
 */
import { utf8Encode } from '../bytes/utf8.js';
import { concat } from '../bytes/bytes.js';
import type { CryptoPort } from '../crypto.js';
import { CHALLENGE_LENGTH } from './constants.js';

/** Domain-separation tag of the card authentication signature: "PR1/card-auth\0". */
export const CARD_AUTH_TAG: Uint8Array = utf8Encode('PR1/card-auth\u0000');

/** The bytes the card signs for INTERNAL AUTHENTICATE: tag || challenge. */
export function cardAuthInput(challenge: Uint8Array): Uint8Array {
  return concat([CARD_AUTH_TAG, challenge]);
}

/** Reader side: true when `signature` is the card's answer to `challenge`. */
export function verifyCardAuth(cardPublicKey: Uint8Array, challenge: Uint8Array, signature: Uint8Array, crypto: CryptoPort): boolean {
  if (challenge.length !== CHALLENGE_LENGTH) return false;
  return crypto.verify(cardPublicKey, cardAuthInput(challenge), signature);
}
