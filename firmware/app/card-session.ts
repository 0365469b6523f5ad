/**
 * One card in the field, through the PN532 driver: poll (0, 1 or 2 cards),
 * SELECT, GET CARD DATA (the certificate, checked against the issuer root),
 * INTERNAL AUTHENTICATE with a fresh challenge (the card proves it holds the
 * certified key), then what flows need: PIN, wallets, DEBIT, last transaction.
 * Transport failures are thrown by the driver as coded errors (CARD_REMOVED,
 * INTERNAL...); unexpected status words become CARD_ERROR {sw}.
 */
import { Status } from '../../protocol/status.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { bytesEqual as same, concat } from '../../protocol/bytes/bytes.js';
import { parseResponse } from '../../protocol/card/apdu.js';
import type { ResponseApdu } from '../../protocol/card/apdu.js';
import { isCodedError } from '../../protocol/errors.js';
import {
  continuation, getCardDataCommand, getLastTransactionCommand, internalAuthenticateCommand,
  pinStatusCommand, readWalletsCommand, selectCommand, verifyPinCommand,
} from '../../protocol/card/commands.js';
import { APPLET_VERSION, CHALLENGE_LENGTH } from '../../protocol/card/constants.js';
import { Sw, swStatus, swTriesLeft } from '../../protocol/card/sw.js';
import { decodeLastTransaction, decodeSelectData, decodeWallets } from '../../protocol/card/data.js';
import type { LastTransaction, WalletView } from '../../protocol/card/data.js';
import { verifyCardAuth } from '../../protocol/card/auth.js';
import { parseEnvelope } from '../../protocol/signed/envelope.js';
import { decode } from '../../protocol/cbor/decode.js';
import type { CborMap } from '../../protocol/cbor/types.js';
import { decodeCardCertificate, openCardCertificate } from '../../protocol/signed/card-cert.js';
import type { CardCertificate } from '../../protocol/signed/card-cert.js';
import type { Pn532, PollResult } from '../drivers/pn532/driver.js';
import { failure } from './errors.js';

/** A card answer: status word and the whole data (GET RESPONSE parts joined). */
export interface CardAnswer {
  sw: number;
  data: Uint8Array;
}

/** An authenticated card. */
export interface CardInfo {
  cardId: Uint8Array;
  /** Certificate envelope as read, and its body. */
  certificate: Uint8Array;
  cert: CardCertificate;
}

/** Verified card certificates remembered by hash (16 bytes of SHA-256), so a returning card costs no signature check. */
const CERT_CACHE_SIZE = 16;

function copy(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}

/** True when two byte arrays are equal (protocol/bytes' bytesEqual). */
export { same };

/** The failure for a card status word: its protocol status, CARD_ERROR {sw} when it maps to nothing meaningful. */
export function cardFailure(sw: number): Error {
  const s = swStatus(sw);
  if (s === Status.OK || s === Status.CARD_ERROR || s === Status.BAD_REQUEST || s === Status.TRANSACTION_NOT_FOUND) {
    return failure(Status.CARD_ERROR, { sw: sw });
  }
  if (s === Status.WRONG_PIN) return failure(s, { triesLeft: swTriesLeft(sw) });
  return failure(s);
}

/** The card side of the reader: one session at a time. */
export class CardSession {
  /** True between a poll that found one card and release(). */
  active = false;
  private ready = false;
  private readonly cache: Uint8Array[] = [];
  private cacheNext = 0;

  constructor(private readonly nfc: Pn532, private readonly crypto: CryptoPort, private readonly issuerRoot: Uint8Array) {}

  /**
   * Look for cards. count 0: none; 1: one card, session open (call release()
   * when done; `isoDep` not true: not ISO/IEC 14443-4, it cannot be ours);
   * MULTIPLE_CARDS is thrown after releasing the field. `uid` is the NFCID1
   * (a copy: the driver's is a view into its read buffer).
   */
  poll(): PollResult {
    if (!this.ready) {
      this.nfc.init();
      this.ready = true;
    }
    let r: PollResult;
    try {
      r = this.nfc.poll();
    } catch (e) {
      this.ready = false;
      throw e;
    }
    if (r.count > 0) {
      this.active = true;
      if (r.count > 1) {
        this.release();
        throw failure(Status.MULTIPLE_CARDS);
      }
      r.uid = copy(r.uid as Uint8Array);
    }
    return r;
  }

  /** Configure the PN532 now (at start); a failure is retried at the next poll. */
  init(): void {
    try {
      this.nfc.init();
      this.ready = true;
    } catch (e) {
      if (!isCodedError(e)) throw e;
    }
  }

  /** End the session (InRelease); a transport failure here is ignored. */
  release(): void {
    if (!this.active) return;
    this.active = false;
    try {
      this.nfc.release();
    } catch (e) {
      if (!isCodedError(e)) throw e;
    }
  }

  /**
   * Send one command, follow 61xx with GET RESPONSE, return the SW and all
   * data (copied: the driver answers views into its read buffer). A PN532
   * fault (INTERNAL) makes the next poll configure the chip again.
   */
  transmit(apdu: Uint8Array): CardAnswer {
    const parts: Uint8Array[] = [];
    let next: Uint8Array | null = apdu;
    let sw = 0;
    while (next !== null) {
      let r: ResponseApdu;
      try {
        r = parseResponse(this.nfc.exchange(next));
      } catch (e) {
        if (e && (e as { code?: unknown }).code === Status.INTERNAL) this.ready = false;
        throw e;
      }
      parts.push(copy(r.data));
      sw = r.sw;
      next = continuation(r);
    }
    return { sw: sw, data: parts.length > 1 ? concat(parts) : parts[0] };
  }

  /**
   * Send a command that must answer 9000 and return its data; null when it
   * answers `none` instead; any other SW is thrown as its status (CARD_ERROR
   * {sw} when unexpected: cardFailure).
   */
  private command(apdu: Uint8Array, none?: number): Uint8Array | null {
    const a = this.transmit(apdu);
    if (a.sw === none) return null;
    if (a.sw !== Sw.OK) throw cardFailure(a.sw);
    return a.data;
  }

  /**
   * SELECT, GET CARD DATA, certificate check, INTERNAL AUTHENTICATE.
   * Throws CARD_UNSUPPORTED (no Pass'Région applet), CARD_NOT_AUTHENTIC.
   */
  authenticate(): CardInfo {
    // No applet (a status word of CARD_UNSUPPORTED) is thrown by command() as CARD_UNSUPPORTED.
    const sel = decodeSelectData(this.command(selectCommand()) as Uint8Array);
    if (sel === null || sel.version !== APPLET_VERSION) throw failure(Status.CARD_UNSUPPORTED);
    const certificate = this.command(getCardDataCommand()) as Uint8Array;
    const cert = this.checkCertificate(certificate);
    if (cert === null || !same(cert.cardId, sel.cardId)) throw failure(Status.CARD_NOT_AUTHENTIC);
    const challenge = this.crypto.random(CHALLENGE_LENGTH);
    const sig = this.command(internalAuthenticateCommand(challenge)) as Uint8Array;
    if (!verifyCardAuth(cert.cardPublicKey, challenge, sig, this.crypto)) throw failure(Status.CARD_NOT_AUTHENTIC);
    return { cardId: cert.cardId, certificate: certificate, cert: cert };
  }

  /** The certificate body if it verifies against the issuer root (or was verified before), else null. */
  private checkCertificate(bytes: Uint8Array): CardCertificate | null {
    const h = this.crypto.sha256(bytes).subarray(0, 16);
    for (let i = 0; i < this.cache.length; i++) {
      if (same(this.cache[i], h)) {
        const p = parseEnvelope(bytes, false);
        if (p.status !== Status.OK) break;
        return decodeCardCertificate(decode(p.body as Uint8Array) as CborMap);
      }
    }
    const o = openCardCertificate(bytes, this.issuerRoot, this.crypto);
    if (o.status !== Status.OK) return null;
    const hc = copy(h);
    if (this.cache.length < CERT_CACHE_SIZE) this.cache.push(hc);
    else this.cache[this.cacheNext] = hc;
    this.cacheNext = (this.cacheNext + 1) % CERT_CACHE_SIZE;
    return o.value;
  }

  /** PIN state without trying: tries left (0 = blocked), or -1 when the card does not tell. */
  pinTries(): number {
    const a = this.transmit(pinStatusCommand());
    if (a.sw === Sw.PIN_BLOCKED) return 0;
    return swTriesLeft(a.sw);
  }

  /** Present the PIN: -1 verified, else the tries left after a wrong PIN; PIN_BLOCKED is thrown. */
  verifyPin(pin: string): number {
    const a = this.transmit(verifyPinCommand(pin));
    if (a.sw === Sw.OK) return -1;
    const left = swTriesLeft(a.sw);
    if (left > 0) return left;
    if (a.sw === Sw.PIN_BLOCKED || left === 0) throw failure(Status.PIN_BLOCKED);
    throw cardFailure(a.sw);
  }

  /** The wallets (balances only when the PIN was verified in this session). */
  readWallets(withBalances: boolean): WalletView[] {
    const w = decodeWallets(this.command(readWalletsCommand(withBalances)) as Uint8Array);
    if (w === null) throw failure(Status.CARD_ERROR);
    return w;
  }

  /** The card's last transaction, or null when it never debited. */
  lastTransaction(): LastTransaction | null {
    const a = this.command(getLastTransactionCommand(), Sw.NO_TRANSACTION);
    if (a === null) return null;
    const t = decodeLastTransaction(a);
    if (t === null) throw failure(Status.CARD_ERROR);
    return t;
  }
}
