/**
 * Issuer-side loading rules (spec §7.12): which wallets a holder receives for a campaign, with
 * which amounts and validity windows. Modern TypeScript; the reader never runs this.
 *
 * The rules are those of campaign 2024/2025 (seeds: the Region's presentation to partners, one
 * lycée's letter). Other campaign numbers reuse the same amounts with the windows shifted by
 * whole years: a simulator convenience (e.g. a 2023 card next to a 2024 one), not a claim
 * about the real 2023/2024 or 2025/2026 catalogues.
 */
import { Benefit, BenefitFlag, CAMPAIGN_MAX, CAMPAIGN_MIN, Group, Kind, Validity } from '../../protocol/catalogue/codes.js';
import { BENEFITS, benefitInfo, groupOf } from '../../protocol/catalogue/table.js';
import type { BenefitInfo } from '../../protocol/catalogue/table.js';
import {
  CINEMA_UNITS, COMP_TEXTBOOKS_CENTS, DISABILITY_FACTOR, DRIVING_AMOUNTS, EQUIPMENT_MAX_CENTS, EQUIPMENT_MIN_CENTS,
  EQUIPMENT_TABLE, FIRST_AID_CENTS, FISHING_CENTS, HUNTING_CENTS, LEISURE_BOOKS_CENTS, LEISURE_BOOKS_TERMINALE_CENTS,
  SHOWS_CENTS, SPECIAL_TEXTBOOKS_MAX_CENTS, SPECIAL_TEXTBOOKS_MIN_CENTS, SPORT_LICENCE_CENTS, SPORT_LICENCE_RAISED_CENTS,
} from '../../protocol/catalogue/amounts.js';
import { Status } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';
import { WalletFlag } from '../../protocol/rules/wallet.js';
import type { Wallet } from '../../protocol/rules/wallet.js';
import { addMonths, parisFields, parisMidnight } from './paris-time.js';

/** Administrative status of the holder. */
export type HolderStatus =
  /** Under school status (lycée, agricultural lycée, MFR, école de production) or a student of a health/social training establishment, IEM or CNED. */
  | 'school'
  /** Apprentice in a CFA/OFA: school benefits are funded through the CFA, never on the card. */
  | 'apprentice'
  /** Establishment staff member with a referent card: culture, sport and outdoor benefits only. */
  | 'referent';

/** Kind of establishment the holder is enrolled in. */
export type Establishment = 'lycee' | 'lycee-agricole' | 'mfr' | 'ecole-production' | 'sanitary-social' | 'iem' | 'cned' | 'cfa';

/** Class / training level. 'gt' = general or technological other than STMG. */
export type Level =
  | '3e-prepa-metiers' | '3e-agricole' | '4e-agricole'
  | 'cap1' | 'cap2' | 'cap-1an'
  | '2de-bac-pro' | '1re-bac-pro' | 'tle-bac-pro' | 'passerelle-1re-bac-pro'
  | '2de-gt' | '1re-gt' | 'tle-gt' | '1re-stmg' | 'tle-stmg'
  /** Other vocational training up to bac level (lycée, MFR, école de production). */
  | 'other-pro'
  /** Anything else (e.g. post-bac training). */
  | 'other';

/** Bac pro trade family ("famille de métiers"). */
export type TradeFamily = 'alimentation' | 'hotellerie-restauration' | 'relation-client';

/** CAP training of the first-equipment table. */
export type CapTraining = 'cuisine' | 'service-hcr' | 'boulanger' | 'patissier' | 'chocolatier-confiseur';

/** Completed mission opening the driving-licence aid. */
export type DrivingMission = '35h' | '80h' | 'jsp' | 'spv' | 'cadets';

/** What the issuer knows about a holder when loading a campaign. */
export interface HolderProfile {
  status: HolderStatus;
  /** Class / training level (youths; ignored for referents). */
  level?: Level;
  /** Default: 'lycee' for school status, 'cfa' for apprentices. */
  establishment?: Establishment;
  /** Bac pro in a trade family (2de, 1re, bridge class). */
  tradeFamily?: TradeFamily;
  /** CAP training (first-year CAP, CAP in one year). */
  training?: CapTraining;
  /** First equipment amount set by the Region for a track absent from the built-in table (cents, 5000..50000). */
  equipmentCents?: number;
  /** Health/social, IEM, CNED textbooks: the amount for the training level (cents, 5000..10000, before doubling). */
  specialTextbookCents?: number;
  /** Recognised disability: textbooks doubled, sports licence 60 €. */
  disability?: boolean;
  /** Sport on prescription for a long-term illness: sports licence 60 €. */
  sportOnPrescription?: boolean;
  /** A girl licensed in a combat-sports club: sports licence 60 €. */
  girlCombatSportClub?: boolean;
  /** Mission completed for the driving-licence aid. */
  drivingMission?: DrivingMission;
}

/** Levels of the free-textbook and complementary-textbook lists. */
const SCHOOL_LEVELS: Level[] = [
  '3e-prepa-metiers', '3e-agricole', '4e-agricole', 'cap1', 'cap2', 'cap-1an', '2de-bac-pro', '1re-bac-pro',
  'tle-bac-pro', 'passerelle-1re-bac-pro', '2de-gt', '1re-gt', 'tle-gt', '1re-stmg', 'tle-stmg', 'other-pro',
];
/** Levels with complementary textbooks: vocational tracks, CAP, 3e prépa-métiers, agricultural 3e/4e, 1re/Tle STMG. */
const COMP_LEVELS: Level[] = [
  '3e-prepa-metiers', '3e-agricole', '4e-agricole', 'cap1', 'cap2', 'cap-1an', '2de-bac-pro', '1re-bac-pro',
  'tle-bac-pro', 'passerelle-1re-bac-pro', '1re-stmg', 'tle-stmg', 'other-pro',
];
/** Terminale of a general, technological or vocational bac (35 € leisure books); not terminale CAP. */
const TERMINALE_LEVELS: Level[] = ['tle-gt', 'tle-stmg', 'tle-bac-pro'];
/** Levels that enter a first-equipment payment (CAP first year, CAP in one year, 2de and 1re bac pro, bridge class). */
const EQUIPMENT_LEVELS: Level[] = ['cap1', 'cap-1an', '2de-bac-pro', '1re-bac-pro', 'passerelle-1re-bac-pro'];
/** Establishments of the free/complementary textbook benefits. */
const LYCEE_LIKE: Establishment[] = ['lycee', 'lycee-agricole', 'mfr', 'ecole-production'];
/** Establishments of the special textbook benefit. */
const SPECIAL_ESTABLISHMENTS: Establishment[] = ['sanitary-social', 'iem', 'cned'];

/** Outcome of one loading rule: an amount (cents or units; 0 for ENTITLEMENT) or the reason it is not loaded. */
type Decision = { amount: number } | { reason: string };

function establishmentOf(p: HolderProfile): Establishment {
  return p.establishment ?? (p.status === 'apprentice' ? 'cfa' : 'lycee');
}

function isYouth(p: HolderProfile): boolean {
  return p.status === 'school' || p.status === 'apprentice';
}

function inRange(n: number | undefined, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

/** First-equipment amount for a school-status profile at an equipment level. */
function equipmentAmount(p: HolderProfile): Decision {
  const level = p.level as Level;
  if (!EQUIPMENT_LEVELS.includes(level)) {
    return { reason: level === '3e-prepa-metiers' ? '3e prépa-métiers is not eligible for first equipment' : `no first-equipment payment at level ${level}` };
  }
  const track = level === 'cap1' || level === 'cap-1an' ? p.training : p.tradeFamily;
  const row = EQUIPMENT_TABLE.find((r) => r.level === level && r.track === track);
  if (row) return { amount: row.cents };
  if (level === '1re-bac-pro' && !p.tradeFamily) {
    return { reason: 'a bac pro outside a trade family is paid once, entering 2de' };
  }
  if (level === 'passerelle-1re-bac-pro' && !p.tradeFamily) {
    return { reason: 'the bridge class amount exists only for a trade family' };
  }
  if (inRange(p.equipmentCents, EQUIPMENT_MIN_CENTS, EQUIPMENT_MAX_CENTS)) return { amount: p.equipmentCents };
  return { reason: `no first-equipment amount for ${level} ${track ?? '(no track)'}: give equipmentCents (5000..50000)` };
}

/** The loading rule of one benefit for a profile (amounts only; windows are computed apart). */
function decide(p: HolderProfile, b: BenefitInfo): Decision {
  const group = groupOf(b.code);
  if (p.status === 'referent') {
    if (group !== Group.CULTURE && group !== Group.SPORT && group !== Group.OUTDOOR) {
      return { reason: 'referent cards hold culture, sport and outdoor benefits only' };
    }
  } else if (!isYouth(p)) {
    return { reason: `unknown holder status ${String(p.status)}` };
  }
  const level = p.level;
  if (group === Group.SCHOOL) {
    if (p.status === 'apprentice') return { reason: 'apprentices: school benefits are funded through the CFA, not the card' };
    if (!level && b.code !== Benefit.SPECIAL_TEXTBOOKS) return { reason: 'school benefits need the class / training level' };
  }
  const est = establishmentOf(p);
  const doubled = p.disability === true ? DISABILITY_FACTOR : 1;
  switch (b.code) {
    case Benefit.FREE_TEXTBOOKS:
      if (!LYCEE_LIKE.includes(est)) return { reason: `free textbooks are handed out in lycées, MFR and écoles de production, not ${est}` };
      if (!SCHOOL_LEVELS.includes(level as Level)) return { reason: `level ${level} has no free textbooks` };
      return { amount: 0 };
    case Benefit.COMP_TEXTBOOKS:
      if (!LYCEE_LIKE.includes(est)) return { reason: `establishment ${est} has the special textbook benefit instead` };
      if (!COMP_LEVELS.includes(level as Level)) return { reason: `level ${level} has no complementary textbooks (general/technological other than STMG)` };
      return { amount: COMP_TEXTBOOKS_CENTS * doubled };
    case Benefit.SPECIAL_TEXTBOOKS:
      if (!SPECIAL_ESTABLISHMENTS.includes(est)) return { reason: 'only for health/social training establishments, IEM and CNED' };
      if (!inRange(p.specialTextbookCents, SPECIAL_TEXTBOOKS_MIN_CENTS, SPECIAL_TEXTBOOKS_MAX_CENTS)) {
        return { reason: 'the amount by training level (specialTextbookCents, 5000..10000) is missing or out of range' };
      }
      return { amount: p.specialTextbookCents * doubled };
    case Benefit.FIRST_EQUIPMENT:
      return equipmentAmount(p);
    case Benefit.SPORT_LICENCE:
      if (isYouth(p) && (p.disability || p.sportOnPrescription || p.girlCombatSportClub)) return { amount: SPORT_LICENCE_RAISED_CENTS };
      return { amount: SPORT_LICENCE_CENTS };
    case Benefit.FISHING:
      return { amount: FISHING_CENTS };
    case Benefit.HUNTING:
      return { amount: HUNTING_CENTS };
    case Benefit.CINEMA:
      return { amount: CINEMA_UNITS };
    case Benefit.SHOWS:
      return { amount: SHOWS_CENTS };
    case Benefit.LEISURE_BOOKS:
      return { amount: isYouth(p) && TERMINALE_LEVELS.includes(level as Level) ? LEISURE_BOOKS_TERMINALE_CENTS : LEISURE_BOOKS_CENTS };
    case Benefit.MUSEUMS:
    case Benefit.DIGITAL:
    case Benefit.HEALTH:
      return { amount: 0 };
    case Benefit.FIRST_AID:
      return { amount: FIRST_AID_CENTS };
    case Benefit.DRIVING_LICENCE: {
      const row = DRIVING_AMOUNTS.find((r) => r.mission === p.drivingMission);
      return row ? { amount: row.cents } : { reason: 'no completed mission (35h, 80h, jsp, spv, cadets)' };
    }
    default:
      return { reason: `benefit ${b.code} has no loading rule` };
  }
}

/** Unix time at which establishments may start (re)validating cards: 11 June of the campaign year, 00:00 Paris. */
export function validationOpens(campaign: number): number {
  return parisMidnight(campaign, 6, 11);
}

/** End (exclusive) of the school window: 1 June of the end year, 00:00 Paris (usable through 31 May). */
export function schoolUntil(campaign: number): number {
  return parisMidnight(campaign + 1, 6, 1);
}

/** Start of the summer-to-summer window: 1 September of the campaign year, 00:00 Paris. */
export function summerFrom(campaign: number): number {
  return parisMidnight(campaign, 9, 1);
}

/** End (exclusive) of the summer-to-summer window: 1 September of the end year, 00:00 Paris (usable through 31 August). */
export function summerUntil(campaign: number): number {
  return parisMidnight(campaign + 1, 9, 1);
}

/** End of the campaign: the instant a suspension "for the rest of the campaign" lapses (= summerUntil). */
export function campaignEnd(campaign: number): number {
  return summerUntil(campaign);
}

/**
 * End (exclusive) of a 24-month validity loaded at `loadedAt`: 00:00 Paris of the day after
 * the same calendar day 24 months later (last day of the month when that day does not exist),
 * so the aid is usable through the whole anniversary day.
 */
export function monthsUntil(loadedAt: number, months = 24): number {
  const f = parisFields(loadedAt);
  const d = addMonths(f.year, f.month, f.day, months);
  return parisMidnight(d.year, d.month, d.day + 1);
}

/** Validity window of a benefit loaded at `loadedAt` for a campaign. */
export function windowFor(validity: number, campaign: number, loadedAt: number): { from: number; until: number } {
  switch (validity) {
    case Validity.SCHOOL_YEAR:
      return { from: loadedAt, until: schoolUntil(campaign) };
    case Validity.SUMMER_TO_SUMMER:
      return { from: summerFrom(campaign), until: summerUntil(campaign) };
    case Validity.MONTHS_24:
      return { from: loadedAt, until: monthsUntil(loadedAt, 24) };
    default:
      throw codedError(Status.BAD_REQUEST, `unknown validity rule ${validity}`);
  }
}

function checkCampaign(campaign: number, loadedAt: number): void {
  if (!Number.isInteger(campaign) || campaign < CAMPAIGN_MIN || campaign > CAMPAIGN_MAX) {
    throw codedError(Status.BAD_REQUEST, `campaign ${campaign} out of range`);
  }
  if (!Number.isInteger(loadedAt) || loadedAt < validationOpens(campaign) || loadedAt > 0xffffffff) {
    throw codedError(Status.BAD_REQUEST, `loading at ${loadedAt} is before the campaign opens (11 June ${campaign}, Paris)`);
  }
}

function walletFor(b: BenefitInfo, campaign: number, amount: number, loadedAt: number): Wallet {
  const w = windowFor(b.validity, campaign, loadedAt);
  const flags = b.kind === Kind.CENTS && (b.flags & BenefitFlag.SPLIT) === 0 ? WalletFlag.SINGLE_USE : 0;
  const loaded = b.kind === Kind.ENTITLEMENT ? 0 : amount;
  return { benefit: b.code, campaign, kind: b.kind, balance: loaded, loaded, from: w.from, until: w.until, flags };
}

/**
 * The wallets to load on a holder's card for a campaign, in benefit-code order. `loadedAt`
 * (unix seconds; default: the campaign's validation opening, 11 June 00:00 Paris) is the
 * establishment's (re)validation for school benefits and the loading of the driving aid.
 * School benefits are not loaded once their window has ended, culture/sport/outdoor/health/
 * first-aid ones once theirs has. Throws a coded BAD_REQUEST for a campaign out of range or a
 * loading before 11 June of the campaign year.
 */
export function entitlementsFor(profile: HolderProfile, campaign = 2024, loadedAt?: number): Wallet[] {
  const at = loadedAt ?? validationOpens(campaign);
  checkCampaign(campaign, at);
  const out: Wallet[] = [];
  for (const b of BENEFITS) {
    const d = decide(profile, b);
    if (!('amount' in d)) continue;
    const w = walletFor(b, campaign, d.amount, at);
    if (at >= w.until) continue;
    out.push(w);
  }
  return out;
}

/**
 * Why `benefit` is not loaded for this profile (English sentence), or null when it is.
 * Same rules and defaults as entitlementsFor.
 */
export function whyNot(profile: HolderProfile, benefit: number, campaign = 2024, loadedAt?: number): string | null {
  const b = benefitInfo(benefit);
  if (!b) return `unknown benefit ${benefit}`;
  const at = loadedAt ?? validationOpens(campaign);
  checkCampaign(campaign, at);
  const d = decide(profile, b);
  if (!('amount' in d)) return d.reason;
  const w = walletFor(b, campaign, d.amount, at);
  if (at >= w.until) return 'the validity window of this benefit has already ended';
  return null;
}
