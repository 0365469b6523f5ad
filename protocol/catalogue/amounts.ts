/**
 * Amounts of campaign 2024/2025 (spec §7.5), in euro cents or units. Used by the issuer to
 * load wallets and by tills to explain them; the reader never needs them (a wallet carries
 * its own loaded amount). Source: the Region's presentation to partners and one lycée's
 * letter (seeds); see the spec for every discrepancy with the summary.
 */
import { Benefit } from './codes.js';

/** Complementary textbooks: 50 €. */
export const COMP_TEXTBOOKS_CENTS = 5000;
/** Textbook benefits are doubled for a holder with a disability. */
export const DISABILITY_FACTOR = 2;
/** Textbooks in health/social training, IEM, CNED: 50 € to 100 € by training level (before doubling). */
export const SPECIAL_TEXTBOOKS_MIN_CENTS = 5000;
export const SPECIAL_TEXTBOOKS_MAX_CENTS = 10000;
/** First professional equipment: 50 € to 500 € by diploma and training. */
export const EQUIPMENT_MIN_CENTS = 5000;
export const EQUIPMENT_MAX_CENTS = 50000;
/** Sports licence: 30 € off one annual federal licence; 60 € in the raised cases. */
export const SPORT_LICENCE_CENTS = 3000;
export const SPORT_LICENCE_RAISED_CENTS = 6000;
/** Outdoor: 30 € for an annual fishing card; 30 € for the hunting permit or its yearly validation. */
export const FISHING_CENTS = 3000;
export const HUNTING_CENTS = 3000;
/** Cinema: 5 tickets (the 1 € co-payment per ticket is in the catalogue table). */
export const CINEMA_UNITS = 5;
/** Shows: 30 €, in one go or split over several tickets. */
export const SHOWS_CENTS = 3000;
/** Leisure books: 15 €; 35 € in terminale of a general, technological or vocational bac. */
export const LEISURE_BOOKS_CENTS = 1500;
export const LEISURE_BOOKS_TERMINALE_CENTS = 3500;
/** First aid: 60 € for one PSC1 training. */
export const FIRST_AID_CENTS = 6000;

/** Driving licence B aid by mission. */
export interface DrivingAmount {
  /** Mission code: '35h', '80h' volunteer missions; 'jsp' young firefighters (certified); 'spv' volunteer firefighters; 'cadets' gendarmerie cadets. */
  mission: string;
  cents: number;
}

/** Driving licence aid amounts. */
export const DRIVING_AMOUNTS: DrivingAmount[] = [
  { mission: '35h', cents: 20000 },
  { mission: '80h', cents: 50000 },
  { mission: 'jsp', cents: 100000 },
  { mission: 'spv', cents: 50000 },
  { mission: 'cadets', cents: 50000 },
];

/** One row of the first-equipment table. */
export interface EquipmentAmount {
  /** Level: 'cap1' (1st year CAP), 'cap-1an' (CAP in one year), '2de-bac-pro', '1re-bac-pro', 'passerelle-1re-bac-pro'. */
  level: string;
  /** CAP training or bac pro trade family. */
  track: string;
  cents: number;
}

/**
 * First professional equipment, one lycée's table (Les Portes de Chartreuse, 2024/2025), school
 * status only. CAP trainings: 'cuisine', 'service-hcr', 'boulanger', 'patissier',
 * 'chocolatier-confiseur'. Trade families: 'alimentation', 'hotellerie-restauration',
 * 'relation-client'. The bridge class amount is the sum of the 2de and 1re amounts.
 */
export const EQUIPMENT_TABLE: EquipmentAmount[] = [
  { level: 'cap1', track: 'cuisine', cents: 20000 },
  { level: 'cap1', track: 'service-hcr', cents: 20000 },
  { level: 'cap1', track: 'boulanger', cents: 15000 },
  { level: 'cap1', track: 'patissier', cents: 20000 },
  { level: 'cap-1an', track: 'chocolatier-confiseur', cents: 20000 },
  { level: '2de-bac-pro', track: 'alimentation', cents: 15000 },
  { level: '2de-bac-pro', track: 'hotellerie-restauration', cents: 30000 },
  { level: '2de-bac-pro', track: 'relation-client', cents: 10000 },
  { level: '1re-bac-pro', track: 'alimentation', cents: 8000 },
  { level: '1re-bac-pro', track: 'hotellerie-restauration', cents: 15000 },
  { level: '1re-bac-pro', track: 'relation-client', cents: 5000 },
  { level: 'passerelle-1re-bac-pro', track: 'alimentation', cents: 23000 },
  { level: 'passerelle-1re-bac-pro', track: 'hotellerie-restauration', cents: 45000 },
  { level: 'passerelle-1re-bac-pro', track: 'relation-client', cents: 15000 },
];

/** Default and alternative amounts of one benefit. */
export interface AmountRule {
  benefit: number;
  /** Default amount in cents (CENTS) or units (UNITS); 0 for ENTITLEMENT and table-driven benefits. */
  base: number;
  /** Other amounts the issuer may load (raised cases, table rows, range ends). */
  others: number[];
  /** How the amount is chosen. */
  note: string;
}

/** Amount rule per benefit, in code order (AMOUNT_RULES[code - 1].benefit === code). */
export const AMOUNT_RULES: AmountRule[] = [
  { benefit: Benefit.FREE_TEXTBOOKS, base: 0, others: [], note: 'entitlement: textbooks handed out free at the establishment' },
  { benefit: Benefit.COMP_TEXTBOOKS, base: COMP_TEXTBOOKS_CENTS, others: [COMP_TEXTBOOKS_CENTS * DISABILITY_FACTOR], note: '50 EUR, doubled for a disability' },
  { benefit: Benefit.SPECIAL_TEXTBOOKS, base: SPECIAL_TEXTBOOKS_MIN_CENTS, others: [SPECIAL_TEXTBOOKS_MAX_CENTS, SPECIAL_TEXTBOOKS_MAX_CENTS * DISABILITY_FACTOR], note: '50 to 100 EUR by training level, doubled for a disability' },
  { benefit: Benefit.FIRST_EQUIPMENT, base: 0, others: [EQUIPMENT_MIN_CENTS, EQUIPMENT_MAX_CENTS], note: '50 to 500 EUR by diploma and training (table), school status only' },
  { benefit: Benefit.SPORT_LICENCE, base: SPORT_LICENCE_CENTS, others: [SPORT_LICENCE_RAISED_CENTS], note: '30 EUR off one licence; 60 EUR for a disability, sport on prescription, girls in a combat-sports club' },
  { benefit: Benefit.FISHING, base: FISHING_CENTS, others: [], note: '30 EUR for one annual fishing card' },
  { benefit: Benefit.HUNTING, base: HUNTING_CENTS, others: [], note: '30 EUR for the hunting permit or its yearly validation' },
  { benefit: Benefit.CINEMA, base: CINEMA_UNITS, others: [], note: '5 tickets, 1 EUR co-payment each' },
  { benefit: Benefit.SHOWS, base: SHOWS_CENTS, others: [], note: '30 EUR, in one go or split' },
  { benefit: Benefit.LEISURE_BOOKS, base: LEISURE_BOOKS_CENTS, others: [LEISURE_BOOKS_TERMINALE_CENTS], note: '15 EUR; 35 EUR in terminale (general, technological, vocational bac)' },
  { benefit: Benefit.MUSEUMS, base: 0, others: [], note: 'entitlement: free unlimited entry' },
  { benefit: Benefit.DIGITAL, base: 0, others: [], note: 'entitlement: unlimited streaming, online only' },
  { benefit: Benefit.HEALTH, base: 0, others: [], note: 'entitlement: screening and prevention coupons' },
  { benefit: Benefit.FIRST_AID, base: FIRST_AID_CENTS, others: [], note: '60 EUR for one PSC1 training, individual only' },
  { benefit: Benefit.DRIVING_LICENCE, base: 0, others: [20000, 50000, 100000], note: 'by mission: 200 EUR (35 h), 500 EUR (80 h, SPV, cadets), 1000 EUR (JSP)' },
];
