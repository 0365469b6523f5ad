/**
 * Stable numeric codes of the benefit catalogue (spec §7). These numbers go on
 * the wire, on cards and in reader certificates: never renumber, only append.
 * Campaign N means the school year N/N+1 (2024 = campaign 2024/2025).
 */

/** Benefit codes (one wallet per benefit and campaign on a card). 0 is never a benefit. */
export const enum Benefit {
  FREE_TEXTBOOKS = 1,
  COMP_TEXTBOOKS = 2,
  SPECIAL_TEXTBOOKS = 3,
  FIRST_EQUIPMENT = 4,
  SPORT_LICENCE = 5,
  FISHING = 6,
  HUNTING = 7,
  CINEMA = 8,
  SHOWS = 9,
  LEISURE_BOOKS = 10,
  MUSEUMS = 11,
  DIGITAL = 12,
  HEALTH = 13,
  FIRST_AID = 14,
  DRIVING_LICENCE = 15,
}

/** Highest benefit code of this catalogue version. */
export const BENEFIT_MAX = 15;

/**
 * Benefit categories: the unit a partner (reader certificate) is agreed for.
 * A reader may debit a benefit only if the benefit's category is in its certificate.
 */
export const enum Category {
  TEXTBOOKS = 1,
  EQUIPMENT = 2,
  CINEMA = 3,
  SHOWS = 4,
  BOOKS = 5,
  MUSEUMS = 6,
  DIGITAL = 7,
  SPORT = 8,
  FISHING = 9,
  HUNTING = 10,
  HEALTH = 11,
  FIRST_AID = 12,
  DRIVING = 13,
}

/** Highest category code of this catalogue version. */
export const CATEGORY_MAX = 13;

/**
 * Benefit groups, as the seeds name them ("manuels scolaires" + "premier équipement" = school,
 * "culture", "sport", "loisirs de pleine nature", "santé", ...). Groups fix validity windows and
 * who receives what (referents: culture, sport, outdoor only). Not used by the reader.
 */
export const enum Group {
  SCHOOL = 1,
  CULTURE = 2,
  SPORT = 3,
  OUTDOOR = 4,
  HEALTH = 5,
  FIRST_AID = 6,
  RIGHTS_DUTIES = 7,
}

/** How a wallet counts. */
export const enum Kind {
  /** Money in euro cents; the balance goes down. */
  CENTS = 0,
  /** Tickets; the balance counts units; the holder pays a co-payment per unit to the partner. */
  UNITS = 1,
  /** Unlimited use; the balance is a use counter that goes up by one per use. */
  ENTITLEMENT = 2,
}

/** Catalogue flags of a benefit (bit set). */
export const enum BenefitFlag {
  /** Several debits may draw on one wallet; when clear, the first debit closes the wallet. */
  SPLIT = 0x01,
  /** Never used collectively (group order / group booking without PIN). */
  INDIVIDUAL = 0x02,
  /** Usable at a reader; when clear the benefit is used online only. */
  READER = 0x04,
}

/** Validity rule of a benefit (how the issuer computes a wallet's from/until). */
export const enum Validity {
  /** From the establishment's (re)validation (11 June at the earliest) to the end of 31 May of the campaign's end year, Paris time. */
  SCHOOL_YEAR = 1,
  /** From 1 September of the campaign year 00:00 to the end of 31 August of the end year, Paris time. */
  SUMMER_TO_SUMMER = 2,
  /** From loading to the end of the same calendar day 24 months later, Paris time. */
  MONTHS_24 = 3,
}

/** First and last campaign numbers this protocol accepts (a campaign fits in 16 bits). */
export const CAMPAIGN_MIN = 2000;
export const CAMPAIGN_MAX = 2099;
/** The campaign whose catalogue this file describes. */
export const CAMPAIGN_2024 = 2024;
