/**
 * What the Reader API hands out: the protocol's results (spec §3) with times as Date, ids as
 * hex, codes as names, benefit labels from the catalogue.
 */
import { toHex } from '../../protocol/bytes/hex.js';
import { statusName } from '../../protocol/status.js';
import { benefitLabel } from '../../protocol/catalogue/labels.js';
import type { CardSummary, GetInfoResult, Passage, Wallet } from '../../protocol/messages/types.js';
import { messageFor } from '../status-messages.js';
import type { Lang } from '../receipts/receipt.js';

/** Reader mode (GET_INFO key 6). */
export type ReaderModeName = 'unprovisioned' | 'merchant' | 'access' | 'unknown';

/** The reader's identity and state (GET_INFO). */
export interface ReaderInfo {
  firmwareVersion: string;
  protocolVersion: number;
  /** Reader id, hex (also the USB serial number). */
  readerId: string;
  /** The reader's ed25519 public key. */
  publicKey: Uint8Array;
  /** The installed reader certificate envelope, absent until provisioned. */
  certificate?: Uint8Array;
  mode: ReaderModeName;
  /** Raw mode code. */
  modeCode: number;
  capabilities: {
    events: boolean;
    pinpad: boolean;
    display: boolean;
    signal: boolean;
    cardEvents: boolean;
    /** Raw capability bits. */
    bits: number;
  };
  /** Reader clock, null when not set. */
  time: Date | null;
  /** Time of the newest receipt, null when none. */
  lastReceiptTime: Date | null;
  /** Installed denylist version, 0 when none. */
  denylistVersion: number;
  journal: { used: number; capacity: number; unacknowledged: number };
  maxMessage: number;
}

/** A wallet of the card (READ_CARD without balance, BALANCE with). */
export interface WalletView {
  benefit: number;
  benefitLabel: string;
  campaign: number;
  kind: 'cents' | 'units' | 'entitlement' | 'unknown';
  /** BALANCE only: cents or units left; for entitlements, uses so far. */
  balance?: number;
  /** Amount loaded, when the reader tells it. */
  loaded?: number;
  /** First valid instant. */
  validFrom: Date;
  /** First instant at which the wallet is no longer valid (exclusive end). */
  validUntil: Date;
  suspended: boolean;
  /** The first debit closes the wallet. */
  singleUse: boolean;
}

/** READ_CARD: the public view of a card. */
export interface CardView {
  cardId: string;
  holderName: string;
  establishment: number;
  campaign: number;
  state: 'ok' | 'revoked' | 'pin-blocked' | 'unknown';
  stateCode: number;
  pinTriesLeft?: number;
  wallets: WalletView[];
}

/** BALANCE: the wallets with balances. */
export interface BalanceView {
  cardId: string;
  wallets: WalletView[];
}

/** An access decision (ACCESS_CHECK result, PASSAGE event, journal entry). */
export interface PassageView {
  /** Journal sequence number, when the reader keeps a passage journal. */
  seq?: number;
  time: Date;
  allowed: boolean;
  /** Status code: OK, or why the card was refused. */
  reason: number;
  /** Name of `reason` (e.g. 'CARD_REVOKED'). */
  reasonName: string;
  /** One sentence for the person at the gate ('' when allowed). */
  message: string;
  cardId?: string;
  holderName?: string;
  /** PASSAGE events only: events lost just before this one (from the EVENT frame counter). */
  eventsLost?: number;
}

const MODES: ReaderModeName[] = ['unprovisioned', 'merchant', 'access'];
const WALLET_KINDS: WalletView['kind'][] = ['cents', 'units', 'entitlement'];
const CARD_STATES: CardView['state'][] = ['ok', 'revoked', 'pin-blocked'];

function timeOrNull(t: number): Date | null {
  return t === 0 ? null : new Date(t * 1000);
}

/** GET_INFO result -> ReaderInfo. */
export function infoView(r: GetInfoResult): ReaderInfo {
  const c = r.capabilities;
  const out: ReaderInfo = {
    firmwareVersion: r.firmwareVersion,
    protocolVersion: r.protocolVersion,
    readerId: toHex(r.readerId),
    publicKey: r.publicKey,
    mode: MODES[r.mode] ?? 'unknown',
    modeCode: r.mode,
    capabilities: {
      events: (c & 0x01) !== 0,
      pinpad: (c & 0x02) !== 0,
      display: (c & 0x04) !== 0,
      signal: (c & 0x08) !== 0,
      cardEvents: (c & 0x10) !== 0,
      bits: c,
    },
    time: timeOrNull(r.time),
    lastReceiptTime: timeOrNull(r.lastReceiptTime),
    denylistVersion: r.denylistVersion,
    journal: { used: r.journal.used, capacity: r.journal.capacity, unacknowledged: r.journal.unacknowledged },
    maxMessage: r.maxMessage,
  };
  if (r.certificate !== undefined) out.certificate = r.certificate;
  return out;
}

/** WALLET -> WalletView. */
export function walletView(w: Wallet, lang: Lang): WalletView {
  const out: WalletView = {
    benefit: w.benefit,
    benefitLabel: benefitLabel(w.benefit, lang),
    campaign: w.campaign,
    kind: WALLET_KINDS[w.kind] ?? 'unknown',
    validFrom: new Date(w.from * 1000),
    validUntil: new Date(w.until * 1000),
    suspended: w.suspended === true,
    singleUse: ((w.flags ?? 0) & 0x01) !== 0,
  };
  if (w.balance !== undefined) out.balance = w.balance;
  if (w.loaded !== undefined) out.loaded = w.loaded;
  return out;
}

/** READ_CARD result -> CardView. */
export function cardView(r: CardSummary, lang: Lang): CardView {
  const out: CardView = {
    cardId: toHex(r.cardId),
    holderName: r.holderName,
    establishment: r.establishment,
    campaign: r.campaign,
    state: CARD_STATES[r.state] ?? 'unknown',
    stateCode: r.state,
    wallets: r.wallets.map((w) => walletView(w, lang)),
  };
  if (r.pinTriesLeft !== undefined) out.pinTriesLeft = r.pinTriesLeft;
  return out;
}

/** PASSAGE -> PassageView. */
export function passageView(p: Passage): PassageView {
  const out: PassageView = {
    time: new Date(p.time * 1000),
    allowed: p.allowed,
    reason: p.reason,
    reasonName: statusName(p.reason),
    message: p.allowed ? '' : messageFor(p.reason),
  };
  if (p.seq !== undefined) out.seq = p.seq;
  if (p.cardId !== undefined) out.cardId = toHex(p.cardId);
  if (p.holderName !== undefined) out.holderName = p.holderName;
  return out;
}
