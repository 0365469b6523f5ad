/**
 * Euro amounts typed at a till, as integer cents: no floating point anywhere.
 * "42,50", "42.50", "42,5", "42", "1 234,00" parse; anything else is refused.
 */

/** Largest amount a till accepts, in cents (100 000 €; far above any benefit). */
export const MAX_CENTS = 10_000_000;

/** Cents of a typed euro amount, or null when the text is not a valid positive amount. */
export function parseEuros(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '').replace(/^€/, '');
  const m = /^(\d{1,8})(?:[.,](\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = m[2] === undefined ? 0 : m[2].length === 1 ? Number(m[2]) * 10 : Number(m[2]);
  const cents = whole * 100 + frac;
  return cents > 0 && cents <= MAX_CENTS ? cents : null;
}

/** A whole count of tickets (1..99), or null. */
export function parseUnits(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,2}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 ? n : null;
}

/** "42,50 €" (fr) or "€42.50" (en) from integer cents. */
export function formatCents(cents: number, lang: 'fr' | 'en'): string {
  const neg = cents < 0;
  const a = Math.abs(Math.trunc(cents));
  const euros = Math.floor(a / 100);
  const c = a % 100;
  const frac = (c < 10 ? '0' : '') + c;
  const whole = groupThousands(String(euros), lang === 'fr' ? '\u202f' : ',');
  const s = lang === 'fr' ? `${whole},${frac}\u00a0€` : `€${whole}.${frac}`;
  return neg ? '-' + s : s;
}

/** "12345" -> "12 345" with `sep` between groups of three digits. */
function groupThousands(digits: string, sep: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}
