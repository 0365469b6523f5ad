/**
 * The dev issuer: a deterministic stand-in for the Region. From one seed it
 * derives the root key, personalises cards for holder profiles (wallets from
 * the loading rules), signs reader certificates and denylists, and replaces
 * lost cards by duplicates. Same seed, same calls -> same bytes.
 */
import { Status } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';
import { toHex } from '../../protocol/bytes/hex.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { CARD_ID_LENGTH } from '../../protocol/card/constants.js';
import type { CardCertificate } from '../../protocol/signed/card-cert.js';
import { openCardCertificate, sealCardCertificate } from '../../protocol/signed/card-cert.js';
import type { ReaderCertificate } from '../../protocol/signed/reader-cert.js';
import { readerIdOf, sealReaderCertificate } from '../../protocol/signed/reader-cert.js';
import type { DenylistEntry } from '../../protocol/signed/denylist.js';
import { DenyKind, sealDenylistPart, splitDenylist } from '../../protocol/signed/denylist.js';
import type { Wallet } from '../../protocol/rules/wallet.js';
import { CardApplet } from '../card/applet.js';
import type { HolderProfile } from './entitlements.js';
import { entitlementsFor, validationOpens } from './entitlements.js';
import { derive, seedBytes } from './keys.js';
import type { ProfileName } from './profiles.js';
import { profileOf } from './profiles.js';

/** Options of {@link Issuer.issueCard}. */
export interface IssueCardOptions {
  /** The holder's 4-digit PIN. */
  pin: string;
  /** Establishment code (card certificate). */
  establishment: number;
  /** Campaign (default 2024). */
  campaign?: number;
  /** Holder display name, 1 to 40 bytes of UTF-8. */
  holderName: string;
  /** Loading / (re)validation time, unix seconds (default: 11 June of the campaign, 00:00 Paris). */
  loadedAt?: number;
  /** Certificate issue time (default: loadedAt). */
  issuedAt?: number;
  /** Profile bit field of the certificate (default 0). */
  profileFlags?: number;
}

/** Options of {@link Issuer.issueReaderCertificate}: a reader certificate without the derived reader id. */
export type ReaderCertificateOptions = Omit<ReaderCertificate, 'readerId'>;

/** A deterministic reader key pair (the simulator's stand-in for a key generated on the board). */
export interface ReaderKey {
  seed: Uint8Array;
  publicKey: Uint8Array;
  /** First 8 bytes of SHA-256(publicKey). */
  readerId: Uint8Array;
}

/** A duplicate card and the denylist entry that revokes the card it replaces. */
export interface Duplicate {
  card: CardApplet;
  revocation: DenylistEntry;
}

/** The dev issuer. */
export interface Issuer {
  /** The issuer root public key (what every verifier holds). */
  readonly rootPublicKey: Uint8Array;
  /** Personalise a card for a holder: wallets from `entitlementsFor(profile, campaign, loadedAt)`. */
  issueCard(profile: HolderProfile | ProfileName, o: IssueCardOptions): CardApplet;
  /** The signed certificate of a reader key. */
  issueReaderCertificate(o: ReaderCertificateOptions): Uint8Array;
  /** A deterministic reader key pair for `label`. */
  readerKey(label: string | number): ReaderKey;
  /** The signed parts of denylist `version` (each envelope at most 3584 bytes, so a message stays under 4096). */
  issueDenylist(version: number, entries: DenylistEntry[], issuedAt?: number): Uint8Array[];
  /**
   * Replace a card (loss, theft, damage): a new card id and key, generation + 1,
   * the same holder, PIN and wallets (balances as the old card holds them), and
   * the REVOKED entry for the old card. `pin` is needed only for a card this
   * issuer instance did not personalise (e.g. loaded from disk).
   */
  duplicateCard(old: CardApplet, o?: { pin?: string; issuedAt?: number }): Duplicate;
}

/** Create the dev issuer of `seed` (string or bytes). */
export function createIssuer(seed: string | Uint8Array, crypto: CryptoPort): Issuer {
  const s = seedBytes(seed);
  const rootSeed = derive(s, 'root');
  const rootPublicKey = crypto.publicKey(rootSeed);
  const pins = new Map<string, string>(); // card id hex -> PIN (the Region keeps it across replacements)
  let serial = 0;

  /** Personalise the next card serial with a certificate and wallets. */
  function personalise(cert: Omit<CardCertificate, 'cardId' | 'cardPublicKey'>, pin: string, wallets: Wallet[]): CardApplet {
    serial++;
    const cardId = derive(s, `card-id/${serial}`, CARD_ID_LENGTH);
    const cardSeed = derive(s, `card-key/${serial}`);
    const certificate = sealCardCertificate({ ...cert, cardId, cardPublicKey: crypto.publicKey(cardSeed) }, rootSeed, crypto);
    const card = CardApplet.personalise({ cardId, seed: cardSeed, certificate, pin, wallets }, crypto);
    pins.set(toHex(cardId), pin);
    return card;
  }

  return {
    rootPublicKey,

    issueCard(profile, o) {
      const campaign = o.campaign ?? 2024;
      const loadedAt = o.loadedAt ?? validationOpens(campaign);
      const wallets = entitlementsFor(profileOf(profile), campaign, loadedAt);
      return personalise({
        establishment: o.establishment, campaign, holderName: o.holderName, profileFlags: o.profileFlags ?? 0,
        issuedAt: o.issuedAt ?? loadedAt,
      }, o.pin, wallets);
    },

    issueReaderCertificate(o) {
      return sealReaderCertificate({ ...o, readerId: readerIdOf(o.readerPublicKey, crypto) }, rootSeed, crypto);
    },

    readerKey(label) {
      const seed = derive(s, `reader-key/${label}`);
      const publicKey = crypto.publicKey(seed);
      return { seed, publicKey, readerId: Uint8Array.from(readerIdOf(publicKey, crypto)) };
    },

    issueDenylist(version, entries, issuedAt = 0) {
      return splitDenylist(version, issuedAt, entries).map((part) => sealDenylistPart(part, rootSeed, crypto));
    },

    duplicateCard(old, o = {}) {
      const opened = openCardCertificate(old.certificate, rootPublicKey, crypto);
      if (!opened.value) throw codedError(Status.CARD_NOT_AUTHENTIC, 'the card was not issued by this issuer');
      const c = opened.value;
      const pin = o.pin ?? pins.get(toHex(c.cardId));
      if (!pin) throw codedError(Status.BAD_REQUEST, 'PIN unknown for this card: pass it in the options');
      const card = personalise({
        establishment: c.establishment, campaign: c.campaign, holderName: c.holderName, profileFlags: c.profileFlags,
        issuedAt: o.issuedAt ?? c.issuedAt, cardGeneration: (c.cardGeneration ?? 0) + 1,
      }, pin, old.state().wallets);
      return { card, revocation: { cardId: c.cardId, kind: DenyKind.REVOKED, benefits: [], until: 0 } };
    },
  };
}
