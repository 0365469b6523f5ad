/**
 * The debit intent log: before the reader sends DEBIT to a card it records
 * the intent (card id, challenge, request id, what is debited) in flash, so
 * that a card pulled away mid-debit, or a reader power cut, is recovered on
 * that card's next tap (recovery.ts). An intent is open until recovery (or
 * the receipt) resolves it.
 *
 * It is a log of the journal's record format on its own pages (`Journal`
 * with this log as its `LogOwner`; layout.ts): an INTENT record (data: a CBOR
 * map `{1 cardId, 2 challenge, 3 requestId, 4 benefit, 5 campaign, 6 amount,
 * 7 time, 8 reference}`) opens an intent, a RESOLVED record (data: the
 * challenge) closes it. An intent is identified by its challenge. The
 * checkpoint that starts each new page copies the open intents, so the
 * oldest page can always be erased; the boot scan replays the records in log
 * order. Each record is one flash write with a CRC, so a power cut leaves the
 * old or the new state. Flash cost per debit: two record writes; a page
 * erase every few dozen debits.
 */
import { Status } from '../../protocol/status.js';
import { bytesEqual as sameBytes } from '../../protocol/bytes/bytes.js';
import { encode } from '../../protocol/cbor/encode.js';
import { decode } from '../../protocol/cbor/decode.js';
import type { Schema } from '../../protocol/messages/schema.js';
import { FieldType as T, FieldFlag as F } from '../../protocol/messages/schema.js';
import { readBody, toWire } from '../../protocol/messages/wire.js';
import type { Flash } from '../ports/flash.js';
import { Journal } from '../drivers/flash/journal.js';
import type { LogOwner, RecordRef } from '../drivers/flash/journal.js';
import { RecordType, buildRecord } from '../drivers/flash/layout.js';
import { failure } from './errors.js';

/** Open intents kept at most; beyond, the oldest is given up (it can no longer be recovered). */
export const MAX_OPEN_INTENTS = 8;

/** One debit about to be (or maybe) applied by a card. */
export interface Intent {
  cardId: Uint8Array;
  challenge: Uint8Array;
  requestId: Uint8Array;
  benefit: number;
  campaign: number;
  amount: number;
  /** Reader time sent to the card (unix seconds). */
  time: number;
  reference?: string;
}

/** The CBOR map of an intent record (one table format: protocol/messages/schema.ts). */
const INTENT_FIELDS: Schema = {
  cardId: 1 | F.REQUIRED | T.BYTES,
  challenge: 2 | F.REQUIRED | T.BYTES,
  requestId: 3 | F.REQUIRED | T.BYTES,
  benefit: 4 | F.REQUIRED | T.UINT,
  campaign: 5 | F.REQUIRED | T.UINT,
  amount: 6 | F.REQUIRED | T.UINT,
  time: 7 | F.REQUIRED | T.UINT,
  reference: 8 | F.OPTIONAL | T.TEXT,
};

/** The data of an intent record (an absent reference is left out). */
function encodeIntent(it: Intent): Uint8Array {
  return encode(toWire(INTENT_FIELDS, it, true));
}

/** Which identifier of an intent `find` compares. */
const enum By {
  CARD,
  CHALLENGE,
  REQUEST,
}

/** The intent log over `pages` flash pages from `firstPage`. Scans and recovers at construction. */
export class IntentLog implements LogOwner {
  /** Open intents, oldest first. */
  readonly open: Intent[] = [];
  private readonly log: Journal;

  constructor(flash: Flash, firstPage: number, pages: number) {
    this.log = new Journal(flash, firstPage, pages, this);
  }

  /** Replays one record of the log (LogOwner). */
  absorb(ref: RecordRef, data: Uint8Array): void {
    if (ref.type === RecordType.INTENT) {
      // A record whose CRC holds but whose map does not fit the table (another format) is skipped.
      const it = readBody(INTENT_FIELDS, decode(data)) as unknown as Intent | null;
      if (it !== null && this.find(By.CHALLENGE, it.challenge) === null) this.open.push(it);
    } else if (ref.type === RecordType.RESOLVED) this.drop(data);
  }

  /** The open intents, for the checkpoint of a new page (LogOwner). */
  carry(out: Uint8Array[]): void {
    for (let i = 0; i < this.open.length; i++) out.push(buildRecord(RecordType.INTENT, 0, 0, encodeIntent(this.open[i]), true));
  }

  /** The open intent whose card id, challenge or request id (`by`) is `value`, or null. */
  private find(by: By, value: Uint8Array): Intent | null {
    for (let i = 0; i < this.open.length; i++) {
      const it = this.open[i];
      if (sameBytes(by === By.CARD ? it.cardId : by === By.CHALLENGE ? it.challenge : it.requestId, value)) return it;
    }
    return null;
  }

  /** Removes the open intent of a challenge from RAM; false when there is none. */
  private drop(challenge: Uint8Array): boolean {
    const it = this.find(By.CHALLENGE, challenge);
    if (it !== null) this.open.splice(this.open.indexOf(it), 1);
    return it !== null;
  }

  /** The open intent for a card id, or null. */
  forCard(cardId: Uint8Array): Intent | null {
    return this.find(By.CARD, cardId);
  }

  /** The open intent for a request id, or null. */
  forRequest(requestId: Uint8Array): Intent | null {
    return this.find(By.REQUEST, requestId);
  }

  /** Record a new intent durably (before the DEBIT command goes to the card). Throws STORAGE_ERROR. */
  add(it: Intent): void {
    while (this.open.length >= MAX_OPEN_INTENTS) this.resolve(this.open[0]);
    // Written, the record is replayed into `open` (as a copy of `it`).
    if (this.log.append(RecordType.INTENT, 0, encodeIntent(it)) !== Status.OK) throw failure(Status.STORAGE_ERROR);
  }

  /** Mark an intent resolved (the receipt is journalled, or the card shows the debit did not happen). */
  resolve(it: Intent): void {
    if (this.drop(it.challenge)) this.log.append(RecordType.RESOLVED, 0, it.challenge);
  }
}
