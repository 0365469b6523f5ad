import type { Flash } from '../../ports/flash.js';
import { crc32Range } from '../../../protocol/framing/crc32.js';
import { Status } from '../../../protocol/status.js';
import {
  CHECKPOINT_FIXED, PAGE_HEADER, PAGE_MAGIC, RECORD_HEADER, RecordType, readU32, recordSize, writeU32,
} from './layout.js';

/** Where a record's data lives on flash, and what its header says. */
export interface RecordRef {
  page: number;
  /** Offset of the data (after the record header). */
  offset: number;
  length: number;
  type: number;
  seq: number;
  key: number;
}

/** Per-page facts rebuilt by the boot scan. */
interface PageInfo {
  /** Page sequence from the header; 0 = free (no header, or no valid record). */
  seq: number;
  /** Offset of the free space; pageSize when the page is closed (a torn record). */
  end: number;
  /** Highest receipt and passage seq stored in the page (0 = none). */
  maxReceipt: number;
  maxPassage: number;
}

/** Builds a record (header + data + padding) ready for one flash write. */
function buildRecord(type: number, seq: number, key: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(recordSize(data.length));
  out[0] = (data.length >>> 8) & 0xff;
  out[1] = data.length & 0xff;
  out[2] = type;
  out[3] = 0;
  writeU32(out, 4, seq);
  writeU32(out, 8, key);
  out.set(data, RECORD_HEADER);
  let crc = crc32Range(0, out, 0, 12);
  crc = crc32Range(crc, out, RECORD_HEADER, RECORD_HEADER + data.length);
  writeU32(out, 12, crc);
  return out;
}

/**
 * The reader's append-only journal of receipts and passages on flash pages.
 *
 * Guarantees (tested by cutting the power at every write):
 * - a record is written in one flash write with a CRC; a torn record is
 *   ignored and closes its page, so an append either happened or did not;
 * - a page is erased only when every receipt and passage in it has been
 *   acknowledged by the host, so unacknowledged receipts are never lost;
 * - every new page starts with a checkpoint that copies the last receipt
 *   (the hash chain's anchor) and the acknowledgement levels, so erasing the
 *   oldest page never loses them;
 * - when no page can be freed, `canAppend` is false and the firmware refuses
 *   debits with JOURNAL_FULL until the host acknowledges.
 * Construct it at boot: the constructor scans the pages and recovers.
 */
export class Journal {
  private readonly info: PageInfo[] = [];
  private active = -1;
  private nextPageSeq = 1;
  /** Acknowledged and last sequence numbers, per type (index 1 receipts, 2 passages). */
  readonly acked: number[] = [0, 0, 0];
  readonly last: number[] = [0, 0, 0];
  private lastReceipt: RecordRef | null = null;

  constructor(private readonly flash: Flash, private readonly firstPage: number, private readonly pageCount: number) {
    if (pageCount < 2) throw new Error('journal needs at least 2 pages');
    this.scan();
  }

  /** The largest record data an append accepts. */
  maxRecord(): number {
    // A fresh page must hold its checkpoint (with a copy of the largest receipt) and the record.
    return (this.flash.pageSize - PAGE_HEADER - 4 * RECORD_HEADER - CHECKPOINT_FIXED - 8) >> 1;
  }

  /** Latest receipt record (the chain anchor), or null before the first receipt. */
  lastReceiptRef(): RecordRef | null {
    return this.lastReceipt;
  }

  /** True when a record of `length` data bytes can be appended now. */
  canAppend(length: number): boolean {
    if (length > this.maxRecord()) return false;
    if (this.active >= 0 && this.info[this.active].end + recordSize(length) <= this.flash.pageSize) return true;
    return this.pageToStart() >= 0;
  }

  /** Number of unacknowledged records of a type (1 receipts, 2 passages). */
  pending(type: number): number {
    return this.last[type] - this.acked[type];
  }

  /**
   * Appends a receipt (type 1) or passage (type 2) record with the next
   * sequence number of its type. Returns Status.OK, JOURNAL_FULL or
   * STORAGE_ERROR; the sequence number used is then `last[type]`.
   */
  append(type: number, key: number, data: Uint8Array): number {
    if (!this.canAppend(data.length)) return Status.JOURNAL_FULL;
    const seq = this.last[type] + 1;
    const status = this.write(type, seq, key, data);
    if (status !== Status.OK) return status;
    this.last[type] = seq;
    return Status.OK;
  }

  /**
   * Records that the host holds every record of `type` up to `seq`. Frees
   * pages whose records are all acknowledged. Returns the acknowledged level.
   */
  acknowledge(type: number, seq: number): number {
    const upTo = seq > this.last[type] ? this.last[type] : seq;
    if (upTo <= this.acked[type]) return this.acked[type];
    this.acked[type] = upTo;
    // Persist it; if there is no room the next page's checkpoint carries it.
    const room = this.active >= 0 && this.info[this.active].end + recordSize(0) <= this.flash.pageSize;
    if (room) this.write(RecordType.ACK, upTo, type, new Uint8Array(0));
    else if (this.pageToStart() >= 0) this.startPage();
    return this.acked[type];
  }

  /**
   * Calls `fn` for every receipt or passage record of `type` with seq >= `from`,
   * in sequence order, each seq once; stops when `fn` returns true.
   */
  forEach(type: number, from: number, fn: (ref: RecordRef) => boolean | void): void {
    const order = this.pagesInOrder();
    let seen = from - 1;
    for (let i = 0; i < order.length; i++) {
      const stop = this.walk(order[i], (ref) => {
        if (ref.type !== type || ref.seq <= seen) return false;
        seen = ref.seq;
        return fn(ref) === true;
      });
      if (stop) return;
    }
  }

  /** The data bytes of a record. */
  read(ref: RecordRef): Uint8Array {
    return this.flash.read(ref.page, ref.offset, ref.length);
  }

  // ---- internals ----

  private pageIndex(i: number): number {
    return this.firstPage + i;
  }

  /** Valid pages (seq > 0) sorted by page sequence, as indexes into info. */
  private pagesInOrder(): number[] {
    const order: number[] = [];
    for (let i = 0; i < this.pageCount; i++) if (this.info[i].seq > 0) order.push(i);
    order.sort((a, b) => this.info[a].seq - this.info[b].seq);
    return order;
  }

  /**
   * Walks the valid records of page i (checkpoint anchors included), calling
   * fn; returns true if fn asked to stop. Returns the free-space offset via info.
   */
  private walk(i: number, fn: (ref: RecordRef) => boolean): boolean {
    const page = this.pageIndex(i);
    const size = this.flash.pageSize;
    let off = PAGE_HEADER;
    while (off + RECORD_HEADER <= size) {
      const h = this.flash.read(page, off, RECORD_HEADER);
      const len = (h[0] << 8) | h[1];
      if (len === 0xffff && h[2] === 0xff) break;
      if (off + recordSize(len) > size) break;
      const data = this.flash.read(page, off + RECORD_HEADER, len);
      let crc = crc32Range(0, h, 0, 12);
      crc = crc32Range(crc, data, 0, len);
      if (crc !== readU32(h, 12)) break;
      const ref: RecordRef = { page, offset: off + RECORD_HEADER, length: len, type: h[2], seq: readU32(h, 4), key: readU32(h, 8) };
      if (ref.type === RecordType.CHECKPOINT && len >= CHECKPOINT_FIXED + RECORD_HEADER) {
        const a = data.subarray(CHECKPOINT_FIXED, CHECKPOINT_FIXED + RECORD_HEADER);
        const anchor: RecordRef = {
          page, offset: ref.offset + CHECKPOINT_FIXED + RECORD_HEADER, length: (a[0] << 8) | a[1],
          type: a[2], seq: readU32(a, 4), key: readU32(a, 8),
        };
        if (fn(ref) || fn(anchor)) return true;
      } else if (fn(ref)) return true;
      off += recordSize(len);
    }
    return false;
  }

  /** Boot: read every page, rebuild counters, pick the active page. */
  private scan(): void {
    const minPresent = [0, 0, 0];
    let maxSeq = 0;
    for (let i = 0; i < this.pageCount; i++) {
      const info: PageInfo = { seq: 0, end: this.flash.pageSize, maxReceipt: 0, maxPassage: 0 };
      this.info.push(info);
      const h = this.flash.read(this.pageIndex(i), 0, PAGE_HEADER);
      if (readU32(h, 0) !== PAGE_MAGIC || crc32Range(0, h, 0, 12) !== readU32(h, 12)) continue;
      const pageSeq = readU32(h, 4);
      let records = 0;
      let end = PAGE_HEADER;
      let torn = false;
      this.walk(i, (ref) => {
        records++;
        if (ref.offset - RECORD_HEADER >= end) end = ref.offset - RECORD_HEADER + recordSize(ref.length);
        this.absorb(ref, info, minPresent);
        return false;
      });
      // Anything after the last valid record that is not blank means a torn write.
      if (end + RECORD_HEADER <= this.flash.pageSize) {
        const next = this.flash.read(this.pageIndex(i), end, RECORD_HEADER);
        for (let k = 0; k < RECORD_HEADER; k++) if (next[k] !== 0xff) torn = true;
      }
      if (records === 0) continue; // a page whose first write was torn is free
      info.seq = pageSeq;
      info.end = torn ? this.flash.pageSize : end;
      if (pageSeq > maxSeq) {
        maxSeq = pageSeq;
        this.active = i;
      }
    }
    this.nextPageSeq = maxSeq + 1;
    // Records below the oldest present one were erased, which happens only after acknowledgement.
    for (let t = 1; t <= 2; t++) {
      if (minPresent[t] > 0 && minPresent[t] - 1 > this.acked[t]) this.acked[t] = minPresent[t] - 1;
      if (this.acked[t] > this.last[t]) this.last[t] = this.acked[t];
    }
  }

  /** Folds one record into the counters during the boot scan. */
  private absorb(ref: RecordRef, info: PageInfo, minPresent: number[]): void {
    if (ref.type === RecordType.RECEIPT || ref.type === RecordType.PASSAGE) {
      const t = ref.type;
      if (ref.seq > this.last[t]) this.last[t] = ref.seq;
      if (minPresent[t] === 0 || ref.seq < minPresent[t]) minPresent[t] = ref.seq;
      if (t === RecordType.RECEIPT) {
        if (ref.seq > info.maxReceipt) info.maxReceipt = ref.seq;
        if (!this.lastReceipt || ref.seq >= this.lastReceipt.seq) this.lastReceipt = ref;
      } else if (ref.seq > info.maxPassage) info.maxPassage = ref.seq;
    } else if (ref.type === RecordType.ACK) {
      if ((ref.key === 1 || ref.key === 2) && ref.seq > this.acked[ref.key]) this.acked[ref.key] = ref.seq;
    } else if (ref.type === RecordType.CHECKPOINT) {
      const d = this.flash.read(ref.page, ref.offset, CHECKPOINT_FIXED);
      const ackR = readU32(d, 0);
      const ackP = readU32(d, 4);
      if (ackR > this.acked[1]) this.acked[1] = ackR;
      if (ackP > this.acked[2]) this.acked[2] = ackP;
      if (readU32(d, 8) > this.last[1]) this.last[1] = readU32(d, 8);
      if (readU32(d, 12) > this.last[2]) this.last[2] = readU32(d, 12);
    }
  }

  /** A free page, else the oldest page whose records are all acknowledged, else -1. */
  private pageToStart(): number {
    let oldest = -1;
    for (let i = 0; i < this.pageCount; i++) {
      if (i === this.active) continue;
      const p = this.info[i];
      if (p.seq === 0) return i;
      if (oldest < 0 || p.seq < this.info[oldest].seq) oldest = i;
    }
    if (oldest < 0) return -1;
    const o = this.info[oldest];
    return o.maxReceipt <= this.acked[1] && o.maxPassage <= this.acked[2] ? oldest : -1;
  }

  /** Writes one record, starting a new page first if the active one is full. */
  private write(type: number, seq: number, key: number, data: Uint8Array): number {
    const rec = buildRecord(type, seq, key, data);
    if (this.active < 0 || this.info[this.active].end + rec.length > this.flash.pageSize) {
      const s = this.startPage();
      if (s !== Status.OK) return s;
    }
    const info = this.info[this.active];
    const page = this.pageIndex(this.active);
    this.flash.write(page, info.end, rec);
    const ref: RecordRef = { page, offset: info.end + RECORD_HEADER, length: data.length, type, seq, key };
    info.end += rec.length;
    if (type === RecordType.RECEIPT) {
      if (seq > info.maxReceipt) info.maxReceipt = seq;
      this.lastReceipt = ref;
    } else if (type === RecordType.PASSAGE && seq > info.maxPassage) info.maxPassage = seq;
    return Status.OK;
  }

  /**
   * Starts a new page: erase, header, then the checkpoint (acknowledgement
   * levels, last seqs and a copy of the last receipt) in one write.
   */
  private startPage(): number {
    const target = this.pageToStart();
    if (target < 0) return Status.JOURNAL_FULL;
    const page = this.pageIndex(target);
    // Read the anchor before the erase: it may live in the page being reused.
    let anchor: Uint8Array | null = null;
    const lr = this.lastReceipt;
    if (lr) anchor = buildRecord(lr.type, lr.seq, lr.key, this.flash.read(lr.page, lr.offset, lr.length));
    this.info[target] = { seq: 0, end: this.flash.pageSize, maxReceipt: 0, maxPassage: 0 };
    this.flash.erase(page);
    const header = new Uint8Array(PAGE_HEADER);
    writeU32(header, 0, PAGE_MAGIC);
    writeU32(header, 4, this.nextPageSeq);
    writeU32(header, 8, 0xffffffff);
    writeU32(header, 12, crc32Range(0, header, 0, 12));
    this.flash.write(page, 0, header);
    const cp = new Uint8Array(CHECKPOINT_FIXED + (anchor ? anchor.length : 0));
    writeU32(cp, 0, this.acked[1]);
    writeU32(cp, 4, this.acked[2]);
    writeU32(cp, 8, this.last[1]);
    writeU32(cp, 12, this.last[2]);
    if (anchor) cp.set(anchor, CHECKPOINT_FIXED);
    const rec = buildRecord(RecordType.CHECKPOINT, 0, 0, cp);
    this.flash.write(page, PAGE_HEADER, rec);
    const info: PageInfo = { seq: this.nextPageSeq++, end: PAGE_HEADER + rec.length, maxReceipt: 0, maxPassage: 0 };
    if (lr && anchor) {
      info.maxReceipt = lr.seq;
      this.lastReceipt = {
        page, offset: PAGE_HEADER + RECORD_HEADER + CHECKPOINT_FIXED + RECORD_HEADER, length: lr.length,
        type: lr.type, seq: lr.seq, key: lr.key,
      };
    }
    this.info[target] = info;
    this.active = target;
    return Status.OK;
  }
}
