/** Times shown to people: always Europe/Paris, whatever the computer's time zone. */

/** The time zone of every time the pages show. */
export const ZONE = 'Europe/Paris';

/** "14/03/2025 12:05:09" (fr) or "14/03/2025, 12:05:09" (en) for unix seconds, Paris time. */
export function formatDateTime(unixSeconds: number, lang: 'fr' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(new Date(unixSeconds * 1000));
}

/** "14/03/2025", Paris date of unix seconds. */
export function formatDate(unixSeconds: number, lang: 'fr' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(unixSeconds * 1000));
}

/** "12:05:09", Paris time. */
export function formatClock(unixSeconds: number): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(new Date(unixSeconds * 1000));
}

/** Paris local date "YYYY-MM-DD" and minutes since local midnight of unix seconds. */
export function parisDayAndMinute(unixSeconds: number): { day: string; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(new Date(unixSeconds * 1000));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  const hour = Number(get('hour')) % 24; // some engines print 24 for midnight
  return { day: `${get('year')}-${get('month')}-${get('day')}`, minute: hour * 60 + Number(get('minute')) };
}
