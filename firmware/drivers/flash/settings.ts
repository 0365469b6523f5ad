import type { Flash } from '../../ports/flash.js';
import { RECORD_HEADER, RecordType, buildRecord, readU32, recordCrc } from './layout.js';

/**
 * A small persistent blob (the reader's identity, certificate, denylist and
 * settings, as one CBOR map) kept in two slots of `slotPages` pages each.
 * A slot holds one record (layout.ts) of type SETTINGS whose SEQ is the
 * save's generation; it may span the slot's pages. A save erases the older
 * slot, writes the data, and writes the record header last; a power cut at
 * any point leaves the previous save readable (a slot is valid only when its
 * header and CRC are).
 */
export class Settings {
  private generation = 0;
  private newest = -1;
  /** Data length of the newest slot's record. */
  private length = 0;

  constructor(private readonly flash: Flash, private readonly firstPage: number, private readonly slotPages: number) {
    for (let s = 0; s < 2; s++) {
      const h = this.span(s, 0, new Uint8Array(RECORD_HEADER), false);
      const len = readU32(h, 0) & 0xffffff;
      const g = readU32(h, 4);
      if (h[0] === RecordType.SETTINGS && len <= this.capacity() && g > this.generation
        && recordCrc(h, this.span(s, RECORD_HEADER, new Uint8Array(len), false)) === readU32(h, 12)) {
        this.generation = g;
        this.newest = s;
        this.length = len;
      }
    }
  }

  /** The largest blob a slot holds. */
  capacity(): number {
    return this.slotPages * this.flash.pageSize - RECORD_HEADER;
  }

  /** The last saved blob, or null when nothing was ever saved. */
  load(): Uint8Array | null {
    return this.newest < 0 ? null : this.span(this.newest, RECORD_HEADER, new Uint8Array(this.length), false);
  }

  /** Saves `data` durably (returns false when it does not fit). */
  save(data: Uint8Array): boolean {
    if (data.length > this.capacity()) return false;
    const slot = this.newest === 0 ? 1 : 0;
    for (let p = 0; p < this.slotPages; p++) this.flash.erase(this.firstPage + slot * this.slotPages + p);
    // Data first, page by page, then the header that makes it valid.
    this.span(slot, RECORD_HEADER, data, true);
    this.span(slot, 0, buildRecord(RecordType.SETTINGS, ++this.generation, 0, data, false), true);
    this.newest = slot;
    this.length = data.length;
    return true;
  }

  /** Reads `buf.length` bytes at `offset` of a slot into `buf` (or writes them), page by page. */
  private span(slot: number, offset: number, buf: Uint8Array, write: boolean): Uint8Array {
    const size = this.flash.pageSize;
    let pos = 0;
    while (pos < buf.length) {
      const at = offset + pos;
      const page = this.firstPage + slot * this.slotPages + Math.floor(at / size);
      const n = Math.min(size - (at % size), buf.length - pos);
      if (write) this.flash.write(page, at % size, buf.subarray(pos, pos + n));
      else buf.set(this.flash.read(page, at % size, n), pos);
      pos += n;
    }
    return buf;
  }
}
