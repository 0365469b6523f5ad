/**
 * KEEPALIVE payload (spec §2.6): two bytes [progress, detail], sent by the
 * reader at least every 500 ms while a request is in progress.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';

/** Progress codes of a KEEPALIVE (byte 0 of its payload). */
export const enum Progress {
  /** Waiting for the holder to present a card. */
  WAITING_FOR_CARD = 0x01,
  /** Talking to the card. */
  READING_CARD = 0x02,
  /** Waiting for the PIN; detail = number of digits entered so far. */
  WAITING_FOR_PIN = 0x03,
  /** Working (checking, signing, writing the journal). */
  PROCESSING = 0x04,
  /** Asking the holder to hold or to remove the card. */
  REMOVE_CARD = 0x05,
}

/** Size of a v1 KEEPALIVE payload. */
export const KEEPALIVE_SIZE = 2;

/** A decoded KEEPALIVE payload. */
export interface Keepalive {
  /** A {@link Progress} code (hosts treat unknown codes like PROCESSING). */
  progress: number;
  /** Detail byte: PIN digits entered for WAITING_FOR_PIN, 0 otherwise. */
  detail: number;
}

/** Encode a KEEPALIVE payload. Throws BAD_REQUEST unless progress is 1..255 and detail 0..255. */
export function encodeKeepalive(progress: number, detail?: number): Uint8Array {
  const d = detail === undefined ? 0 : detail;
  if (!(progress >= 1 && progress <= 0xff && progress % 1 === 0))
    throw codedError(Status.BAD_REQUEST, 'bad keepalive progress', progress);
  if (!(d >= 0 && d <= 0xff && d % 1 === 0)) throw codedError(Status.BAD_REQUEST, 'bad keepalive detail', d);
  const out = new Uint8Array(KEEPALIVE_SIZE);
  out[0] = progress;
  out[1] = d;
  return out;
}

/**
 * Decode a KEEPALIVE payload. Throws FRAME_INVALID when it is shorter than 2
 * bytes or the progress code is 0; bytes after the second are ignored.
 */
export function decodeKeepalive(payload: Uint8Array): Keepalive {
  if (payload.length < KEEPALIVE_SIZE) throw codedError(Status.FRAME_INVALID, 'keepalive payload too short', payload.length);
  if (payload[0] === 0) throw codedError(Status.FRAME_INVALID, 'keepalive progress 0', 0);
  return { progress: payload[0], detail: payload[1] };
}
