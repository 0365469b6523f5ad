/**
 * Frame to packets (spec §2.3-2.4). Pure: no I/O, no state.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import {
  CID_INVALID,
  CONT_DATA,
  INIT_DATA,
  INIT_FLAG,
  MAX_MESSAGE,
  PACKET_SIZE,
  isFrameType,
  typeAllowedOnChannel,
} from './constants.js';
import { crc32 } from './crc32.js';

/**
 * Number of packets that carry a payload of `len` bytes (1 for 0..54 bytes,
 * 69 for 4096). Throws MESSAGE_TOO_LONG beyond MAX_MESSAGE.
 */
export function packetCount(len: number): number {
  if (len > MAX_MESSAGE) throw codedError(Status.MESSAGE_TOO_LONG, 'message longer than 4096 bytes', len);
  if (!(len >= 0) || len % 1 !== 0) throw codedError(Status.BAD_REQUEST, 'bad message length', len);
  if (len <= INIT_DATA) return 1;
  return 1 + (((len - INIT_DATA + CONT_DATA - 1) / CONT_DATA) | 0);
}

function isByteRange(v: number, max: number): boolean {
  return typeof v === 'number' && v >= 0 && v <= max && v % 1 === 0;
}

/** Throws a coded error unless cid, type, seq and payload length make a valid frame. */
function checkFrame(cid: number, type: number, seq: number, len: number): void {
  if (!isByteRange(cid, 0xffff) || cid === CID_INVALID || !isFrameType(type) || !typeAllowedOnChannel(type, cid) || !isByteRange(seq, 0xff))
    throw codedError(Status.BAD_REQUEST, 'bad channel id, frame type (for this channel) or sequence number');
  if (len > MAX_MESSAGE) throw codedError(Status.MESSAGE_TOO_LONG, 'message longer than 4096 bytes', len);
}

/** Write packet `index` (0 = init) of the frame into out[0..64), unchecked. */
function fillPacket(
  out: Uint8Array,
  index: number,
  cid: number,
  type: number,
  seq: number,
  payload: Uint8Array,
  crc: number,
): void {
  const len = payload.length;
  // init: CID TYPE|0x80 SEQ LEN CRC, payload from 0; continuation k: CID k-1 SEQ, payload from 54 + 60 (k-1)
  const header =
    index === 0
      ? [cid >> 8, cid, INIT_FLAG | type, seq, len >> 8, len, crc >>> 24, crc >>> 16, crc >>> 8, crc]
      : [cid >> 8, cid, index - 1, seq];
  const skip = header.length - (index === 0 ? 0 : INIT_DATA + (index - 1) * CONT_DATA);
  for (let i = 0; i < PACKET_SIZE; i++)
    out[i] = i < header.length ? header[i] & 0xff : i - skip < len ? payload[i - skip] : 0;
}

/**
 * Write packet `index` of a frame into `out` (64 bytes, tail zeroed), for a
 * sender that streams packets through one reusable buffer. Index 0 is the init
 * packet, index k >= 1 is the continuation packet with INDEX k-1. `crc` must be
 * crc32(payload). Throws BAD_REQUEST / MESSAGE_TOO_LONG on invalid arguments.
 */
export function writePacket(
  out: Uint8Array,
  index: number,
  cid: number,
  type: number,
  seq: number,
  payload: Uint8Array,
  crc: number,
): void {
  checkFrame(cid, type, seq, payload.length);
  if (out.length !== PACKET_SIZE) throw codedError(Status.BAD_REQUEST, 'packet buffer must be 64 bytes', out.length);
  if (!(index >= 0 && index < packetCount(payload.length) && index % 1 === 0))
    throw codedError(Status.BAD_REQUEST, 'packet index out of range', index);
  fillPacket(out, index, cid, type, seq, payload, crc);
}

/**
 * Split one frame into its 64-byte packets (init first). `type` is a
 * {@link FrameType}, without bit 7. Throws MESSAGE_TOO_LONG when the payload
 * exceeds MAX_MESSAGE, BAD_REQUEST for an invalid cid, type, seq or a type not
 * allowed on that channel.
 */
export function splitFrame(cid: number, type: number, seq: number, payload: Uint8Array): Uint8Array[] {
  checkFrame(cid, type, seq, payload.length);
  const crc = crc32(payload);
  const packets: Uint8Array[] = [];
  // one init packet, then continuations while payload bytes are left
  for (let i = 0; i === 0 || INIT_DATA + (i - 1) * CONT_DATA < payload.length; i++) {
    const p = new Uint8Array(PACKET_SIZE);
    fillPacket(p, i, cid, type, seq, payload, crc);
    packets.push(p);
  }
  return packets;
}
