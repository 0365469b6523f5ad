/**
 * The dev issuer of a state directory: created once from a seed (issuer.json),
 * then re-created from that seed by every command. Card ids derive from the
 * issuer's card serial, so the serial count is kept in issuer.json.
 */
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import type { DenylistEntry } from '../../protocol/signed/denylist.js';
import { DenyKind } from '../../protocol/signed/denylist.js';
import type { IssueCardOptions, Issuer } from '../issuer/issuer.js';
import { createIssuer } from '../issuer/issuer.js';
import type { ProfileName } from '../issuer/profiles.js';
import type { IssuerRecord, DenyEntryRecord } from './records.js';
import type { StateDir, StoredCard } from './store.js';
import { StateError } from './store.js';

/** Default seed of `issuer init`. */
export const DEFAULT_SEED = 'passreader dev region';

/** Create the dev Region in `state`. Throws StateError when one exists and `force` is false. */
export function initIssuer(state: StateDir, seed: string, crypto: CryptoPort, force = false): IssuerRecord {
  if (state.hasIssuer() && !force) {
    throw new StateError(`${state.issuerPath} exists already (use --force to replace it; cards and readers of the old issuer will no longer verify)`);
  }
  const issuer = createIssuer(seed, crypto);
  const record: IssuerRecord = {
    format: 'passreader-issuer/1',
    seed,
    rootPublicKey: toHex(issuer.rootPublicKey),
    createdAt: new Date().toISOString(),
    cardsIssued: 0,
    nextPartnerId: 1,
    denylist: { version: 0, entries: [] },
  };
  state.writeIssuer(record);
  return record;
}

/** The issuer of a record (root key checked against the record). */
export function issuerOf(record: IssuerRecord, crypto: CryptoPort): Issuer {
  const issuer = createIssuer(record.seed, crypto);
  if (toHex(issuer.rootPublicKey) !== record.rootPublicKey) {
    throw new StateError('issuer.json: the seed does not give the recorded root public key');
  }
  return issuer;
}

/** The issuer root public key of a state directory. */
export function issuerRoot(state: StateDir): Uint8Array {
  return fromHex(state.readIssuer().rootPublicKey);
}

/**
 * Issue the next card of the state's issuer and save it. The issuer derives
 * card ids from its serial counter, which starts at 0 in a fresh instance, so
 * the serials already used are consumed first (cheap: a few signatures each).
 */
export function issueStoredCard(
  state: StateDir,
  crypto: CryptoPort,
  profile: ProfileName,
  o: IssueCardOptions,
): StoredCard {
  const record = state.readIssuer();
  const issuer = issuerOf(record, crypto);
  for (let i = 0; i < record.cardsIssued; i++) {
    issuer.issueCard('referent', { pin: '0000', establishment: 0, holderName: 'serial' });
  }
  const card = issuer.issueCard(profile, o);
  record.cardsIssued++;
  const meta = {
    holderName: o.holderName,
    profile,
    pin: o.pin,
    establishment: o.establishment,
    campaign: o.campaign ?? 2024,
    serial: record.cardsIssued,
    issuedAt: new Date().toISOString(),
  };
  const id = state.saveCard(card, meta);
  state.writeIssuer(record);
  return { id, path: state.cardPath(id), card, meta };
}

/** A stored denylist entry as the protocol structure. */
export function denyEntry(r: DenyEntryRecord): DenylistEntry {
  return {
    cardId: fromHex(r.cardId),
    kind: r.kind === 'revoked' ? DenyKind.REVOKED : DenyKind.SUSPENDED,
    benefits: r.kind === 'revoked' ? [] : r.benefits.slice().sort((a, b) => a - b),
    until: r.until,
  };
}

/**
 * Add entries to the cumulative denylist, sign the next version and store it.
 * A new entry for a card replaces that card's entry of the same kind.
 */
export function publishDenylist(
  state: StateDir,
  crypto: CryptoPort,
  add: DenyEntryRecord[],
  remove: string[] = [],
  issuedAt = Math.floor(Date.now() / 1000),
): { version: number; entries: DenyEntryRecord[]; files: string[] } {
  const record = state.readIssuer();
  const issuer = issuerOf(record, crypto);
  let entries = record.denylist.entries.filter((e) => !remove.includes(e.cardId));
  for (const a of add) {
    entries = entries.filter((e) => !(e.cardId === a.cardId && e.kind === a.kind));
    entries.push(a);
  }
  entries.sort((a, b) => (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : a.kind < b.kind ? -1 : 1));
  const version = record.denylist.version + 1;
  const parts = issuer.issueDenylist(version, entries.map(denyEntry), issuedAt);
  const files = state.saveDenylist(version, parts);
  record.denylist = { version, entries };
  state.writeIssuer(record);
  return { version, entries, files };
}

/** Allocate the next partner code. */
export function nextPartnerId(state: StateDir): number {
  const record = state.readIssuer();
  const id = record.nextPartnerId;
  record.nextPartnerId++;
  state.writeIssuer(record);
  return id;
}
