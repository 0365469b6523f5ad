/**
 * The benefit catalogue of campaign 2024/2025 as data (spec §7): what the reader needs
 * (codes, category, kind, flags, validity rule, co-payment), numbers only. The names
 * ('CINEMA') and labels live in labels.ts and amounts in amounts.ts so the firmware bundle
 * does not carry them.
 */
import { Benefit, BenefitFlag, Category, Group, Kind, Validity } from './codes.js';

/** One catalogue entry. */
export interface BenefitInfo {
  /** Benefit code (Benefit). */
  code: number;
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

/** One catalogue entry from its fields (keeps the table below one short line per benefit). */
function benefit(code: number, category: number, kind: number, flags: number, validity: number, copay: number): BenefitInfo {
  return { code: code, category: category, kind: kind, flags: flags, validity: validity, copay: copay };
}

/** The catalogue, in code order: BENEFITS[code - 1].code === code. */
export const BENEFITS: BenefitInfo[] = [
  benefit(Benefit.FREE_TEXTBOOKS, Category.TEXTBOOKS, Kind.ENTITLEMENT, R | S | I, Validity.SCHOOL_YEAR, 0),
  benefit(Benefit.COMP_TEXTBOOKS, Category.TEXTBOOKS, Kind.CENTS, R | S, Validity.SCHOOL_YEAR, 0),
  benefit(Benefit.SPECIAL_TEXTBOOKS, Category.TEXTBOOKS, Kind.CENTS, R | S, Validity.SCHOOL_YEAR, 0),
  benefit(Benefit.FIRST_EQUIPMENT, Category.EQUIPMENT, Kind.CENTS, R | S, Validity.SCHOOL_YEAR, 0),
  benefit(Benefit.SPORT_LICENCE, Category.SPORT, Kind.CENTS, R | I, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.FISHING, Category.FISHING, Kind.CENTS, R | I, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.HUNTING, Category.HUNTING, Kind.CENTS, R | I, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.CINEMA, Category.CINEMA, Kind.UNITS, R | S, Validity.SUMMER_TO_SUMMER, 100),
  benefit(Benefit.SHOWS, Category.SHOWS, Kind.CENTS, R | S, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.LEISURE_BOOKS, Category.BOOKS, Kind.CENTS, R | S | I, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.MUSEUMS, Category.MUSEUMS, Kind.ENTITLEMENT, R | S, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.DIGITAL, Category.DIGITAL, Kind.ENTITLEMENT, S | I, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.HEALTH, Category.HEALTH, Kind.ENTITLEMENT, R | S | I, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.FIRST_AID, Category.FIRST_AID, Kind.CENTS, R | I, Validity.SUMMER_TO_SUMMER, 0),
  benefit(Benefit.DRIVING_LICENCE, Category.DRIVING, Kind.CENTS, R | S | I, Validity.MONTHS_24, 0),
];

/** One category entry. */
export interface CategoryInfo {
  /** Category code (Category). */
  code: number;
  /** Group the category belongs to (Group). */
  group: number;
}

/** The categories, in code order: CATEGORIES[code - 1].code === code. */
export const CATEGORIES: CategoryInfo[] = [
  { code: Category.TEXTBOOKS, group: Group.SCHOOL },
  { code: Category.EQUIPMENT, group: Group.SCHOOL },
  { code: Category.CINEMA, group: Group.CULTURE },
  { code: Category.SHOWS, group: Group.CULTURE },
  { code: Category.BOOKS, group: Group.CULTURE },
  { code: Category.MUSEUMS, group: Group.CULTURE },
  { code: Category.DIGITAL, group: Group.CULTURE },
  { code: Category.SPORT, group: Group.SPORT },
  { code: Category.FISHING, group: Group.OUTDOOR },
  { code: Category.HUNTING, group: Group.OUTDOOR },
  { code: Category.HEALTH, group: Group.HEALTH },
  { code: Category.FIRST_AID, group: Group.FIRST_AID },
  { code: Category.DRIVING, group: Group.RIGHTS_DUTIES },
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
