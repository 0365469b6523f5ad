/**
 * Names a person types for catalogue codes and statuses ('cinema',
 * 'first-equipment', 'WRONG_PIN'), and how amounts read ('42.50 €', '5 units').
 */
import { BENEFITS, CATEGORIES, benefitInfo } from '../../protocol/catalogue/table.js';
import { Kind } from '../../protocol/catalogue/codes.js';
import { BENEFIT_NAMES, CATEGORY_NAMES, benefitLabel } from '../../protocol/catalogue/labels.js';
import { STATUS_TABLE } from '../../protocol/status.js';

const key = (upperSnake: string) => upperSnake.toLowerCase().replace(/_/g, '-');
const norm = (s: string) => s.trim().toLowerCase().replace(/[_\s]+/g, '-');

/** The short name of a benefit code ('cinema', 'first-equipment'). */
export function benefitKey(code: number): string {
  const b = benefitInfo(code);
  return b ? key(BENEFIT_NAMES[b.code - 1]) : String(code);
}

/** Every benefit short name, in code order. */
export const BENEFIT_KEYS: string[] = BENEFITS.map((b) => key(BENEFIT_NAMES[b.code - 1]));
/** Every category short name, in code order. */
export const CATEGORY_KEYS: string[] = CATEGORIES.map((c) => key(CATEGORY_NAMES[c.code - 1]));

/** The benefit code of a short name or a number; null when unknown. */
export function benefitCode(name: string | number): number | null {
  if (typeof name === 'number') return benefitInfo(name) ? name : null;
  if (/^\d+$/.test(name.trim())) return benefitCode(Number(name));
  const i = BENEFIT_KEYS.indexOf(norm(name));
  return i < 0 ? null : BENEFITS[i].code;
}

/** The category code of a short name or a number; null when unknown. */
export function categoryCode(name: string): number | null {
  if (/^\d+$/.test(name.trim())) {
    const n = Number(name);
    return CATEGORIES.some((c) => c.code === n) ? n : null;
  }
  const i = CATEGORY_KEYS.indexOf(norm(name));
  return i < 0 ? null : CATEGORIES[i].code;
}

/** The short name of a category code. */
export function categoryKey(code: number): string {
  const c = CATEGORIES.find((x) => x.code === code);
  return c ? key(CATEGORY_NAMES[c.code - 1]) : String(code);
}

/** English label of a benefit. */
export function benefitName(code: number): string {
  return benefitLabel(code, 'en');
}

/** The status code of a name ('WRONG_PIN', 'wrong-pin', 'OK') or a number; null when unknown. */
export function statusCode(name: string | number): number | null {
  if (typeof name === 'number') return name >= 0 && name <= 255 ? name : null;
  const n = name.trim().toUpperCase().replace(/[-\s]/g, '_');
  const s = STATUS_TABLE.find((x) => x.name === n);
  return s ? s.code : null;
}

/** Cents as '42.50 €'. */
export function euros(cents: number): string {
  const neg = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${neg}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')} €`;
}

/** An amount of a benefit as a person reads it: '42.50 €', '5 units', '3 uses'. */
export function formatAmount(benefit: number, amount: number): string {
  const kind = benefitInfo(benefit)?.kind;
  if (kind === Kind.UNITS) return `${amount} unit${amount === 1 ? '' : 's'}`;
  if (kind === Kind.ENTITLEMENT) return `${amount} use${amount === 1 ? '' : 's'}`;
  return euros(amount);
}

/**
 * A euro amount written by a person ('42.50', '42,5', '42.50 €', 12) in
 * cents; null when it is not a non-negative amount with at most 2 decimals.
 */
export function parseEuros(v: string | number): number | null {
  const s = (typeof v === 'number' ? String(v) : v).trim().replace(/\s*(€|eur|euros?)$/i, '').replace(',', '.');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** Frame type names a packet fault may select, with their codes (spec §2.4). */
export const FRAME_TYPES: Record<string, number> = { MSG: 0x01, KEEPALIVE: 0x02, CANCEL: 0x03, SYNC: 0x04, EVENT: 0x05, ERROR: 0x3f };
