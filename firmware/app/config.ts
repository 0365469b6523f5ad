/**
 * Reader configuration: flash layout, holder-facing timeouts and the issuer
 * root key. A board passes what it knows in `ports.config`; everything else
 * takes the defaults below (resolveConfig).
 */
import type { Flash } from '../ports/flash.js';
import { Status } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';

/** Firmware version reported by GET_INFO and as bcdDevice. */
export const FIRMWARE_MAJOR = 0;
export const FIRMWARE_MINOR = 1;
export const FIRMWARE_PATCH = 0;
/** The same version as text. */
export const FIRMWARE_VERSION = '0.1.0';

/** What a board may set; every field is optional except the issuer root (see resolveConfig). */
export interface ReaderConfig {
  /** First flash page of the settings store (two slots of `settingsSlotPages` pages). Default 0. */
  settingsFirstPage?: number;
  /** Pages per settings slot. Default 2 (so the denylist can hold a few hundred entries). */
  settingsSlotPages?: number;
  /** First page of the debit intent log (the pending-recovery records). Default after the settings. */
  intentFirstPage?: number;
  /** Pages of the intent log (at least 2). Default 2. */
  intentPages?: number;
  /** First page of the journal. Default after the intent log. */
  journalFirstPage?: number;
  /** Pages of the journal (at least 2). Default: every page left. */
  journalPages?: number;
  /** Access mode: the same card is refused (DOUBLE_TAP) within this time of its last allowed passage. Default 10 s. */
  doubleTapMs?: number;
  /** Time the holder has to present the card. Default 30 s. */
  cardTimeoutMs?: number;
  /** Time the holder has for each PIN key. Default 30 s. */
  pinTimeoutMs?: number;
  /** Interval between two card polls while a card is awaited (merchant flows). Default 50 ms. */
  pollIntervalMs?: number;
  /** Interval between two card polls in access mode (0 = every tick). Default 0. */
  accessPollMs?: number;
  /** How long a result stays on the display before the idle screen returns. Default 3 s. */
  resultMs?: number;
  /** The issuer root public key (32 bytes), baked into the firmware image. */
  issuerRoot?: Uint8Array;
}

/** A configuration with every field resolved. */
export interface ResolvedConfig {
  settingsFirstPage: number;
  settingsSlotPages: number;
  intentFirstPage: number;
  intentPages: number;
  journalFirstPage: number;
  journalPages: number;
  doubleTapMs: number;
  cardTimeoutMs: number;
  pinTimeoutMs: number;
  pollIntervalMs: number;
  accessPollMs: number;
  resultMs: number;
  issuerRoot: Uint8Array;
}

function pick(v: number | undefined, d: number): number {
  return v === undefined ? d : v;
}

/** The timings of ResolvedConfig and their defaults (ms). */
const TIMINGS: { [name: string]: number } = {
  doubleTapMs: 10000,
  cardTimeoutMs: 30000,
  pinTimeoutMs: 30000,
  pollIntervalMs: 50,
  accessPollMs: 0,
  resultMs: 3000,
};

/**
 * The flash areas in flash order, four entries each: the field of the first page (default:
 * right after the previous area), the field of the size, the default size (0: every page
 * left), and the pages per unit of size (the settings store has two slots).
 */
const AREAS: (string | number)[] = [
  'settingsFirstPage', 'settingsSlotPages', 2, 2,
  'intentFirstPage', 'intentPages', 2, 1,
  'journalFirstPage', 'journalPages', 0, 1,
];

/**
 * Fill in the defaults and check the layout against the flash: the three
 * areas must not overlap and must fit. Throws INTERNAL (a board bug) when they
 * do not, or when the issuer root is missing.
 */
export function resolveConfig(c: ReaderConfig | undefined, flash: Flash): ResolvedConfig {
  const given = (c || {}) as { [name: string]: number | undefined };
  const root = (c || {}).issuerRoot;
  if (!root || root.length !== 32) throw codedError(Status.INTERNAL, 'no issuer root key configured');
  const r = { issuerRoot: root } as unknown as { [name: string]: number };
  /** First page and page count of each area checked so far. */
  const areas: number[] = [];
  let next = 0;
  for (let i = 0; i < AREAS.length; i += 4) {
    const first = pick(given[AREAS[i]], next);
    const size = pick(given[AREAS[i + 1]], (AREAS[i + 2] as number) || flash.pageCount - first);
    const pages = size * (AREAS[i + 3] as number);
    if (first < 0 || pages < 1 || first + pages > flash.pageCount) throw codedError(Status.INTERNAL, 'flash area outside the flash', i / 4);
    for (let k = 0; k < areas.length; k += 2) {
      if (first < areas[k] + areas[k + 1] && areas[k] < first + pages) throw codedError(Status.INTERNAL, 'flash areas overlap', i / 4);
    }
    areas.push(first, pages);
    r[AREAS[i]] = first;
    r[AREAS[i + 1]] = size;
    next = first + pages;
  }
  if (r.intentPages < 2 || r.journalPages < 2) throw codedError(Status.INTERNAL, 'intent log and journal need 2 pages each');
  for (const name in TIMINGS) r[name] = pick(given[name], TIMINGS[name]);
  return r as unknown as ResolvedConfig;
}
