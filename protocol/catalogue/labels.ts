/**
 * Names (ASCII identifiers such as 'CINEMA') and human labels (French, English) of the
 * catalogue, for tills, receipts, tools and docs. The firmware never imports this module:
 * the reader shows no benefit name, so its bundle carries the numeric table.ts only.
 */
import { Benefit, Category } from './codes.js';

/** ASCII identifiers of the benefits (upper snake case), in code order: BENEFIT_NAMES[code - 1]. */
export const BENEFIT_NAMES: string[] = [
  'FREE_TEXTBOOKS', 'COMP_TEXTBOOKS', 'SPECIAL_TEXTBOOKS', 'FIRST_EQUIPMENT', 'SPORT_LICENCE', 'FISHING', 'HUNTING',
  'CINEMA', 'SHOWS', 'LEISURE_BOOKS', 'MUSEUMS', 'DIGITAL', 'HEALTH', 'FIRST_AID', 'DRIVING_LICENCE',
];

/** ASCII identifiers of the categories, in code order: CATEGORY_NAMES[code - 1]. */
export const CATEGORY_NAMES: string[] = [
  'TEXTBOOKS', 'EQUIPMENT', 'CINEMA', 'SHOWS', 'BOOKS', 'MUSEUMS', 'DIGITAL', 'SPORT', 'FISHING', 'HUNTING',
  'HEALTH', 'FIRST_AID', 'DRIVING',
];

/** Benefit code for an ASCII name (e.g. 'CINEMA'), or 0. */
export function benefitByName(name: string): number {
  return BENEFIT_NAMES.indexOf(name) + 1;
}

/** Category code for an ASCII name (e.g. 'SHOWS'), or 0. */
export function categoryByName(name: string): number {
  return CATEGORY_NAMES.indexOf(name) + 1;
}

/** Labels of one code. */
export interface Label {
  code: number;
  fr: string;
  en: string;
}

/** Benefit labels, in code order (BENEFIT_LABELS[code - 1].code === code). */
export const BENEFIT_LABELS: Label[] = [
  { code: Benefit.FREE_TEXTBOOKS, fr: 'Gratuité des manuels scolaires', en: 'Free textbooks' },
  { code: Benefit.COMP_TEXTBOOKS, fr: 'Manuels scolaires complémentaires', en: 'Complementary textbooks' },
  { code: Benefit.SPECIAL_TEXTBOOKS, fr: 'Manuels scolaires (sanitaire et social, IEM, CNED)', en: 'Textbooks (health/social training, IEM, CNED)' },
  { code: Benefit.FIRST_EQUIPMENT, fr: 'Aide au premier équipement professionnel', en: 'First professional equipment' },
  { code: Benefit.SPORT_LICENCE, fr: 'Licence sportive', en: 'Sports licence' },
  { code: Benefit.FISHING, fr: 'Pêche', en: 'Fishing card' },
  { code: Benefit.HUNTING, fr: 'Chasse', en: 'Hunting permit' },
  { code: Benefit.CINEMA, fr: 'Cinéma', en: 'Cinema' },
  { code: Benefit.SHOWS, fr: 'Spectacles', en: 'Shows' },
  { code: Benefit.LEISURE_BOOKS, fr: 'Livres « Loisir »', en: 'Leisure books' },
  { code: Benefit.MUSEUMS, fr: 'Musées / expos', en: 'Museums and exhibitions' },
  { code: Benefit.DIGITAL, fr: 'Avantage numérique', en: 'Digital (streaming platform)' },
  { code: Benefit.HEALTH, fr: 'Avantage santé', en: 'Health (screening and prevention)' },
  { code: Benefit.FIRST_AID, fr: 'Formation aux gestes qui sauvent (PSC1)', en: 'First aid training (PSC1)' },
  { code: Benefit.DRIVING_LICENCE, fr: 'Droits et devoirs : permis B', en: 'Rights and duties: driving licence B' },
];

/** Category labels, in code order (CATEGORY_LABELS[code - 1].code === code). */
export const CATEGORY_LABELS: Label[] = [
  { code: Category.TEXTBOOKS, fr: 'Manuels scolaires', en: 'Textbooks' },
  { code: Category.EQUIPMENT, fr: 'Premier équipement professionnel', en: 'Professional equipment' },
  { code: Category.CINEMA, fr: 'Cinéma', en: 'Cinema' },
  { code: Category.SHOWS, fr: 'Spectacles', en: 'Shows' },
  { code: Category.BOOKS, fr: 'Livres', en: 'Books' },
  { code: Category.MUSEUMS, fr: 'Musées / expos', en: 'Museums' },
  { code: Category.DIGITAL, fr: 'Numérique', en: 'Digital' },
  { code: Category.SPORT, fr: 'Sport', en: 'Sport' },
  { code: Category.FISHING, fr: 'Pêche', en: 'Fishing' },
  { code: Category.HUNTING, fr: 'Chasse', en: 'Hunting' },
  { code: Category.HEALTH, fr: 'Santé', en: 'Health' },
  { code: Category.FIRST_AID, fr: 'Gestes qui sauvent', en: 'First aid' },
  { code: Category.DRIVING, fr: 'Permis de conduire', en: 'Driving licence' },
];

/** Label of a benefit code in 'fr' or 'en'; unknown codes give 'benefit N'. */
export function benefitLabel(code: number, lang: 'fr' | 'en'): string {
  const l = code >= 1 && code <= BENEFIT_LABELS.length ? BENEFIT_LABELS[code - 1] : null;
  if (!l) return (lang === 'fr' ? 'avantage ' : 'benefit ') + code;
  return lang === 'fr' ? l.fr : l.en;
}

/** Label of a category code in 'fr' or 'en'; unknown codes give 'category N'. */
export function categoryLabel(code: number, lang: 'fr' | 'en'): string {
  const l = code >= 1 && code <= CATEGORY_LABELS.length ? CATEGORY_LABELS[code - 1] : null;
  if (!l) return (lang === 'fr' ? 'catégorie ' : 'category ') + code;
  return lang === 'fr' ? l.fr : l.en;
}

/** Campaign label: 2024 -> '2024/2025'. */
export function campaignLabel(campaign: number): string {
  return campaign + '/' + (campaign + 1);
}
