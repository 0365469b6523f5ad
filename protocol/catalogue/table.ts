/**
 * The benefit catalogue of campaign 2024/2025 as data (spec §7): what the reader needs
 * (codes, category, kind, flags, validity rule, co-payment). Labels live in labels.ts and
 * amounts in amounts.ts so the firmware bundle does not carry them.
 */
import { Benefit, BenefitFlag, Category, Group, Kind, Validity } from './codes.js';

/** One catalogue entry. */
export interface BenefitInfo {
  /** Benefit code (Benefit). */
  code: number;
  /** ASCII identifier, upper snake case. */
  name: string;
  /** Category a reader must be agreed for (Category). */
  category: number;
  /** Kind of wallet (Kind). */
  kind: number;
  /** BenefitFlag bits. */
  flags: number;
  /** Validity rule (Validity). */
  validity: number;
  /** UNITS only: co-payment per unit in cents, paid by the holder to the partner; else 0. */
  copay: number;
}

/** Flags shorthands. */
const R = BenefitFlag.READER;
const S = BenefitFlag.SPLIT;
const I = BenefitFlag.INDIVIDUAL;

/** The catalogue, in code order: BENEFITS[code - 1].code === code. */
export const BENEFITS: BenefitInfo[] = [
  { code: Benefit.FREE_TEXTBOOKS, name: 'FREE_TEXTBOOKS', category: Category.TEXTBOOKS, kind: Kind.ENTITLEMENT, flags: R | S | I, validity: Validity.SCHOOL_YEAR, copay: 0 },
  { code: Benefit.COMP_TEXTBOOKS, name: 'COMP_TEXTBOOKS', category: Category.TEXTBOOKS, kind: Kind.CENTS, flags: R | S, validity: Validity.SCHOOL_YEAR, copay: 0 },
  { code: Benefit.SPECIAL_TEXTBOOKS, name: 'SPECIAL_TEXTBOOKS', category: Category.TEXTBOOKS, kind: Kind.CENTS, flags: R | S, validity: Validity.SCHOOL_YEAR, copay: 0 },
  { code: Benefit.FIRST_EQUIPMENT, name: 'FIRST_EQUIPMENT', category: Category.EQUIPMENT, kind: Kind.CENTS, flags: R | S, validity: Validity.SCHOOL_YEAR, copay: 0 },
  { code: Benefit.SPORT_LICENCE, name: 'SPORT_LICENCE', category: Category.SPORT, kind: Kind.CENTS, flags: R | I, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.FISHING, name: 'FISHING', category: Category.FISHING, kind: Kind.CENTS, flags: R | I, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.HUNTING, name: 'HUNTING', category: Category.HUNTING, kind: Kind.CENTS, flags: R | I, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.CINEMA, name: 'CINEMA', category: Category.CINEMA, kind: Kind.UNITS, flags: R | S, validity: Validity.SUMMER_TO_SUMMER, copay: 100 },
  { code: Benefit.SHOWS, name: 'SHOWS', category: Category.SHOWS, kind: Kind.CENTS, flags: R | S, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.LEISURE_BOOKS, name: 'LEISURE_BOOKS', category: Category.BOOKS, kind: Kind.CENTS, flags: R | S | I, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.MUSEUMS, name: 'MUSEUMS', category: Category.MUSEUMS, kind: Kind.ENTITLEMENT, flags: R | S, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.DIGITAL, name: 'DIGITAL', category: Category.DIGITAL, kind: Kind.ENTITLEMENT, flags: S | I, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.HEALTH, name: 'HEALTH', category: Category.HEALTH, kind: Kind.ENTITLEMENT, flags: R | S | I, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.FIRST_AID, name: 'FIRST_AID', category: Category.FIRST_AID, kind: Kind.CENTS, flags: R | I, validity: Validity.SUMMER_TO_SUMMER, copay: 0 },
  { code: Benefit.DRIVING_LICENCE, name: 'DRIVING_LICENCE', category: Category.DRIVING, kind: Kind.CENTS, flags: R | S | I, validity: Validity.MONTHS_24, copay: 0 },
];

/** One category entry. */
export interface CategoryInfo {
  /** Category code (Category). */
  code: number;
  /** ASCII identifier. */
  name: string;
  /** Group the category belongs to (Group). */
  group: number;
}

/** The categories, in code order: CATEGORIES[code - 1].code === code. */
export const CATEGORIES: CategoryInfo[] = [
  { code: Category.TEXTBOOKS, name: 'TEXTBOOKS', group: Group.SCHOOL },
  { code: Category.EQUIPMENT, name: 'EQUIPMENT', group: Group.SCHOOL },
  { code: Category.CINEMA, name: 'CINEMA', group: Group.CULTURE },
  { code: Category.SHOWS, name: 'SHOWS', group: Group.CULTURE },
  { code: Category.BOOKS, name: 'BOOKS', group: Group.CULTURE },
  { code: Category.MUSEUMS, name: 'MUSEUMS', group: Group.CULTURE },
  { code: Category.DIGITAL, name: 'DIGITAL', group: Group.CULTURE },
  { code: Category.SPORT, name: 'SPORT', group: Group.SPORT },
  { code: Category.FISHING, name: 'FISHING', group: Group.OUTDOOR },
  { code: Category.HUNTING, name: 'HUNTING', group: Group.OUTDOOR },
  { code: Category.HEALTH, name: 'HEALTH', group: Group.HEALTH },
  { code: Category.FIRST_AID, name: 'FIRST_AID', group: Group.FIRST_AID },
  { code: Category.DRIVING, name: 'DRIVING', group: Group.RIGHTS_DUTIES },
];

/** The catalogue entry of a benefit code, or null when the code is unknown. */
export function benefitInfo(code: number): BenefitInfo | null {
  if (typeof code !== 'number' || code < 1 || code > BENEFITS.length || code !== Math.floor(code)) return null;
  return BENEFITS[code - 1];
}

/** The category entry of a category code, or null when the code is unknown. */
export function categoryInfo(code: number): CategoryInfo | null {
  if (typeof code !== 'number' || code < 1 || code > CATEGORIES.length || code !== Math.floor(code)) return null;
  return CATEGORIES[code - 1];
}

/** Category of a benefit, or 0 when the benefit is unknown. */
export function categoryOf(benefit: number): number {
  const b = benefitInfo(benefit);
  return b ? b.category : 0;
}

/** Group of a benefit (through its category), or 0 when the benefit is unknown. */
export function groupOf(benefit: number): number {
  const c = categoryInfo(categoryOf(benefit));
  return c ? c.group : 0;
}

/** Kind of a benefit, or -1 when the benefit is unknown. */
export function kindOf(benefit: number): number {
  const b = benefitInfo(benefit);
  return b ? b.kind : -1;
}

/** Co-payment per unit in cents the holder pays the partner (UNITS benefits; 0 otherwise or unknown). */
export function coPayment(benefit: number): number {
  const b = benefitInfo(benefit);
  return b ? b.copay : 0;
}

/** True when the benefit is known and usable at a reader (false: online only, or unknown). */
export function isReaderUsable(benefit: number): boolean {
  const b = benefitInfo(benefit);
  return b !== null && (b.flags & BenefitFlag.READER) !== 0;
}

/** True when the benefit is unknown or may never be used collectively. */
export function isIndividualOnly(benefit: number): boolean {
  const b = benefitInfo(benefit);
  return b === null || (b.flags & BenefitFlag.INDIVIDUAL) !== 0;
}

/** True when several debits may draw on one wallet of the benefit (false: single use, or unknown). */
export function isSplitAllowed(benefit: number): boolean {
  const b = benefitInfo(benefit);
  return b !== null && (b.flags & BenefitFlag.SPLIT) !== 0;
}

/** Benefit code for an ASCII name (e.g. 'CINEMA'), or 0. */
export function benefitByName(name: string): number {
  for (let i = 0; i < BENEFITS.length; i++) if (BENEFITS[i].name === name) return BENEFITS[i].code;
  return 0;
}

/** Category code for an ASCII name (e.g. 'SHOWS'), or 0. */
export function categoryByName(name: string): number {
  for (let i = 0; i < CATEGORIES.length; i++) if (CATEGORIES[i].name === name) return CATEGORIES[i].code;
  return 0;
}
