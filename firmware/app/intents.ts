/**
 * The debit intent log: before the reader sends DEBIT to a card it records
 * the intent (card id, challenge, request id, what is debited) in flash, so
 * that a card pulled away mid-debit, or a reader power cut, is recovered on
 * that card's next tap (recovery.ts). An intent is open until recovery (or
 * the receipt) resolves it.
 *
 * Layout: `pages` pages (>= 2) used in turn. Page header (16 bytes): magic
 * "PRI1", page sequence u32, 0xFFFFFFFF, CRC-32 of bytes 0..11. Record:
 *   0 LEN u16 | 2 TYPE u8 (1) | 3 0 | 4 CRC-32 of bytes 0..3 and the data
 *   8 data (CBOR map, padded to 4 bytes) | then DONE u32: FFFFFFFF open, written 00000000 when resolved
 * An intent is identified by its challenge; the copy in the newest page wins.
 * A new page is written in this order: erase, the open intents (copied from
 * RAM), then the header: a page without a valid header is ignored, so a power
 * cut while switching pages loses nothing. A record write is one flash write
 * (a torn one fails its CRC and closes the page); the DONE word is written
 * once. Flash cost per debit: one record write and one 4-byte write; a page
 * erase every few dozen debits.
 */
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { crc32Range } from '../../protocol/framing/crc32.js';
import { bytesEqual as sameBytes } from '../../protocol/bytes/bytes.js';
import { encode } from '../../protocol/cbor/encode.js';
import { decode } from '../../protocol/cbor/decode.js';
import type { CborMap } from '../../protocol/cbor/types.js';
import type { Flash } from '../ports/flash.js';
import { readU32, writeU32 } from '../drivers/flash/layout.js';
import { failure } from './errors.js';

const MAGIC = 0x50524931; // "PRI1"
const HEADER = 16;
const REC_HEADER = 8;
const TYPE_INTENT = 1;
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
  /** Page index (in the log) of its newest copy; -1 not written yet, -2 resolved. */
  page: number;
  /** Offset of the DONE word of that copy. */
  done: number;
}

const enum K {
  CARD = 1,
  CHALLENGE = 2,
  REQUEST = 3,
  BENEFIT = 4,
  CAMPAIGN = 5,
  AMOUNT = 6,
  TIME = 7,
  REFERENCE = 8,
}

function recordSize(dataLength: number): number {
  return REC_HEADER + ((dataLength + 3) & ~3) + 4;
}

function encodeIntent(i: Intent): Uint8Array {
  const m: CborMap = {};
  m[K.CARD] = i.cardId;
  m[K.CHALLENGE] = i.challenge;
  m[K.REQUEST] = i.requestId;
  m[K.BENEFIT] = i.benefit;
  m[K.CAMPAIGN] = i.campaign;
  m[K.AMOUNT] = i.amount;
  m[K.TIME] = i.time;
  if (i.reference !== undefined) m[K.REFERENCE] = i.reference;
  return encode(m);
}

function decodeIntent(data: Uint8Array): Intent | null {
  let m: CborMap;
  try {
    m = decode(data) as CborMap;
  } catch (e) {
    if (!isCodedError(e)) throw e;
    return null;
  }
  if (m === null || typeof m !== 'object') return null;
  const card = m[K.CARD];
  const ch = m[K.CHALLENGE];
  const req = m[K.REQUEST];
  if (!(card instanceof Uint8Array) || !(ch instanceof Uint8Array) || !(req instanceof Uint8Array)) return null;
  const ref = m[K.REFERENCE];
  return {
    cardId: card,
    challenge: ch,
    requestId: req,
    benefit: m[K.BENEFIT] as number,
    campaign: m[K.CAMPAIGN] as number,
    amount: m[K.AMOUNT] as number,
    time: m[K.TIME] as number,
    reference: typeof ref === 'string' ? ref : undefined,
    page: -1,
    done: 0,
  };
}

function buildRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(recordSize(data.length));
  for (let i = 0; i < out.length; i++) out[i] = 0xff;
  out[0] = (data.length >>> 8) & 0xff;
  out[1] = data.length & 0xff;
  out[2] = TYPE_INTENT;
  out[3] = 0;
  out.set(data, REC_HEADER);
  for (let i = REC_HEADER + data.length; i < out.length - 4; i++) out[i] = 0;
  writeU32(out, 4, crc32Range(crc32Range(0, out, 0, 4), data, 0, data.length));
  return out;
}

/** The intent log over `pages` flash pages from `firstPage`. Scans and recovers at construction. */
export class IntentLog {
  /** Open intents, oldest first. */
  readonly open: Intent[] = [];
  private active = -1;
  private activeSeq = 0;
  private end = 0;

  constructor(private readonly flash: Flash, private readonly firstPage: number, private readonly pages: number) {
    const all: Intent[] = [];
    const seqs: number[] = [];
    for (let p = 0; p < pages; p++) seqs.push(this.pageSeq(p));
    // Oldest page first, so that newer copies replace older ones.
    for (;;) {
      let p = -1;
      for (let k = 0; k < pages; k++) if (seqs[k] > 0 && (p < 0 || seqs[k] < seqs[p])) p = k;
      if (p < 0) break;
      const end = this.scanPage(p, all);
      if (seqs[p] > this.activeSeq) {
        this.activeSeq = seqs[p];
        this.active = p;
        this.end = end;
      }
      seqs[p] = 0;
    }
    for (let i = 0; i < all.length; i++) if (all[i].page >= 0) this.open.push(all[i]);
  }

  /** The page sequence of page p from a valid header, else 0. */
  private pageSeq(p: number): number {
    const h = this.flash.read(this.firstPage + p, 0, HEADER);
    if (readU32(h, 0) !== MAGIC || readU32(h, 12) !== crc32Range(0, h, 0, 12)) return 0;
    return readU32(h, 4);
  }

  /** Read the records of page p into `all` (newer copies replace older); returns the free offset. */
  private scanPage(p: number, all: Intent[]): number {
    const page = this.firstPage + p;
    const size = this.flash.pageSize;
    let off = HEADER;
    while (off + REC_HEADER + 4 <= size) {
      const h = this.flash.read(page, off, REC_HEADER);
      const len = (h[0] << 8) | h[1];
      if (len === 0xffff && h[2] === 0xff) return off;
      if (h[2] !== TYPE_INTENT || off + recordSize(len) > size) return size;
      const data = this.flash.read(page, off + REC_HEADER, len);
      if (crc32Range(crc32Range(0, h, 0, 4), data, 0, len) !== readU32(h, 4)) return size;
      const it = decodeIntent(data);
      if (it === null) return size;
      const doneAt = off + recordSize(len) - 4;
      const d = this.flash.read(page, doneAt, 4);
      const isOpen = d[0] === 0xff && d[1] === 0xff && d[2] === 0xff && d[3] === 0xff;
      for (let k = 0; k < all.length; k++) {
        if (sameBytes(all[k].challenge, it.challenge)) {
          all.splice(k, 1);
          break;
        }
      }
      it.page = isOpen ? p : -2;
      it.done = doneAt;
      all.push(it);
      off += recordSize(len);
    }
    return size;
  }

  /** The open intent for a card id, or null. */
  forCard(cardId: Uint8Array): Intent | null {
    for (let i = 0; i < this.open.length; i++) if (sameBytes(this.open[i].cardId, cardId)) return this.open[i];
    return null;
  }

  /** The open intent for a request id, or null. */
  forRequest(requestId: Uint8Array): Intent | null {
    for (let i = 0; i < this.open.length; i++) if (sameBytes(this.open[i].requestId, requestId)) return this.open[i];
    return null;
  }

  /** Record a new intent durably (before the DEBIT command goes to the card). */
  add(it: Intent): void {
    while (this.open.length >= MAX_OPEN_INTENTS) this.resolve(this.open[0]);
    const data = encodeIntent(it);
    const rec = buildRecord(data);
    if (this.active < 0 || this.end + rec.length > this.flash.pageSize) this.startPage(rec.length);
    const page = this.firstPage + this.active;
    const at = this.end;
    this.flash.write(page, at, rec);
    this.end += rec.length;
    it.page = this.active;
    it.done = at + rec.length - 4;
    this.open.push(it);
  }

  /** Mark an intent resolved (the receipt is journalled, or the card shows the debit did not happen). */
  resolve(it: Intent): void {
    for (let i = 0; i < this.open.length; i++) {
      if (this.open[i] === it) {
        this.open.splice(i, 1);
        if (it.page >= 0) this.flash.write(this.firstPage + it.page, it.done, new Uint8Array(4));
        it.page = -2;
        return;
      }
    }
  }

  /** Start the next page: erase, copy the open intents, then the header (makes the page valid). */
  private startPage(need: number): void {
    const target = this.active < 0 ? 0 : (this.active + 1) % this.pages;
    const page = this.firstPage + target;
    const size = this.flash.pageSize;
    this.flash.erase(page);
    let off = HEADER;
    for (let i = 0; i < this.open.length; i++) {
      const rec = buildRecord(encodeIntent(this.open[i]));
      if (off + rec.length + need > size) throw failure(Status.STORAGE_ERROR);
      this.flash.write(page, off, rec);
      this.open[i].page = target;
      this.open[i].done = off + rec.length - 4;
      off += rec.length;
    }
    const h = new Uint8Array(HEADER);
    writeU32(h, 0, MAGIC);
    writeU32(h, 4, this.activeSeq + 1);
    writeU32(h, 8, 0xffffffff);
    writeU32(h, 12, crc32Range(0, h, 0, 12));
    this.flash.write(page, 0, h);
    this.activeSeq++;
    this.active = target;
    this.end = off;
  }
}
