/** Shared helpers of the card tests: an issuer, a card, and a minimal reader-side exchange. */
import { defaultCrypto } from '../../sdk/crypto/index.js';
import { concat } from '../../protocol/bytes/bytes.js';
import { parseResponse } from '../../protocol/card/apdu.js';
import { continuation, selectCommand, verifyPinCommand } from '../../protocol/card/commands.js';
import type { CardApplet } from '../../simulator/card/applet.js';
import { createIssuer } from '../../simulator/issuer/issuer.js';
import type { ProfileName } from '../../simulator/issuer/profiles.js';
import { parisToUnix } from '../../simulator/issuer/paris-time.js';

export const crypto = defaultCrypto();
export const issuer = createIssuer('card tests', crypto);
export const PIN = '2468';
/** 15 October 2024, 14:00 Paris: every 2024 wallet is valid. */
export const OCT_2024 = parisToUnix(2024, 10, 15, 14);
export const READER_ID = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

/** A fresh card for `profile` with PIN 2468. */
export function newCard(profile: ProfileName = 'cap1-cooking'): CardApplet {
  return issuer.issueCard(profile, { pin: PIN, establishment: 38001, holderName: 'Camille Martin' });
}

/** Send one command and follow 61xx with GET RESPONSE; returns the final SW and all data. */
export function send(card: CardApplet, apdu: Uint8Array): { sw: number; data: Uint8Array } {
  let r = parseResponse(card.transceive(apdu));
  const parts = [r.data];
  let next = continuation(r);
  while (next) {
    r = parseResponse(card.transceive(next));
    parts.push(r.data);
    next = continuation(r);
  }
  return { sw: r.sw, data: concat(parts) };
}

/** SELECT and, when `pin` is given, VERIFY PIN; asserts nothing. */
export function open(card: CardApplet, pin?: string): number {
  const s = send(card, selectCommand()).sw;
  if (pin === undefined || s !== 0x9000) return s;
  return send(card, verifyPinCommand(pin)).sw;
}

/** A fresh random-looking 16-byte challenge numbered `n` (deterministic). */
export function challenge(n: number): Uint8Array {
  const c = new Uint8Array(16);
  for (let i = 0; i < 16; i++) c[i] = (n * 37 + i * 11 + (n >> 8)) & 0xff;
  c[0] = n & 0xff;
  c[1] = (n >> 8) & 0xff;
  return c;
}
