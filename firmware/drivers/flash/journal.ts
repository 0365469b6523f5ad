import type { Flash } from '../../ports/flash.js';
import { Status } from '../../../protocol/status.js';
import { concat } from '../../../protocol/bytes/bytes.js';
import {
  CHECKPOINT_FIXED, PAGE_MAGIC, RECORD_HEADER, RecordType, buildRecord, readU32, recordCrc, recordSize, writeU32,
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

/** What a log built on the journal (the intent log) adds to it. */
export interface LogOwner {
  /**
   * Called with every valid record in log order: at boot for what is on
   * flash, then for every record written (the copies in a new page's
   * checkpoint included).
   */
  absorb(ref: RecordRef, data: Uint8Array): void;
  /** Appends to `out` the records (built with `buildRecord`) that a new page's checkpoint must copy. */
  carry(out: Uint8Array[]): void;
}

/** Per-page facts rebuilt by the boot scan. */
interface PageInfo {
  /** Page sequence from the checkpoint; 0 = free (no valid checkpoint). */
  seq: number;
  /** Offset of the free space; pageSize when the page is closed (a torn record). */
  end: number;
  /** Highest receipt (index 1) and passage (index 2) seq stored in the page (0 = none). */
  top: number[];
}

/**
 * The reader's append-only log of records on flash pages: the journal of
 * receipts and passages, and (with a `LogOwner`) the debit intent log.
 *
 * Guarantees (tested by cutting the power at every write):
 * - a record is written in one flash write with a CRC; a torn record is
 *   ignored and closes its page, so an append either happened or did not;
 * - a page is erased only when every receipt and passage in it has been
 *   acknowledged by the host, so unacknowledged receipts are never lost;
 * - every new page starts with a checkpoint, written in one write after the
 *   erase, that holds the acknowledgement levels and copies the last receipt
 *   (the hash chain's anchor) and what the owner carries, so erasing the
 *   oldest page never loses them;
 * - when no page can be freed, `canAppend` is false and the firmware refuses
 *   debits with JOURNAL_FULL until the host acknowledges.
 * Construct it at boot over at least 2 pages (firmware/app/config.ts checks
 * it): the constructor scans the pages and recovers.
 */
export class Journal {
  private readonly info: PageInfo[] = [];
  private active = -1;
  private nextPageSeq = 1;
  /** Acknowledged and last sequence numbers, per record type (1 receipts, 2 passages). */
  readonly acked: number[] = [0, 0, 0, 0, 0, 0, 0];
  readonly last: number[] = [0, 0, 0, 0, 0, 0, 0];
  private lastReceipt: RecordRef | null = null;
  /** Seq of the first receipt and passage met by the boot scan (0 = none). */
  private readonly first: number[] = [0, 0, 0];

  constructor(
    private readonly flash: Flash, private readonly firstPage: number, private readonly pageCount: number,
    private readonly owner?: LogOwner,
  ) {
    // Page sequences first (from each page's checkpoint), then every page in log order.
    let seq = 0;
    const pageSeq = function (ref: RecordRef): boolean {
      if (ref.type === RecordType.CHECKPOINT && ref.key === PAGE_MAGIC) seq = ref.seq;
      return true;
    };
    for (let i = 0; i < pageCount; i++) {
      seq = 0;
      this.walk(i, 0, flash.pageSize, pageSeq);
      this.info.push({ seq: seq, end: flash.pageSize, top: [0, 0, 0] });
    }
    const order = this.pagesInOrder();
    for (let k = 0; k < order.length; k++) {
      this.active = order[k];
      this.info[order[k]].end = this.walk(order[k], 0, flash.pageSize);
      this.nextPageSeq = this.info[order[k]].seq + 1;
    }
    // Records below the oldest present one were erased, which happens only after acknowledgement.
    for (let t = 1; t <= 2; t++) {
      if (this.first[t] - 1 > this.acked[t]) this.acked[t] = this.first[t] - 1;
      if (this.acked[t] > this.last[t]) this.last[t] = this.acked[t];
    }
  }

  /** The largest record data an append accepts. */
  maxRecord(): number {
    // A fresh page must hold its checkpoint (with a copy of the largest receipt) and the record.
    return (this.flash.pageSize - 104) >> 1;
  }

  /** Latest receipt record (the chain anchor), or null before the first receipt. */
  lastReceiptRef(): RecordRef | null {
    return this.lastReceipt;
  }

  /** True when a record of `length` data bytes can be appended now. */
  canAppend(length: number): boolean {
    if (length > this.maxRecord()) return false;
    return this.fits(recordSize(length)) || this.pageToStart() >= 0;
  }

  /** Number of unacknowledged records of a type (1 receipts, 2 passages). */
  pending(type: number): number {
    return this.last[type] - this.acked[type];
  }

  /**
   * Appends a record with the next sequence number of its type (1 receipt,
   * 2 passage, 5 intent, 6 intent resolved). Returns Status.OK, JOURNAL_FULL
   * or STORAGE_ERROR; the sequence number used is then `last[type]`.
   */
  append(type: number, key: number, data: Uint8Array): number {
    if (!this.canAppend(data.length)) return Status.JOURNAL_FULL;
    return this.write(type, this.last[type] + 1, key, data);
  }

  /**
   * Records that the host holds every record of `type` up to `seq`. Frees
   * pages whose records are all acknowledged. Returns the acknowledged level.
   */
  acknowledge(type: number, seq: number): number {
    const upTo = seq > this.last[type] ? this.last[type] : seq;
    if (upTo > this.acked[type]) {
      this.acked[type] = upTo;
      // Persist it (when no page has room, the next page's checkpoint carries it).
      this.write(RecordType.ACK, upTo, type, new Uint8Array(0));
    }
    return this.acked[type];
  }

  /**
   * Calls `fn` for every record of `type` with seq >= `from`, in sequence
   * order, each seq once; stops when `fn` returns true.
   */
  forEach(type: number, from: number, fn: (ref: RecordRef) => boolean | void): void {
    const order = this.pagesInOrder();
    let seen = from - 1;
    for (let i = 0; i < order.length; i++) {
      const end = this.walk(order[i], 0, this.flash.pageSize, function (ref) {
        if (ref.type !== type || ref.seq <= seen) return false;
        seen = ref.seq;
        return fn(ref) === true;
      });
      if (end < 0) return;
    }
  }

  /** The data bytes of a record. */
  read(ref: RecordRef): Uint8Array {
    return this.flash.read(ref.page, ref.offset, ref.length);
  }

  // ---- internals ----

  /** Valid pages (seq > 0) sorted by page sequence, as indexes into info. */
  private pagesInOrder(): number[] {
    const order: number[] = [];
    const info = this.info;
    for (let i = 0; i < this.pageCount; i++) if (info[i].seq > 0) order.push(i);
    order.sort(function (a, b) {
      return info[a].seq - info[b].seq;
    });
    return order;
  }

  /** True when `size` bytes fit in the active page. */
  private fits(size: number): boolean {
    return this.active >= 0 && this.info[this.active].end + size <= this.flash.pageSize;
  }

  /**
   * Walks the valid records of page i in [off, limit), the records copied in
   * a checkpoint included (right after it), calling fn (default: absorb them);
   * returns -1 if fn asked
   * to stop, the offset of the free space when it reached a blank header, else
   * `limit` (the end, or a torn record that closes the page).
   */
  private walk(i: number, off: number, limit: number, fn?: (ref: RecordRef, data: Uint8Array) => boolean): number {
    const page = this.firstPage + i;
    while (off + RECORD_HEADER <= limit) {
      const h = this.flash.read(page, off, RECORD_HEADER);
      let blank = true;
      for (let k = 0; k < RECORD_HEADER; k++) if (h[k] !== 0xff) blank = false;
      if (blank) return off;
      const len = readU32(h, 0) & 0xffffff;
      const size = recordSize(len);
      if (off + size > limit) break;
      const data = this.flash.read(page, off + RECORD_HEADER, len);
      if (recordCrc(h, data) !== readU32(h, 12)) break;
      const ref: RecordRef = { page, offset: off + RECORD_HEADER, length: len, type: h[0], seq: readU32(h, 4), key: readU32(h, 8) };
      if (fn ? fn(ref, data) : this.absorb(ref, data)) return -1;
      if (ref.type === RecordType.CHECKPOINT && this.walk(i, ref.offset + CHECKPOINT_FIXED, ref.offset + len, fn) < 0) return -1;
      off += size;
    }
    return limit;
  }

  /** Folds one record into the counters (boot scan, and every write). */
  private absorb(ref: RecordRef, data: Uint8Array): boolean {
    const t = ref.type;
    if (t === RecordType.ACK) {
      if (ref.seq > this.acked[ref.key]) this.acked[ref.key] = ref.seq;
    } else if (t === RecordType.CHECKPOINT) {
      for (let k = 1; k <= 2; k++) {
        if (readU32(data, 8 * k - 8) > this.acked[k]) this.acked[k] = readU32(data, 8 * k - 8);
        if (readU32(data, 8 * k - 4) > this.last[k]) this.last[k] = readU32(data, 8 * k - 4);
      }
    } else {
      if (ref.seq > this.last[t]) this.last[t] = ref.seq;
      if (t <= RecordType.PASSAGE) {
        // In log order: the first one met is the oldest present, the last one the page's highest.
        if (this.first[t] === 0) this.first[t] = ref.seq;
        this.info[ref.page - this.firstPage].top[t] = ref.seq;
      }
      if (t === RecordType.RECEIPT) this.lastReceipt = ref;
    }
    if (this.owner) this.owner.absorb(ref, data);
    return false;
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
    const top = this.info[oldest].top;
    return top[1] <= this.acked[1] && top[2] <= this.acked[2] ? oldest : -1;
  }

  /**
   * Writes one record at the end of the active page (one flash write), reads it back
   * and absorbs it. False when it does not read back valid (a write that did not
   * stick): the page is then closed, as the boot scan stops at that record too, so
   * nothing is written after it that a reboot would not see.
   */
  private put(rec: Uint8Array): boolean {
    const info = this.info[this.active];
    const at = info.end;
    this.flash.write(this.firstPage + this.active, at, rec);
    const self = this;
    let valid = false;
    this.walk(this.active, at, at + rec.length, function (ref, data) {
      valid = true;
      return self.absorb(ref, data);
    });
    info.end = valid ? at + rec.length : this.flash.pageSize;
    return valid;
  }

  /**
   * Writes one record, first starting a new page if the active one is full:
   * erase, then the checkpoint (acknowledgement levels, last seqs, a copy of
   * the last receipt and of what the owner carries) in one write.
   */
  private write(type: number, seq: number, key: number, data: Uint8Array): number {
    const rec = buildRecord(type, seq, key, data, true);
    if (!this.fits(rec.length)) {
      const target = this.pageToStart();
      if (target < 0) return Status.JOURNAL_FULL;
      // Build the checkpoint before the erase: what it copies may live in the page being reused.
      const parts: Uint8Array[] = [new Uint8Array(CHECKPOINT_FIXED)];
      for (let k = 1; k <= 2; k++) {
        writeU32(parts[0], 8 * k - 8, this.acked[k]);
        writeU32(parts[0], 8 * k - 4, this.last[k]);
      }
      const lr = this.lastReceipt;
      if (lr) parts.push(buildRecord(lr.type, lr.seq, lr.key, this.read(lr), true));
      if (this.owner) this.owner.carry(parts);
      const cp = buildRecord(RecordType.CHECKPOINT, this.nextPageSeq, PAGE_MAGIC, concat(parts), true);
      if (cp.length + rec.length > this.flash.pageSize) return Status.STORAGE_ERROR;
      this.flash.erase(this.firstPage + target);
      this.info[target] = { seq: this.nextPageSeq++, end: 0, top: [0, 0, 0] };
      this.active = target;
      if (!this.put(cp)) return Status.STORAGE_ERROR;
    }
    return this.put(rec) ? Status.OK : Status.STORAGE_ERROR;
  }
}
