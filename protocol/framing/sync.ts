/**
 * SYNC payloads (spec §2.5): channel open and resynchronisation. The host
 * sends a SYNC request on CID_BROADCAST; the reader answers on CID_BROADCAST
 * with the nonce, the new channel id and its limits.
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { CID_BROADCAST, CID_INVALID, MAX_MESSAGE } from './constants.js';

/** Size of the SYNC nonce. */
export const SYNC_NONCE_SIZE = 8;
/** Size of a v1 SYNC request payload: nonce(8) version(1). */
export const SYNC_REQUEST_SIZE = 9;
/** Size of a v1 SYNC response payload: nonce(8) cid(2) version(1) maxMessage(2) capabilities(1). */
export const SYNC_RESPONSE_SIZE = 14;
/** Smallest maxMessage a v1 reader may announce. */
export const MIN_MAX_MESSAGE = 1024;

/** SYNC response capability flag: the reader may send EVENT frames. */
export const CAP_EVENTS = 0x01;
/** SYNC response capability flag: the reader has a PIN pad. */
export const CAP_PINPAD = 0x02;

/** A SYNC request payload. */
export interface SyncRequest {
  /** 8 random bytes chosen by the host. */
  nonce: Uint8Array;
  /** Highest protocol version the host speaks (>= 1). */
  version: number;
}

/** A SYNC response payload. */
export interface SyncResponse {
  /** The nonce of the request being answered. */
  nonce: Uint8Array;
  /** The channel id the host must use from now on, 0x0001..0xFFFE. */
  cid: number;
  /** Protocol version the reader will speak (<= the requested one). */
  version: number;
  /** Largest payload the reader accepts, MIN_MAX_MESSAGE..MAX_MESSAGE. */
  maxMessage: number;
  /** CAP_* flags; unknown bits are ignored by hosts. */
  capabilities: number;
}

function copyNonce(from: Uint8Array): Uint8Array {
  return new Uint8Array(from.subarray(0, SYNC_NONCE_SIZE)); // a copy, not a view
}

function checkNonce(nonce: Uint8Array): void {
  if (!nonce || nonce.length !== SYNC_NONCE_SIZE) throw codedError(Status.BAD_REQUEST, 'SYNC nonce must be 8 bytes');
}

/** True when `v` is an integer in min..max. */
function inRange(v: number, min: number, max: number): boolean {
  return v >= min && v <= max && v % 1 === 0;
}

/** Encode a SYNC request payload (9 bytes). Throws BAD_REQUEST on a bad nonce or version. */
export function encodeSyncRequest(nonce: Uint8Array, version: number): Uint8Array {
  checkNonce(nonce);
  if (!inRange(version, 1, 0xff)) throw codedError(Status.BAD_REQUEST, 'bad version', version);
  const out = new Uint8Array(SYNC_REQUEST_SIZE);
  out.set(nonce);
  out[8] = version;
  return out;
}

/**
 * Parse a SYNC request payload. Throws FRAME_INVALID when shorter than 9
 * bytes or the version is 0; later bytes are ignored.
 */
export function parseSyncRequest(payload: Uint8Array): SyncRequest {
  if (payload.length < SYNC_REQUEST_SIZE) throw codedError(Status.FRAME_INVALID, 'SYNC request too short', payload.length);
  if (payload[8] === 0) throw codedError(Status.FRAME_INVALID, 'SYNC version 0', 8);
  return { nonce: copyNonce(payload), version: payload[8] };
}

function validResponse(cid: number, version: number, maxMessage: number): boolean {
  return inRange(cid, CID_INVALID + 1, CID_BROADCAST - 1) && inRange(version, 1, 0xff) && inRange(maxMessage, MIN_MAX_MESSAGE, MAX_MESSAGE);
}

/**
 * The SYNC response payload (14 bytes: nonce(8) cid(2) version(1) maxMessage(2)
 * capabilities(1), big-endian) without checks: the reader's own values, whose
 * nonce is the first 8 bytes of `nonce` (the request payload itself will do).
 */
export function writeSyncResponse(nonce: Uint8Array, cid: number, version: number, maxMessage: number, capabilities: number): Uint8Array {
  const out = new Uint8Array(SYNC_RESPONSE_SIZE);
  out.set(nonce.subarray(0, SYNC_NONCE_SIZE));
  out[8] = cid >> 8;
  out[9] = cid & 0xff;
  out[10] = version;
  out[11] = maxMessage >> 8;
  out[12] = maxMessage & 0xff;
  out[13] = capabilities;
  return out;
}

/** Encode a SYNC response payload (14 bytes). Throws BAD_REQUEST on an out-of-range field. */
export function encodeSyncResponse(r: SyncResponse): Uint8Array {
  checkNonce(r.nonce);
  if (!validResponse(r.cid, r.version, r.maxMessage) || !inRange(r.capabilities, 0, 0xff))
    throw codedError(Status.BAD_REQUEST, 'bad SYNC response field');
  return writeSyncResponse(r.nonce, r.cid, r.version, r.maxMessage, r.capabilities);
}

/**
 * Parse a SYNC response payload. Throws FRAME_INVALID when shorter than 14
 * bytes, the cid is 0x0000 or 0xFFFF, the version is 0 or maxMessage is
 * outside MIN_MAX_MESSAGE..MAX_MESSAGE; later bytes are ignored.
 */
export function parseSyncResponse(payload: Uint8Array): SyncResponse {
  if (payload.length < SYNC_RESPONSE_SIZE) throw codedError(Status.FRAME_INVALID, 'SYNC response too short', payload.length);
  const cid = (payload[8] << 8) | payload[9];
  const version = payload[10];
  const maxMessage = (payload[11] << 8) | payload[12];
  if (!validResponse(cid, version, maxMessage)) throw codedError(Status.FRAME_INVALID, 'bad SYNC response field');
  return { nonce: copyNonce(payload), cid: cid, version: version, maxMessage: maxMessage, capabilities: payload[13] };
}
/** True when the two nonces are equal (8 bytes each). */
export function sameNonce(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== SYNC_NONCE_SIZE || b.length !== SYNC_NONCE_SIZE) return false;
  let diff = 0;
  for (let i = 0; i < SYNC_NONCE_SIZE; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
