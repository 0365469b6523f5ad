import type { Flash } from '../../ports/flash.js';
import { crc32Range } from '../../../protocol/framing/crc32.js';
import { readU32, writeU32 } from './layout.js';

/** Slot header: magic "PRS1", generation u32, data length u32, CRC-32 of the data and bytes 0..11. */
const SLOT_MAGIC = 0x50525331;
const SLOT_HEADER = 16;

/**
 * A small persistent blob (the reader's identity, certificate, denylist and
 * settings, as one CBOR map) kept in two slots of `slotPages` pages each.
 * A save erases the older slot, writes the data, and writes the slot header
 * last; a power cut at any point leaves the previous save readable.
 */
export class Settings {
  private generation = 0;
  private newest = -1;

  constructor(private readonly flash: Flash, private readonly firstPage: number, private readonly slotPages: number) {
    for (let s = 0; s < 2; s++) {
      const g = this.validGeneration(s);
      if (g > this.generation) {
        this.generation = g;
        this.newest = s;
      }
    }
  }

  /** The largest blob a slot holds. */
  capacity(): number {
    return this.slotPages * this.flash.pageSize - SLOT_HEADER;
  }

  /** The last saved blob, or null when nothing was ever saved. */
  load(): Uint8Array | null {
    if (this.newest < 0) return null;
    const h = this.readSlot(this.newest, 0, SLOT_HEADER);
    return this.readSlot(this.newest, SLOT_HEADER, readU32(h, 8));
  }

  /** Saves `data` durably (returns false when it does not fit). */
  save(data: Uint8Array): boolean {
    if (data.length > this.capacity()) return false;
    const slot = this.newest === 0 ? 1 : 0;
    const size = this.flash.pageSize;
    for (let p = 0; p < this.slotPages; p++) this.flash.erase(this.firstPage + slot * this.slotPages + p);
    // Data first, page by page, then the header that makes it valid.
    let pos = 0;
    let first = SLOT_HEADER;
    for (let p = 0; p < this.slotPages && pos < data.length; p++) {
      const n = Math.min(size - first, data.length - pos);
      this.flash.write(this.firstPage + slot * this.slotPages + p, first, data.subarray(pos, pos + n));
      pos += n;
      first = 0;
    }
    const h = new Uint8Array(SLOT_HEADER);
    writeU32(h, 0, SLOT_MAGIC);
    writeU32(h, 4, this.generation + 1);
    writeU32(h, 8, data.length);
    let crc = crc32Range(0, h, 0, 12);
    crc = crc32Range(crc, data, 0, data.length);
    writeU32(h, 12, crc);
    this.flash.write(this.firstPage + slot * this.slotPages, 0, h);
    this.generation++;
    this.newest = slot;
    return true;
  }

  /** Reads `length` bytes at `offset` of a slot, across its pages. */
  private readSlot(slot: number, offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const size = this.flash.pageSize;
    let pos = 0;
    while (pos < length) {
      const at = offset + pos;
      const page = Math.floor(at / size);
      const n = Math.min(size - (at % size), length - pos);
      out.set(this.flash.read(this.firstPage + slot * this.slotPages + page, at % size, n), pos);
      pos += n;
    }
    return out;
  }

  /** The generation of a slot whose header and CRC are valid, else 0. */
  private validGeneration(slot: number): number {
    const h = this.readSlot(slot, 0, SLOT_HEADER);
    if (readU32(h, 0) !== SLOT_MAGIC) return 0;
    const len = readU32(h, 8);
    if (len > this.capacity()) return 0;
    const data = this.readSlot(slot, SLOT_HEADER, len);
    let crc = crc32Range(0, h, 0, 12);
    crc = crc32Range(crc, data, 0, len);
    return crc === readU32(h, 12) ? readU32(h, 4) : 0;
  }
}
