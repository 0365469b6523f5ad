/**
 * ERROR frames (spec §2.7): one payload byte, a FRAME_* status code, sent on
 * the channel and with the SEQ of the frame it concerns.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { CID_INVALID, FrameType } from './constants.js';
import { ResultKind, type FrameResult } from './reassembler.js';
import { splitFrame } from './split.js';

/** Size of a v1 ERROR payload. */
export const ERROR_SIZE = 1;

/**
 * The single 64-byte packet of an ERROR frame on `cid` with `seq`, carrying
 * `status`. Throws BAD_REQUEST on an invalid cid, seq or status byte.
 */
export function encodeErrorFrame(cid: number, seq: number, status: number): Uint8Array {
  if (!(status >= 0 && status <= 0xff && status % 1 === 0)) throw codedError(Status.BAD_REQUEST, 'bad status', status);
  return splitFrame(cid, FrameType.ERROR, seq, new Uint8Array([status]))[0];
}

/** The status byte of an ERROR payload. Throws FRAME_INVALID when empty; later bytes are ignored. */
export function parseErrorPayload(payload: Uint8Array): number {
  if (payload.length < ERROR_SIZE) throw codedError(Status.FRAME_INVALID, 'empty ERROR payload', 0);
  return payload[0];
}

/**
 * The ERROR packet a reader sends for a reassembler error result, or null when
 * the rules of spec §2.7 say to stay silent: not an error, FRAME_UNEXPECTED
 * (stray continuation), a FRAME_CHANNEL continuation, an error about an ERROR
 * frame, or no addressable channel and SEQ (wrong-size packet, CID 0x0000).
 */
export function errorReplyFor(r: FrameResult): Uint8Array | null {
  if (r.kind !== ResultKind.ERROR) return null;
  if (r.status === Status.FRAME_UNEXPECTED) return null;
  if (r.status === Status.FRAME_CHANNEL && r.type < 0) return null;
  if (r.type === FrameType.ERROR) return null;
  if (r.cid <= CID_INVALID || r.cid > 0xffff || r.seq < 0 || r.seq > 0xff) return null;
  return encodeErrorFrame(r.cid, r.seq, r.status);
}
