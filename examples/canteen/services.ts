/**
 * Canteen services by time of day (Paris time): which service a passage
 * counts for (lunch, dinner, or none), from windows the kiosk can change.
 */

/** One service window, in minutes since local midnight [from, to). */
export interface ServiceWindow {
  id: 'lunch' | 'dinner';
  from: number;
  to: number;
}

/** Default windows: lunch 11:00-14:30, dinner 18:00-21:30. */
export const DEFAULT_SERVICES: ServiceWindow[] = [
  { id: 'lunch', from: 11 * 60, to: 14 * 60 + 30 },
  { id: 'dinner', from: 18 * 60, to: 21 * 60 + 30 },
];

/** Minutes since midnight of "HH:MM", or null. */
export function parseHhmm(s: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** "HH:MM" of minutes since midnight. */
export function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** The service a local minute of the day falls in, or null (outside every window). */
export function serviceAt(minute: number, windows: ServiceWindow[]): ServiceWindow['id'] | null {
  for (const w of windows) if (minute >= w.from && minute < w.to) return w.id;
  return null;
}

/** Check windows: each from < to, and no overlap. Returns an error key or null. */
export function checkWindows(windows: ServiceWindow[]): string | null {
  for (const w of windows) if (!(w.from < w.to)) return 'servicesOrder';
  const sorted = windows.slice().sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].from < sorted[i - 1].to) return 'servicesOverlap';
  return null;
}
