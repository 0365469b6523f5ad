/**
 * Named holder profiles for tests and demos, in the profile type of the
 * loading rules (entitlements.ts). Each name is one typical holder of the
 * 2024/2025 campaign.
 */
import { Status } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';
import type { HolderProfile } from './entitlements.js';

/** Named holder profiles. */
export const PROFILES = {
  /** First-year CAP, cooking, school status: first equipment 200 €. */
  'cap1-cooking': { status: 'school', level: 'cap1', training: 'cuisine' },
  /** 2de bac pro, hotel and catering trades: first equipment 300 €. */
  '2de-bac-pro-hotel': { status: 'school', level: '2de-bac-pro', tradeFamily: 'hotellerie-restauration' },
  /** 1re bac pro, customer relations trades: first equipment 50 €. */
  '1re-bac-pro-customer': { status: 'school', level: '1re-bac-pro', tradeFamily: 'relation-client' },
  /** Bridge class into 1re bac pro, food trades: first equipment 230 €. */
  'bridge-food': { status: 'school', level: 'passerelle-1re-bac-pro', tradeFamily: 'alimentation' },
  /** Terminale, general track: leisure books 35 €, no complementary textbooks. */
  'terminale-general': { status: 'school', level: 'tle-gt' },
  /** 1re STMG: complementary textbooks 50 €. */
  '1re-stmg': { status: 'school', level: '1re-stmg' },
  /** 1re STMG student with a disability: textbooks doubled (100 €), sports licence 60 €. */
  'disability-stmg': { status: 'school', level: '1re-stmg', disability: true },
  /** Apprentice in a CFA (first-year CAP cooking): no school benefits on the card. */
  'apprentice': { status: 'apprentice', level: 'cap1', training: 'cuisine' },
  /** Establishment referent: culture, sport and outdoor benefits only. */
  'referent': { status: 'referent' },
  /** 3e prépa-métiers: textbooks, no first equipment. */
  '3e-prepa-metiers': { status: 'school', level: '3e-prepa-metiers' },
  /** Terminale general student who completed a 35 h volunteer mission: driving licence aid 200 €, 24 months. */
  'driving-35h': { status: 'school', level: 'tle-gt', drivingMission: '35h' },
  /** 2de general student, a girl licensed in a combat-sports club: sports licence 60 €. */
  'combat-sport-girl': { status: 'school', level: '2de-gt', girlCombatSportClub: true },
} satisfies Record<string, HolderProfile>;

/** The name of a built-in profile. */
export type ProfileName = keyof typeof PROFILES;

/** The profile of a name, or the profile itself. Throws for an unknown name. */
export function profileOf(p: HolderProfile | ProfileName): HolderProfile {
  if (typeof p !== 'string') return p;
  const found = (PROFILES as Record<string, HolderProfile>)[p];
  if (!found) throw codedError(Status.BAD_REQUEST, `unknown holder profile '${p}'`);
  return found;
}
