/**
 * Europe/Paris local time <-> unix seconds, for the issuer's validity windows (spec §7.4).
 * No offset is hard-coded: the offset at an instant is read from Intl.DateTimeFormat with
 * timeZone 'Europe/Paris', so DST rules come from the platform's time-zone database.
 */

/** A Paris wall-clock date and time (month 1-12). */
export interface ParisDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Paris wall-clock fields of a unix time (seconds). */
export function parisFields(unix: number): ParisDateTime {
  const out: ParisDateTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter.formatToParts(new Date(unix * 1000))) {
    if (p.type in out) out[p.type as keyof ParisDateTime] = Number(p.value);
  }
  return out;
}

/** Offset of Paris local time from UTC at a unix time, in seconds (3600 in winter, 7200 in summer). */
export function parisOffset(unix: number): number {
  const f = parisFields(Math.floor(unix));
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) / 1000 - Math.floor(unix);
}

/**
 * Unix time of a Paris wall-clock time. Out-of-range fields roll over as in Date.UTC
 * (day 32 of a month is the 1st of the next). Disambiguation as Temporal's 'compatible':
 * a time repeated when clocks go back gives the earlier instant; a time skipped when clocks
 * go forward is shifted forward by the gap (02:30 on the spring day is 03:30 summer time).
 */
export function parisToUnix(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  // Offsets in force a little before and after: at most one transition lies between them.
  const before = parisOffset(wall - 86400);
  const after = parisOffset(wall + 86400);
  const candidates: number[] = [];
  for (const o of before === after ? [before] : [before, after]) {
    const t = wall - o;
    if (parisOffset(t) === o) candidates.push(t);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: read the wall time with the offset before the transition.
  return wall - before;
}

/** Unix time of 00:00 Paris time at the start of a calendar day. */
export function parisMidnight(year: number, month: number, day: number): number {
  return parisToUnix(year, month, day);
}

/** Number of days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The calendar date `months` months after a date, keeping the day of the month, or the last
 * day of the target month when it has no such day (31 Jan + 1 month = 28 or 29 Feb).
 */
export function addMonths(year: number, month: number, day: number, months: number): { year: number; month: number; day: number } {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { year: y, month: m, day: Math.min(day, daysInMonth(y, m)) };
}

/** 'YYYY-MM-DD HH:MM:SS' Paris time, for messages and tests. */
export function formatParis(unix: number): string {
  const f = parisFields(unix);
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  return `${f.year}-${two(f.month)}-${two(f.day)} ${two(f.hour)}:${two(f.minute)}:${two(f.second)}`;
}
