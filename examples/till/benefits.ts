/**
 * The benefits a till offers: those of the catalogue whose category is in
 * the reader certificate and that are usable at a reader, with their labels.
 */
import { BENEFITS, BenefitFlag, Kind, type BenefitInfo } from '../../protocol/catalogue/index.js';
import { benefitLabel } from '../../protocol/catalogue/labels.js';
import type { Lang } from '../shared/i18n.js';

/** One benefit the till may debit. */
export interface Offer {
  code: number;
  kind: number;
  copay: number;
  label: string;
}

/** Benefits usable at a reader agreed for `categories`, in catalogue order. */
export function offersFor(categories: number[], l: Lang): Offer[] {
  return BENEFITS.filter((b: BenefitInfo) => (b.flags & BenefitFlag.READER) !== 0 && categories.includes(b.category))
    .map((b) => ({ code: b.code, kind: b.kind, copay: b.copay, label: benefitLabel(b.code, l) }));
}

/** 'cents' | 'units' | 'uses' of a catalogue Kind. */
export function amountKind(kind: number): 'cents' | 'units' | 'uses' {
  return kind === Kind.UNITS ? 'units' : kind === Kind.ENTITLEMENT ? 'uses' : 'cents';
}
