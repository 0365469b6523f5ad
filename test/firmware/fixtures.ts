/** Shared setup of the firmware end-to-end tests: issuer, cards, provisioned virtual readers, a debit as a holder does it. */
import * as assert from 'uvu/assert';
import { defaultCrypto } from '../../sdk/crypto/index.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { Status, statusName } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import type { Named } from '../../protocol/messages/wire.js';
import { verifyReceipt } from '../../protocol/signed/verify.js';
import type { Receipt } from '../../protocol/signed/receipt.js';
import { categoryOf } from '../../protocol/catalogue/table.js';
import type { CardApplet } from '../../simulator/card/applet.js';
import { createIssuer } from '../../simulator/issuer/issuer.js';
import type { ProfileName } from '../../simulator/issuer/profiles.js';
import { parisToUnix } from '../../simulator/issuer/paris-time.js';
import { VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import { createVirtualReader } from '../../simulator/reader/index.js';
import type { VirtualReader } from '../../simulator/reader/index.js';
import type { ReaderConfig } from '../../firmware/app/config.js';
import { TestHost } from './host.js';
import type { Answer, Pending } from './host.js';

export const crypto = defaultCrypto();
export const issuer = createIssuer('firmware tests', crypto);
export const PIN = '2468';
/** 15 October 2024, 14:00 Paris: every 2024 wallet is valid. */
export const OCT_2024 = parisToUnix(2024, 10, 15, 14);
/** Benefit and category codes used in the tests. */
export const CINEMA = 8;
export const EQUIPMENT = 4;
export const SHOWS = 9;
export const CAT_CINEMA = 3;
export const CAT_EQUIPMENT = 2;
export const ESTABLISHMENT = 38001;

let cardCount = 0;
/** A fresh card (PIN 2468) for a profile. */
export function newCard(profile: ProfileName = 'cap1-cooking', establishment = ESTABLISHMENT): CardApplet {
  cardCount++;
  return issuer.issueCard(profile, { pin: PIN, establishment, holderName: 'Camille Martin ' + cardCount });
}

/** A request id numbered n. */
export function rid(n: number): Uint8Array {
  const b = new Uint8Array(16);
  b[0] = 0xa0;
  new DataView(b.buffer).setUint32(12, n);
  return b;
}

/** Assert a status by name (readable failures). */
export function expectStatus(a: Answer, status: number, what = ''): void {
  assert.is(statusName(a.status), statusName(status), what + (a.details ? ' details ' + JSON.stringify(a.details) : ''));
}

/** A reader and its host, channel open. */
export interface Bench {
  reader: VirtualReader;
  host: TestHost;
  /** The installed certificate envelope, when provisioned. */
  certificate: Uint8Array | null;
  info: Named;
}

/** Options of the bench helpers. */
export interface BenchOptions {
  flash?: VirtualFlash;
  crypto?: CryptoPort;
  config?: Partial<ReaderConfig>;
  seed?: string;
  mode?: 1 | 2;
  categories?: number[];
  establishment?: number;
  notBefore?: number;
  notAfter?: number;
  /** Reader time after provisioning (unix seconds). */
  time?: number;
}

/** An unprovisioned reader with its channel open. */
export function newBench(o: BenchOptions = {}): Bench {
  const reader = createVirtualReader({
    flash: o.flash ?? new VirtualFlash(4096, 16),
    seed: o.seed,
    crypto: o.crypto ?? crypto,
    config: { issuerRoot: issuer.rootPublicKey, ...o.config },
  });
  const host = new TestHost(reader);
  host.sync();
  const info = host.call(Command.GET_INFO);
  expectStatus(info, Status.OK, 'GET_INFO');
  return { reader, host, certificate: null, info: info.result };
}

/** Set the time and install a certificate for this reader's key. */
export function provision(b: Bench, o: BenchOptions = {}): Uint8Array {
  const time = o.time ?? OCT_2024;
  expectStatus(b.host.call(Command.SET_TIME, { time }), Status.OK, 'SET_TIME');
  const mode = o.mode ?? 1;
  const cert = issuer.issueReaderCertificate({
    readerPublicKey: b.info.publicKey as Uint8Array,
    partnerId: 42,
    partnerName: mode === 1 ? 'Cinema Le Club' : 'Lycee Vaucanson',
    mode,
    categories: mode === 1 ? (o.categories ?? [CAT_EQUIPMENT, CAT_CINEMA]) : [],
    establishment: mode === 2 ? (o.establishment ?? ESTABLISHMENT) : undefined,
    notBefore: o.notBefore ?? parisToUnix(2024, 6, 1, 0),
    notAfter: o.notAfter ?? parisToUnix(2026, 6, 1, 0),
  });
  const a = b.host.call(Command.PROVISION_CERTIFICATE, { certificate: cert });
  expectStatus(a, Status.OK, 'PROVISION_CERTIFICATE');
  b.certificate = cert;
  return cert;
}

/** A provisioned merchant reader (cinema + equipment). */
export function merchantBench(o: BenchOptions = {}): Bench {
  const b = newBench(o);
  provision(b, { ...o, mode: 1 });
  return b;
}

/** A provisioned access reader (establishment 38001). */
export function accessBench(o: BenchOptions = {}): Bench {
  const b = newBench(o);
  provision(b, { ...o, mode: 2 });
  return b;
}

/** Debit arguments. */
export interface DebitRequest {
  benefit: number;
  amount: number;
  requestId: Uint8Array;
  reference?: string;
  collective?: boolean;
}

/** Start a DEBIT, tap the card, type the PIN and '#'; returns the pending request (not yet answered). */
export function startDebit(b: Bench, card: CardApplet, args: DebitRequest, pin = PIN): Pending {
  const p = b.host.send(Command.DEBIT, args);
  b.reader.advance(100);
  b.reader.tap(card);
  b.reader.advance(200);
  if (pin !== '') b.reader.type(pin + '#');
  return p;
}

/** A whole debit as a holder does it; the card stays in the field afterwards. */
export function debit(b: Bench, card: CardApplet, args: DebitRequest, pin = PIN): Answer {
  return b.host.wait(startDebit(b, card, args, pin));
}

/** Verify a receipt fully (reader certificate, signatures, card proof, category) and return its body. */
export function verified(b: Bench, receipt: Uint8Array): Receipt {
  const v = verifyReceipt(receipt, { issuerRoot: issuer.rootPublicKey, readerCertificate: b.certificate as Uint8Array, categoryOf }, crypto);
  assert.is(statusName(v.status), 'OK', 'receipt verification step ' + v.step);
  return v.receipt as Receipt;
}

/** The card's current balance of a benefit (all campaigns). */
export function balanceOf(card: CardApplet, benefit: number): number {
  let n = 0;
  for (const w of card.state().wallets) if (w.benefit === benefit) n += w.balance;
  return n;
}

/** What was loaded on the card for a benefit (all campaigns). */
export function loadedOf(card: CardApplet, benefit: number): number {
  let n = 0;
  for (const w of card.state().wallets) if (w.benefit === benefit) n += w.loaded;
  return n;
}

/** Money is conserved: card balance + amounts of the card's receipts == loaded (CENTS/UNITS benefits). */
export function assertMoney(card: CardApplet, receipts: Receipt[], benefit: number): void {
  const id = Buffer.from(card.cardId).toString('hex');
  let spent = 0;
  for (const r of receipts) if (r.benefit === benefit && Buffer.from(r.cardId).toString('hex') === id) spent += r.amount;
  assert.is(balanceOf(card, benefit) + spent, loadedOf(card, benefit), `money of benefit ${benefit}: balance + receipts = loaded`);
}
