/**
 * The demo world of `npm start`, kept in a simulator state directory (so
 * balances, PIN tries and the readers' journals survive a restart): a dev
 * Region, a partner reader agreed for equipment, cinema, shows, books and
 * sport, a canteen reader in access mode, and dev cards of several holder
 * profiles: one revoked (lost, replaced by a duplicate), one from another
 * establishment, one whose benefits expired (last campaign, not re-validated).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Category } from '../../protocol/catalogue/codes.js';
import { createNodeCrypto } from '../../sdk/crypto/node.js';
import { parisFields } from '../../simulator/issuer/paris-time.js';
import type { ProfileName } from '../../simulator/issuer/profiles.js';
import { createStateReader } from '../../simulator/scenario/world.js';
import { StateDir, initIssuer, issueStoredCard, publishDenylist, issuerRoot, type StoredCard } from '../../simulator/state/index.js';
import type { ReaderMeta } from '../../simulator/state/records.js';
import { LiveReader } from '../../simulator/reader/index.js';
import type { DemoCard } from './control.js';

/** Seed of the demo Region (a development issuer, never a real one). */
export const DEMO_SEED = 'passregion demo region';
/** The establishment the canteen reader guards (a lycée), and another one. */
export const HOME_SCHOOL = 38001;
export const OTHER_SCHOOL = 69002;
/** Reader names (directories in the state dir, names on the bridge). */
export const TILL_READER = 'comptoir';
export const CANTEEN_READER = 'cantine';

/** One dev card of the demo. */
interface CardPlan {
  holder: string;
  profile: ProfileName;
  pin: string;
  establishment: number;
  /** Campaign offset from the current one (-1: last campaign, benefits expired). */
  campaignOffset: number;
  /** Revoked: reported lost, replaced by a duplicate. */
  revoked?: boolean;
  note: { fr: string; en: string };
}

const CARDS: CardPlan[] = [
  { holder: 'Camille Martin', profile: 'cap1-cooking', pin: '1234', establishment: HOME_SCHOOL, campaignOffset: 0,
    note: { fr: 'CAP cuisine : équipement 200 €, cinéma, spectacles, livres', en: 'CAP cooking: equipment €200, cinema, shows, books' } },
  { holder: 'Léa Dubois', profile: 'terminale-general', pin: '2580', establishment: HOME_SCHOOL, campaignOffset: 0,
    note: { fr: 'Terminale : livres 35 €, cinéma, spectacles', en: 'Final year: books €35, cinema, shows' } },
  { holder: 'Emma Bernard', profile: 'combat-sport-girl', pin: '1111', establishment: HOME_SCHOOL, campaignOffset: 0,
    note: { fr: 'Licence sportive 60 € (club de sport de combat)', en: 'Sports licence €60 (combat-sports club)' } },
  { holder: 'Inès Moreau', profile: '1re-stmg', pin: '4321', establishment: HOME_SCHOOL, campaignOffset: 0, revoked: true,
    note: { fr: 'Carte déclarée perdue : révoquée', en: 'Card reported lost: revoked' } },
  { holder: 'Lucas Petit', profile: '2de-bac-pro-hotel', pin: '2468', establishment: OTHER_SCHOOL, campaignOffset: 0,
    note: { fr: 'Élève d’un autre établissement', en: 'Student of another establishment' } },
  { holder: 'Nora Lefèvre', profile: 'terminale-general', pin: '1357', establishment: HOME_SCHOOL, campaignOffset: -1,
    note: { fr: 'Carte non revalidée : avantages de l’an dernier expirés', en: 'Card not re-validated: last year’s benefits expired' } },
];

/** The campaign whose culture benefits are valid at `unix` (1 September to 31 August, Paris time). */
export function currentCampaign(unix: number): number {
  const p = parisFields(unix);
  return p.month >= 9 ? p.year : p.year - 1;
}

/** The demo, loaded or created. */
export interface Demo {
  state: StateDir;
  issuerRoot: string;
  readers: Map<string, LiveReader>;
  metas: Map<string, ReaderMeta>;
  cards: DemoCard[];
  /** Save cards and readers to the state directory. */
  save(): void;
  /** Stop the readers, save, and release the state directory. */
  close(): void;
}

/** True when process `pid` is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the state directory for this process (two demos saving the same files would overwrite each other). */
function lock(root: string): string {
  mkdirSync(root, { recursive: true });
  const path = join(root, 'demo.lock');
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8'));
    if (pid !== process.pid && Number.isInteger(pid) && pid > 0 && alive(pid)) {
      throw new Error(`the state directory ${root} is in use by another demo (process ${pid}): stop it, or pass --state OTHER_DIR`);
    }
  }
  writeFileSync(path, String(process.pid));
  return path;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Create the Region, cards and readers in an empty state directory. */
function create(state: StateDir, log: (s: string) => void): void {
  const crypto = createNodeCrypto();
  const now = Math.floor(Date.now() / 1000);
  const campaign = currentCampaign(now);
  log(`creating the demo Region, cards (campaign ${campaign}/${campaign + 1}) and readers in ${state.root}`);
  initIssuer(state, DEMO_SEED, crypto, true);
  const revoked: string[] = [];
  for (const c of CARDS) {
    const s = issueStoredCard(state, crypto, c.profile, {
      pin: c.pin, establishment: c.establishment, holderName: c.holder, campaign: campaign + c.campaignOffset,
    });
    if (c.revoked) revoked.push(s.id);
  }
  publishDenylist(state, crypto, revoked.map((cardId) => ({ cardId, kind: 'revoked' as const, benefits: [], until: 0 })), [], now);
  createStateReader(state, crypto, {
    name: TILL_READER, partnerName: 'Comptoir Culture & Métiers', mode: 'merchant', validDays: 365, clock: now,
    categories: [Category.EQUIPMENT, Category.CINEMA, Category.SHOWS, Category.BOOKS, Category.SPORT],
  });
  createStateReader(state, crypto, {
    name: CANTEEN_READER, partnerName: 'Cantine du lycée Les Portes de Chartreuse', mode: 'access', validDays: 365, clock: now,
    categories: [], establishment: HOME_SCHOOL,
  });
}

/** Load (or create, or with `reset` re-create) the demo in `dir` and start its readers. */
export function openDemo(dir: string, o: { reset?: boolean; log?: (s: string) => void } = {}): Demo {
  const log = o.log ?? (() => {});
  const state = new StateDir(dir);
  let lockPath = lock(state.root);
  if (o.reset || !state.hasIssuer() || !state.hasReader(TILL_READER) || !state.hasReader(CANTEEN_READER)) {
    rmSync(state.root, { recursive: true, force: true });
    create(state, log);
    lockPath = lock(state.root);
  }
  const crypto = createNodeCrypto();
  const root = issuerRoot(state);
  const stored: StoredCard[] = state.listCards(crypto);
  const cards: DemoCard[] = stored.map((s) => {
    const plan = CARDS.find((c) => c.holder === s.meta.holderName);
    return { applet: s.card, id: s.id, holder: s.meta.holderName, pin: s.meta.pin, note: plan?.note ?? { fr: s.meta.profile, en: s.meta.profile } };
  });
  const readers = new Map<string, LiveReader>();
  const metas = new Map<string, ReaderMeta>();
  for (const name of [TILL_READER, CANTEEN_READER]) {
    const { meta, pages } = state.loadReader(name);
    const live = new LiveReader({
      name, pages, pageSize: meta.flash.pageSize, pageCount: meta.flash.pageCount,
      config: { issuerRoot: root },
    });
    readers.set(name, live);
    metas.set(name, meta);
  }
  return {
    state, issuerRoot: hex(root), readers, metas, cards,
    save() {
      for (const c of cards) state.updateCard(c.applet);
      for (const [name, live] of readers) {
        const meta = metas.get(name)!;
        const next = { ...meta, clockMs: live.vr.clock.now(), updatedAt: new Date().toISOString() };
        state.saveReader(next, live.snapshot());
        metas.set(name, next);
      }
    },
    close() {
      for (const r of readers.values()) r.stop();
      try {
        this.save();
      } finally {
        rmSync(lockPath, { force: true });
      }
    },
  };
}
