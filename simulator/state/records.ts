/** The JSON records of a state directory (see store.ts for the layout). */
import type { CardJSON } from '../card/applet.js';

/** DIR/issuer.json: the dev Region. */
export interface IssuerRecord {
  format: 'passreader-issuer/1';
  /** The seed text every issuer key derives from (a dev issuer: keep it out of production!). */
  seed: string;
  /** The issuer root public key, hex (what every reader and verifier holds). */
  rootPublicKey: string;
  /** ISO time of `issuer init`. */
  createdAt: string;
  /** Card serials used so far (card ids and keys derive from the serial). */
  cardsIssued: number;
  /** Next partner code for a reader certificate. */
  nextPartnerId: number;
  /** The cumulative denylist: its latest version and every entry in force. */
  denylist: { version: number; entries: DenyEntryRecord[] };
}

/** One denylist entry as stored. */
export interface DenyEntryRecord {
  /** Card id, hex. */
  cardId: string;
  kind: 'revoked' | 'suspended';
  /** Benefit codes (suspended only; empty = every benefit). */
  benefits: number[];
  /** End of the measure, unix seconds; 0 = forever. */
  until: number;
}

/** What the simulator keeps beside a card's memory (the card itself never holds it). */
export interface CardMeta {
  holderName: string;
  /** Holder profile name (PROFILES) the wallets were loaded for. */
  profile: string;
  /** The PIN, kept so the simulator can remind a developer of it. Dev only. */
  pin: string;
  establishment: number;
  campaign: number;
  /** Issuer serial of the card. */
  serial: number;
  /** ISO time the card was issued. */
  issuedAt: string;
}

/** DIR/cards/<id>.json: the card applet's memory (loadable by loadCard) plus `sim` metadata. */
export interface CardFile extends CardJSON {
  sim: CardMeta;
}

/** DIR/readers/<name>/meta.json. */
export interface ReaderMeta {
  format: 'passreader-reader/1';
  /** Directory name. */
  name: string;
  partnerName: string;
  partnerId: number;
  mode: 'merchant' | 'access';
  /** Category codes (merchant). */
  categories: number[];
  /** Establishment code (access). */
  establishment?: number;
  /** Reader id and public key, hex, as the reader reported them with GET_INFO. */
  readerId: string;
  publicKey: string;
  /** Certificate validity, unix seconds. */
  notBefore: number;
  notAfter: number;
  /** Geometry of flash.bin. */
  flash: { pageSize: number; pageCount: number };
  /** The reader's battery-backed clock when last saved (unix ms). */
  clockMs: number;
  /** Denylist version last provisioned. */
  denylistVersion: number;
  createdAt: string;
  updatedAt: string;
}
