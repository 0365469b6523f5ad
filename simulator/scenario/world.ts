/**
 * Worlds a simulation runs in: a self-contained one built from a scenario
 * (its own issuer, reader and cards, all in memory), or one loaded from a
 * state directory (its reader's flash, its cards) and saved back at the end.
 * Also the creation of a new reader in a state directory.
 */
import type { CryptoPort } from '../../protocol/crypto.js';
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import { utf8Encode } from '../../protocol/bytes/utf8.js';
import { Mode } from '../../protocol/messages/codes.js';
import type { ReaderConfig } from '../../firmware/app/config.js';
import type { Reader, ReaderPorts } from '../../firmware/app/ports.js';

/** How the firmware of a simulation starts (see SessionOptions.start). */
export type FirmwareStart = (ports: ReaderPorts) => Reader;
import type { CardApplet } from '../card/applet.js';
import type { Issuer } from '../issuer/issuer.js';
import { createIssuer } from '../issuer/issuer.js';
import type { ProfileName } from '../issuer/profiles.js';
import { DenyKind } from '../../protocol/signed/denylist.js';
import type { DenylistEntry } from '../../protocol/signed/denylist.js';
import { issuerOf, nextPartnerId } from '../state/issuer.js';
import type { ReaderMeta } from '../state/records.js';
import type { StateDir, StoredCard } from '../state/store.js';
import { getInfo, installDenylist, provisionReader, setTime, type CertificateSpec } from './provision.js';
import { SimSession } from './session.js';
import type { CardSpec, Scenario } from './types.js';

/** A reproducible random source: SHA-256(seed || counter) blocks. */
export function seededRandom(crypto: CryptoPort, seed: string): (n: number) => Uint8Array {
  const s = utf8Encode(seed);
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const input = new Uint8Array(s.length + 4);
      input.set(s);
      new DataView(input.buffer).setUint32(s.length, counter++);
      out.set(crypto.sha256(input).subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

/** A running simulation and what describes it. */
export interface World {
  session: SimSession;
  /** The issuer root public key (to verify receipts). */
  issuerRoot: Uint8Array;
  /** The reader's certificate envelope (to verify receipts that do not carry it). */
  readerCertificate?: Uint8Array;
  /** Reader description for headers. */
  reader: { name: string; partner: string; mode: 'merchant' | 'access'; categories: number[]; establishment?: number; readerId: string };
  /** Card descriptions by name: id, holder, PIN (for the transcript and the menu). */
  cardInfo: Map<string, { id: string; holderName: string; pin: string; profile: string }>;
  /** Suffix of default request ids: '' for a fresh reader, unique per run for a saved one. */
  runTag: string;
  /** Notes of the start (time set, denylist installed...). */
  startNotes: string[];
  /** Save everything back (state worlds); a no-op for self-contained ones. */
  save(): void;
}

function denyEntries(names: Map<string, CardApplet>, d: NonNullable<Scenario['denylist']>): DenylistEntry[] {
  const entries: DenylistEntry[] = [];
  for (const n of d.revoke) entries.push({ cardId: names.get(n)!.cardId, kind: DenyKind.REVOKED, benefits: [], until: 0 });
  for (const s of d.suspend) entries.push({ cardId: names.get(s.card)!.cardId, kind: DenyKind.SUSPENDED, benefits: s.benefits, until: 0 });
  return entries.sort((a, b) => (toHex(a.cardId) < toHex(b.cardId) ? -1 : 1));
}

/** Build the self-contained world of a scenario with a `reader`: issue, boot, provision, personalise. */
export function scenarioWorld(scenario: Scenario, crypto: CryptoPort, start?: FirmwareStart): World {
  const spec = scenario.reader!;
  const issuer = createIssuer(scenario.issuerSeed, crypto);
  const config: ReaderConfig = { issuerRoot: issuer.rootPublicKey };
  if (spec.cardTimeoutMs !== undefined) config.cardTimeoutMs = spec.cardTimeoutMs;
  if (spec.pinTimeoutMs !== undefined) config.pinTimeoutMs = spec.pinTimeoutMs;
  if (spec.doubleTapMs !== undefined) config.doubleTapMs = spec.doubleTapMs;
  const session = new SimSession({ crypto, config, clockMs: 0, seed: spec.seed, hostRandom: seededRandom(crypto, `${spec.seed}/host`), ...(start ? { start } : {}) });
  const p = provisionReader(session, issuer, {
    partnerName: spec.partner, partnerId: 1, mode: spec.mode, categories: spec.categories, establishment: spec.establishment, validDays: spec.validDays,
  }, spec.clock);
  const cardInfo: World['cardInfo'] = new Map();
  for (const c of scenario.cards as CardSpec[]) {
    const card = issuer.issueCard(c.profile as ProfileName, {
      pin: c.pin, establishment: c.establishment, campaign: c.campaign, holderName: c.holderName,
      ...(c.loadedAt !== undefined ? { loadedAt: c.loadedAt } : {}),
    });
    session.addCard(c.id, card);
    cardInfo.set(c.id, { id: toHex(card.cardId), holderName: c.holderName, pin: c.pin, profile: c.profile });
  }
  const startNotes: string[] = [];
  if (scenario.denylist) {
    const entries = denyEntries(session.cards, scenario.denylist);
    const r = installDenylist(session, issuer.issueDenylist(1, entries, spec.clock));
    startNotes.push(`denylist version ${r.version} installed (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'})`);
  }
  return {
    session,
    issuerRoot: issuer.rootPublicKey,
    readerCertificate: p.certificate,
    reader: { name: 'scenario', partner: spec.partner, mode: spec.mode, categories: spec.categories, ...(spec.establishment !== undefined ? { establishment: spec.establishment } : {}), readerId: toHex(p.info.readerId) },
    cardInfo,
    runTag: '',
    startNotes,
    save: () => {},
  };
}

/** Options of {@link stateWorld}. */
export interface StateWorldOptions {
  /** Reader name (default: the only one). */
  reader?: string;
  /** Cards to bring, by reference (default: every card of the directory, named by holder first name). */
  cards?: Array<{ id: string; ref: string }>;
  /** Reader clock override (unix seconds); default: the clock saved with the reader. */
  clock?: number;
  /** Called with progress text. */
  progress?: (s: string) => void;
  /** How the firmware starts (default: from source). */
  start?: FirmwareStart;
}

/** A short unique name per stored card: the holder's first name, lower case, or more when needed. */
function cardNames(cards: StoredCard[]): Map<string, StoredCard> {
  const out = new Map<string, StoredCard>();
  const first = (c: StoredCard) => c.meta.holderName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/\s+/)[0].replace(/[^a-z0-9-]/g, '') || 'card';
  const counts = new Map<string, number>();
  for (const c of cards) counts.set(first(c), (counts.get(first(c)) ?? 0) + 1);
  for (const c of cards) out.set(counts.get(first(c)) === 1 ? first(c) : `${first(c)}-${c.id.slice(0, 4)}`, c);
  return out;
}

/**
 * Load a reader and cards of a state directory into a simulation: the reader
 * boots on its saved flash with its saved clock, then the host installs a
 * newer denylist if the issuer published one. `save()` writes the flash, the
 * clock and every card back.
 */
export function stateWorld(state: StateDir, crypto: CryptoPort, o: StateWorldOptions = {}): World {
  const record = state.readIssuer();
  const stored = state.loadReader(o.reader);
  const meta = stored.meta;
  const issuerRoot = fromHex(record.rootPublicKey);
  const clockMs = o.clock !== undefined ? o.clock * 1000 : meta.clockMs;
  o.progress?.(`booting reader ${meta.name}...`);
  const session = new SimSession({ crypto, config: { issuerRoot }, pages: stored.pages, clockMs, ...(o.start ? { start: o.start } : {}) });
  const all = state.listCards(crypto);
  const chosen = new Map<string, StoredCard>();
  if (o.cards) for (const c of o.cards) chosen.set(c.id, state.findCard(c.ref, crypto));
  else for (const [n, c] of cardNames(all)) chosen.set(n, c);
  const cardInfo: World['cardInfo'] = new Map();
  for (const [n, c] of chosen) {
    session.addCard(n, c.card);
    cardInfo.set(n, { id: c.id, holderName: c.meta.holderName, pin: c.meta.pin, profile: c.meta.profile });
  }
  const startNotes: string[] = [];
  const info = getInfo(session);
  if (toHex(info.readerId) !== meta.readerId) startNotes.push(`warning: the reader reports id ${toHex(info.readerId)}, meta.json says ${meta.readerId}`);
  if (info.mode === Mode.UNPROVISIONED) startNotes.push('warning: the reader is not provisioned');
  if (info.time === 0 || o.clock !== undefined) {
    setTime(session, Math.floor(clockMs / 1000) || Math.floor(Date.now() / 1000));
    startNotes.push('clock set');
  }
  const dl = state.latestDenylist();
  if (dl && dl.version > info.denylistVersion) {
    o.progress?.(`installing denylist version ${dl.version}...`);
    const r = installDenylist(session, dl.parts);
    startNotes.push(`denylist version ${r.version} installed (was ${info.denylistVersion || 'none'})`);
  }
  return {
    session,
    issuerRoot,
    ...(info.certificate ? { readerCertificate: info.certificate } : {}),
    reader: {
      name: meta.name, partner: meta.partnerName, mode: meta.mode, categories: meta.categories,
      ...(meta.establishment !== undefined ? { establishment: meta.establishment } : {}), readerId: meta.readerId,
    },
    cardInfo,
    runTag: `@${toHex(crypto.random(4))}`,
    startNotes,
    save: () => {
      const now = new Date().toISOString();
      const installed = dl && dl.version > info.denylistVersion ? dl.version : info.denylistVersion;
      state.saveReader({ ...meta, clockMs: session.reader.clock.now() || meta.clockMs, denylistVersion: installed, updatedAt: now }, session.flashPages());
      for (const [, card] of session.cardsByName()) state.updateCard(card);
    },
  };
}

/** Options of {@link createStateReader}. */
export interface NewReaderOptions {
  name: string;
  partnerName: string;
  mode: 'merchant' | 'access';
  categories: number[];
  establishment?: number;
  validDays: number;
  /** The reader clock at provisioning (unix seconds). */
  clock: number;
  progress?: (s: string) => void;
}

/**
 * Make a new reader in the state directory the way a provisioning station
 * does: boot the firmware on blank flash (it generates its key), read its
 * public key with GET_INFO, set its clock, have the dev issuer certify it,
 * install the certificate (and the newest denylist) over USB, save the flash.
 */
export function createStateReader(state: StateDir, crypto: CryptoPort, o: NewReaderOptions): { meta: ReaderMeta; issuer: Issuer } {
  const record = state.readIssuer();
  const issuer = issuerOf(record, crypto);
  o.progress?.('booting the reader on blank flash (it generates its key)...');
  const session = new SimSession({ crypto, config: { issuerRoot: issuer.rootPublicKey }, clockMs: 0 });
  const partnerId = nextPartnerId(state);
  const spec: CertificateSpec = {
    partnerName: o.partnerName, partnerId, mode: o.mode, categories: o.categories, validDays: o.validDays,
    ...(o.establishment !== undefined ? { establishment: o.establishment } : {}),
  };
  o.progress?.('GET_INFO, SET_TIME, issuing and installing the certificate...');
  const p = provisionReader(session, issuer, spec, o.clock);
  const dl = state.latestDenylist();
  let denylistVersion = 0;
  if (dl) {
    o.progress?.(`installing denylist version ${dl.version}...`);
    denylistVersion = installDenylist(session, dl.parts).version;
  }
  const now = new Date().toISOString();
  const meta: ReaderMeta = {
    format: 'passreader-reader/1',
    name: o.name,
    partnerName: o.partnerName,
    partnerId,
    mode: o.mode,
    categories: o.mode === 'merchant' ? o.categories : [],
    ...(o.mode === 'access' ? { establishment: o.establishment ?? 1 } : {}),
    readerId: toHex(p.info.readerId),
    publicKey: toHex(p.info.publicKey),
    notBefore: p.notBefore,
    notAfter: p.notAfter,
    flash: { pageSize: session.reader.flash.pageSize, pageCount: session.reader.flash.pageCount },
    clockMs: session.reader.clock.now(),
    denylistVersion,
    createdAt: now,
    updatedAt: now,
  };
  state.saveReader(meta, session.flashPages());
  return { meta, issuer };
}

export type { SimSession };
