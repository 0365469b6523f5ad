/**
 * The one record format of the reader's three flash stores (see firmware/app/README.md, "Flash"):
 * the journal (receipts and passages) and the debit intent log are logs of
 * these records (journal.ts), a settings slot is one record (settings.ts).
 *
 * Record (16-byte header, data, zero padding to a multiple of 4):
 *   0  TYPE u8   1 receipt, 2 passage, 3 acknowledgement, 4 checkpoint,
 *                5 intent, 6 intent resolved, 7 settings
 *   1  LEN  u24  data length
 *   4  SEQ  u32  record sequence (receipt/passage seq; acknowledged seq for an ack;
 *                page sequence for a checkpoint; generation for settings)
 *   8  KEY  u32  lookup key (CRC-32 of a receipt's request id; the acknowledged type
 *                for an ack; PAGE_MAGIC for a checkpoint)
 *  12  CRC  u32  CRC-32 of bytes 0..11 and the data
 * A header that reads all 0xFF marks the free space of a log page.
 */
import { crc32Range } from '../../../protocol/framing/crc32.js';

export const RECORD_HEADER = 16;
/** KEY of a checkpoint record: "PRJ2". */
export const PAGE_MAGIC = 0x50524a32;

/** Record types. */
export const enum RecordType {
  RECEIPT = 1,
  PASSAGE = 2,
  ACK = 3,
  CHECKPOINT = 4,
  INTENT = 5,
  RESOLVED = 6,
  SETTINGS = 7,
}

/**
 * Checkpoint data, the first record of every log page (written in one flash
 * write right after the erase; a page whose checkpoint is not valid is free):
 * acknowledged receipt seq, last receipt seq, acknowledged passage seq, last
 * passage seq (u32 each), then copies of the records the log carries along
 * (whole records, header included): the journal's last receipt (the receipt
 * chain's anchor), the intent log's open intents.
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

/** The CRC a record header must carry: over header bytes 0..11 and the data. */
export function recordCrc(header: Uint8Array, data: Uint8Array): number {
  return crc32Range(crc32Range(0, header, 0, 12), data, 0, data.length);
}

/**
 * A record ready for one flash write: header, data and zero padding when
 * `padded`, else the 16-byte header alone (the data is written apart).
 */
export function buildRecord(type: number, seq: number, key: number, data: Uint8Array, padded: boolean): Uint8Array {
  const out = new Uint8Array(padded ? recordSize(data.length) : RECORD_HEADER);
  writeU32(out, 0, data.length);
  out[0] = type;
  writeU32(out, 4, seq);
  writeU32(out, 8, key);
  writeU32(out, 12, recordCrc(out, data));
  if (padded) out.set(data, RECORD_HEADER);
  return out;
}
