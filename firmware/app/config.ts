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

/**
 * Fill in the defaults and check the layout against the flash: the three
 * areas must not overlap and must fit. Throws INTERNAL (a board bug) when they
 * do not, or when the issuer root is missing.
 */
export function resolveConfig(c: ReaderConfig | undefined, flash: Flash): ResolvedConfig {
  const o = c || {};
  const settingsFirstPage = pick(o.settingsFirstPage, 0);
  const settingsSlotPages = pick(o.settingsSlotPages, 2);
  const intentFirstPage = pick(o.intentFirstPage, settingsFirstPage + 2 * settingsSlotPages);
  const intentPages = pick(o.intentPages, 2);
  const journalFirstPage = pick(o.journalFirstPage, intentFirstPage + intentPages);
  const journalPages = pick(o.journalPages, flash.pageCount - journalFirstPage);
  const root = o.issuerRoot;
  if (!root || root.length !== 32) throw codedError(Status.INTERNAL, 'no issuer root key configured');
  const areas = [
    [settingsFirstPage, 2 * settingsSlotPages],
    [intentFirstPage, intentPages],
    [journalFirstPage, journalPages],
  ];
  for (let i = 0; i < areas.length; i++) {
    const a = areas[i];
    if (a[0] < 0 || a[1] < 1 || a[0] + a[1] > flash.pageCount) throw codedError(Status.INTERNAL, 'flash area outside the flash', i);
    for (let k = 0; k < i; k++) {
      const b = areas[k];
      if (a[0] < b[0] + b[1] && b[0] < a[0] + a[1]) throw codedError(Status.INTERNAL, 'flash areas overlap', i);
    }
  }
  if (intentPages < 2 || journalPages < 2) throw codedError(Status.INTERNAL, 'intent log and journal need 2 pages each');
  return {
    settingsFirstPage: settingsFirstPage,
    settingsSlotPages: settingsSlotPages,
    intentFirstPage: intentFirstPage,
    intentPages: intentPages,
    journalFirstPage: journalFirstPage,
    journalPages: journalPages,
    doubleTapMs: pick(o.doubleTapMs, 10000),
    cardTimeoutMs: pick(o.cardTimeoutMs, 30000),
    pinTimeoutMs: pick(o.pinTimeoutMs, 30000),
    pollIntervalMs: pick(o.pollIntervalMs, 50),
    accessPollMs: pick(o.accessPollMs, 0),
    resultMs: pick(o.resultMs, 3000),
    issuerRoot: root,
  };
}
