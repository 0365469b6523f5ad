/**
 * Byte layout of the flash journal (see firmware/PORTING.md, "Flash").
 *
 * Page header (16 bytes): magic "PRJ1", page sequence u32, reserved u32
 * (0xFFFFFFFF), CRC-32 of the first 12 bytes.
 * Record (16-byte header, data, zero padding to a multiple of 4):
 *   0  LEN  u16  data length
 *   2  TYPE u8   1 receipt, 2 passage, 3 acknowledgement, 4 checkpoint
 *   3  FLAGS u8  0
 *   4  SEQ  u32  record sequence (receipt/passage seq; acknowledged seq for an ack)
 *   8  KEY  u32  lookup key (CRC-32 of a receipt's request id; the acknowledged type for an ack)
 *  12  CRC  u32  CRC-32 of bytes 0..11 and the data
 * A header that reads all 0xFF marks the free space of a page.
 */
export const PAGE_MAGIC = 0x50524a31; // "PRJ1"
export const PAGE_HEADER = 16;
export const RECORD_HEADER = 16;

/** Record types. */
export const enum RecordType {
  RECEIPT = 1,
  PASSAGE = 2,
  ACK = 3,
  CHECKPOINT = 4,
}

/**
 * Checkpoint data, written first in every new page (in one flash write):
 * acknowledged receipt seq, acknowledged passage seq, last receipt seq, last
 * passage seq (u32 each), then a copy of the last receipt record (its 16-byte
 * header and data) when there is one, so the newest page always holds the
 * receipt chain's anchor.
 */
export const CHECKPOINT_FIXED = 16;

/** Reads a big-endian u32. */
export function readU32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** Writes a big-endian u32. */
export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/** Record size on flash: header + data rounded up to 4 bytes. */
export function recordSize(dataLength: number): number {
  return RECORD_HEADER + ((dataLength + 3) & ~3);
}
