/** Times a person types: ISO dates (Paris local midnight) and ISO instants, and durations ('2s', '1h30m'). */
import { parisMidnight, parisToUnix } from '../issuer/paris-time.js';

/** Default reader clock of the simulator: 15 October 2024, 14:00 Paris (inside every 2024/2025 wallet's validity). */
export const DEFAULT_CLOCK = '2024-10-15T14:00';

/**
 * Unix seconds of 'YYYY-MM-DD' (00:00 Paris), 'YYYY-MM-DDTHH:MM[:SS]' (Paris
 * local time), or an ISO instant with a zone ('...Z', '...+02:00'); null when
 * the text is none of these.
 */
export function parseWhen(s: string): number | null {
  const t = s.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return valid(+m[1], +m[2], +m[3]) ? parisMidnight(+m[1], +m[2], +m[3]) : null;
  m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (m) return valid(+m[1], +m[2], +m[3]) && +m[4] < 24 && +m[5] < 60 && +(m[6] ?? 0) < 60 ? parisToUnix(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)) : null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
  }
  return null;
}

function valid(y: number, mo: number, d: number): boolean {
  return y >= 2000 && y <= 2099 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60000, min: 60000, h: 3600000, d: 86400000 };

/** Milliseconds of a duration: '250ms', '2s', '1.5s', '5m', '1h30m', '3d', or a number of ms; null when invalid. */
export function parseDuration(v: string | number): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
  const s = v.trim().toLowerCase();
  if (s === '') return null;
  let total = 0;
  let rest = s;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|min|s|m|h|d)\s*/.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

/** Milliseconds as '2s', '1m30s', '250ms'. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let s = Math.floor(ms / 1000);
  const rest = ms % 1000;
  for (const [u, n] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (s >= n) {
      parts.push(`${Math.floor(s / n)}${u}`);
      s %= n;
    }
  }
  if (s || rest) parts.push(rest ? `${s}.${String(rest).padStart(3, '0').replace(/0+$/, '')}s` : `${s}s`);
  return parts.join('');
}
