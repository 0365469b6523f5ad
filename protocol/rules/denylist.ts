/**
 * Denylist entries and their evaluation (spec §7.10). Signing and versioning of the list are
 * defined in §5 (protocol/signed); this module only says what an entry means. A decoded
 * DenylistEntry of protocol/signed/denylist.ts (benefits [] = all, until 0 = for ever) is a
 * valid DenyEntry.
 */
import { Status } from '../status.js';
import { bytesEqual as sameCardId } from '../bytes/bytes.js';

import { DenyKind } from '../signed/denylist.js';
/** Entry kinds, as the signed denylist carries them (§5). */
export { DenyKind };

/** One denylist entry. */
export interface DenyEntry {
  /** Card id, 8 bytes. */
  cardId: Uint8Array;
  /** DenyKind. */
  kind: number;
  /** SUSPENDED only: the benefit codes suspended; absent or empty means every benefit. Ignored for REVOKED. */
  benefits?: number[];
  /** The entry is in force while time < until (unix seconds, exclusive); absent or 0: for ever. */
  until?: number;
}

/** True when two card ids hold the same bytes (8 bytes expected; lengths must match): bytes' bytesEqual. */
export { sameCardId };

/** True when a SUSPENDED entry covers `benefit`. */
function covers(e: DenyEntry, benefit: number): boolean {
  const list = e.benefits;
  if (!list || list.length === 0) return true;
  for (let i = 0; i < list.length; i++) if (list[i] === benefit) return true;
  return false;
}

/**
 * Evaluates the denylist for a card, a benefit and a unix time: CARD_REVOKED when a REVOKED
 * entry of the card is in force (whatever the order of entries), else BENEFIT_SUSPENDED when
 * a SUSPENDED entry in force covers the benefit, else OK. An entry of unknown kind counts as
 * REVOKED (fail closed; a denylist decoder should reject such a list anyway).
 */
export function checkDenylist(entries: DenyEntry[], cardId: Uint8Array, benefit: number, time: number): number {
  let suspended = false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.cardId[0] !== cardId[0] || !sameCardId(e.cardId, cardId)) continue;
    if (e.until !== undefined && e.until !== 0 && !(time < e.until)) continue;
    if (e.kind !== DenyKind.SUSPENDED) return Status.CARD_REVOKED;
    if (covers(e, benefit)) suspended = true;
  }
  return suspended ? Status.BENEFIT_SUSPENDED : Status.OK;
}
