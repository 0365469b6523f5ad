/**
 * The kiosk's passage log: every passage the reader reported, today's counts
 * per service, and the CSV export. Double taps are kept (shown in amber) but
 * never counted as meals.
 */
import { parisDayAndMinute, formatDateTime } from '../shared/time.js';
import { toCsv } from '../shared/download.js';
import { serviceAt, type ServiceWindow } from './services.js';

/** DOUBLE_TAP status code (protocol/status.ts). */
export const DOUBLE_TAP = 0x71;

/** One passage as the kiosk keeps it. */
export interface Passage {
  /** Reader journal sequence number, when the reader gave one. */
  seq?: number;
  /** Unix seconds (reader clock). */
  time: number;
  allowed: boolean;
  /** Status code: 0 when allowed, else why not. */
  reason: number;
  cardId: string;
  holderName: string;
}

/** 'allowed' | 'duplicate' | 'denied' of a passage. */
export function outcome(p: Passage): 'allowed' | 'duplicate' | 'denied' {
  if (p.allowed) return 'allowed';
  return p.reason === DOUBLE_TAP ? 'duplicate' : 'denied';
}

/** Today's counts (Paris day of `now`). */
export interface Counts {
  lunch: number;
  dinner: number;
  outside: number;
  refused: number;
  duplicate: number;
}

/** Counts of the passages of the Paris day of `now` (unix seconds). */
export function countToday(passages: Passage[], windows: ServiceWindow[], now: number): Counts {
  const today = parisDayAndMinute(now).day;
  const c: Counts = { lunch: 0, dinner: 0, outside: 0, refused: 0, duplicate: 0 };
  for (const p of passages) {
    const { day, minute } = parisDayAndMinute(p.time);
    if (day !== today) continue;
    const o = outcome(p);
    if (o === 'duplicate') c.duplicate++;
    else if (o === 'denied') c.refused++;
    else c[serviceAt(minute, windows) ?? 'outside']++;
  }
  return c;
}

/** The passage log as CSV: one row per passage, times in Paris time and as unix seconds. */
export function passagesCsv(passages: Passage[], windows: ServiceWindow[], reasonName: (code: number) => string): string {
  return toCsv(
    ['seq', 'time_paris', 'unix_time', 'card_id', 'holder', 'result', 'reason', 'service'],
    passages.map((p) => [
      p.seq ?? '', formatDateTime(p.time, 'fr'), p.time, p.cardId, p.holderName, outcome(p),
      p.allowed ? '' : reasonName(p.reason), p.allowed ? serviceAt(parisDayAndMinute(p.time).minute, windows) ?? 'outside' : '',
    ]),
  );
}
