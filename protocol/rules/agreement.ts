/**
 * Reader-side benefit checks that need no card (spec §7.9): known benefit, usable at a
 * reader, reader agreed for the category, collective use allowed.
 */
import { Status } from '../status.js';
import { BenefitFlag } from '../catalogue/codes.js';
import { benefitInfo } from '../catalogue/table.js';

/** OK when the benefit is known and usable at a reader; BAD_REQUEST (unknown code) or ONLINE_ONLY. */
export function checkReaderUsable(benefit: number): number {
  const b = benefitInfo(benefit);
  if (!b) return Status.BAD_REQUEST;
  return (b.flags & BenefitFlag.READER) !== 0 ? Status.OK : Status.ONLINE_ONLY;
}

/**
 * OK when a reader agreed for `readerCategories` (from its certificate) may debit `benefit`:
 * BAD_REQUEST for an unknown benefit, ONLINE_ONLY for a benefit never used at a reader,
 * CATEGORY_NOT_AGREED when the benefit's category is not in the list.
 */
export function checkAgreement(readerCategories: number[], benefit: number): number {
  const s = checkReaderUsable(benefit);
  if (s !== Status.OK) return s;
  const c = (benefitInfo(benefit) as { category: number }).category;
  for (let i = 0; i < readerCategories.length; i++) if (readerCategories[i] === c) return Status.OK;
  return Status.CATEGORY_NOT_AGREED;
}

/** OK, or INDIVIDUAL_ONLY when a collective (group, no PIN) debit asks for an individual-only benefit. */
export function checkCollective(benefit: number, collective: boolean): number {
  if (!collective) return Status.OK;
  const b = benefitInfo(benefit);
  if (!b) return Status.BAD_REQUEST;
  return (b.flags & BenefitFlag.INDIVIDUAL) !== 0 ? Status.INDIVIDUAL_ONLY : Status.OK;
}
