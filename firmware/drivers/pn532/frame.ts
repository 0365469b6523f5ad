/**
 * PN532 host-interface frames (UM0701-02 §6.2): pure encoder and parser.
 *
 *   normal   00 00 FF LEN LCS TFI PD0..PDn DCS 00            LEN = 1..255, LEN + LCS = 0 mod 256
 *   extended 00 00 FF FF FF LENM LENL LCS TFI PD0..PDn DCS 00 LENM+LENL+LCS = 0 mod 256, length <= 265
 *   ACK      00 00 FF 00 FF 00          NACK 00 00 FF FF 00 00
 *   error    00 00 FF 01 FF 7F 81 00    (the PN532's application-level syntax error)
 * TFI + PD0 + ... + PDn + DCS = 0 mod 256. The preamble may be any number (>= 1) of 0x00
 * bytes; the postamble is not checked (a short read may cut it).
 */
import { Status } from '../../../protocol/status.js';
import { codedError } from '../../../protocol/errors.js';
import {
  EXTENDED_MAX_PAYLOAD,
  EXTENDED_OVERHEAD,
  NORMAL_MAX_PAYLOAD,
  NORMAL_OVERHEAD,
  TFI_CHIP,
  TFI_ERROR,
  TFI_HOST,
} from './constants.js';

/** What a parsed frame is. */
export const enum FrameKind {
  Ack = 1,
  Nack = 2,
  Error = 3,
  Data = 4,
}

/** A parsed frame. `data` is a view into the parsed bytes (no copy). */
export interface Frame {
  kind: FrameKind;
  /** TFI of a data frame (0xD4 or 0xD5), 0x7F for the error frame, 0 for ACK/NACK. */
  tfi: number;
  /** PD0 of a data frame (command or response code), -1 otherwise. */
  code: number;
  /** PD1..PDn of a data frame; empty otherwise. */
  data: Uint8Array;
  /** Offset in the input just after the frame's last checked byte (LCS, or DCS). */
  end: number;
}

/** The ACK frame: acknowledges a frame, or (host to PN532) aborts the command in progress. */
export const ACK_FRAME = new Uint8Array([0x00, 0x00, 0xff, 0x00, 0xff, 0x00]);
/** The NACK frame: the host asks the PN532 to send its last response frame again. */
export const NACK_FRAME = new Uint8Array([0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
/** The syntax-error frame the PN532 sends when it rejects a command. */
export const ERROR_FRAME = /* @__PURE__ */ new Uint8Array([0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00]);

const EMPTY = new Uint8Array(0);

/** Low byte of the sum of `n` bytes of `b` from `at`: a frame's checksum checks when it is 0. */
function sum8(b: Uint8Array, at: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += b[at + i];
  return sum & 0xff;
}

/** Total bytes of a frame whose payload (TFI + PD0..PDn) is `payload` bytes long. */
export function frameSize(payload: number): number {
  return payload + (payload > NORMAL_MAX_PAYLOAD ? EXTENDED_OVERHEAD : NORMAL_OVERHEAD);
}

/**
 * Write the frame TFI, `cmd`, `params`, `data` into `out` from index 0; returns its length.
 * A payload over 255 bytes uses the extended frame. Throws MESSAGE_TOO_LONG over 265 bytes,
 * INTERNAL when `out` is too small.
 */
export function encodeFrameInto(
  out: Uint8Array,
  tfi: number,
  cmd: number,
  params: Uint8Array | null,
  data: Uint8Array | null,
): number {
  const pl = params ? params.length : 0;
  const len = 2 + pl + (data ? data.length : 0);
  if (len > EXTENDED_MAX_PAYLOAD) throw codedError(Status.MESSAGE_TOO_LONG, 'PN532 frame payload over 265 bytes', len);
  if (out.length < frameSize(len)) throw codedError(Status.INTERNAL, 'PN532 frame buffer too small', len);
  out[0] = 0x00;
  out[1] = 0x00;
  out[2] = 0xff;
  let p = 5; // TFI: after 00 00 FF LEN LCS, or 00 00 FF FF FF LENM LENL LCS
  if (len <= NORMAL_MAX_PAYLOAD) {
    out[3] = len;
    out[4] = -len & 0xff;
  } else {
    out[3] = out[4] = 0xff;
    out[5] = len >> 8;
    out[6] = len & 0xff;
    out[7] = -sum8(out, 5, 2) & 0xff;
    p = 8;
  }
  out[p] = tfi;
  out[p + 1] = cmd;
  if (params) out.set(params, p + 2);
  if (data) out.set(data, p + 2 + pl);
  out[p + len] = -sum8(out, p, len) & 0xff; // DCS
  out[p + len + 1] = 0x00;
  return p + len + 2;
}

/** A host-to-PN532 frame for command `cmd` with `data` after the command code. */
export function encodeFrame(cmd: number, data?: Uint8Array): Uint8Array {
  const out = new Uint8Array(frameSize(2 + (data ? data.length : 0)));
  encodeFrameInto(out, TFI_HOST, cmd & 0xff, null, data || null);
  return out;
}

/**
 * Parse the frame that starts at `start` (default 0; after any 0x00 preamble bytes) in
 * `bytes[start..]`.
 * Throws a coded error:
 *   FRAME_INVALID  no start code, a zero or over-long length, an unknown TFI, a data frame
 *                  without a command code, an error frame with a payload;
 *   FRAME_CRC      LCS or DCS does not check;
 *   FRAME_LENGTH   the bytes end before the frame does; `at` = bytes needed from `start`
 *                  (postamble included), so a caller can read again with that size.
 */
export function parseFrame(bytes: Uint8Array, start?: number): Frame {
  const s = start || 0;
  const e = bytes.length;
  let p = s;
  while (p < e && bytes[p] === 0x00) p++;
  if (p >= e || p === s || bytes[p] !== 0xff) throw codedError(Status.FRAME_INVALID, 'PN532: no start code', p);
  p++;
  if (p + 2 > e) throw codedError(Status.FRAME_LENGTH, 'PN532: truncated frame', p + 3 - s);
  const len = bytes[p];
  const lcs = bytes[p + 1];
  p += 2;
  const ackKind = len === 0x00 && lcs === 0xff ? FrameKind.Ack : len === 0xff && lcs === 0x00 ? FrameKind.Nack : 0;
  if (ackKind) return { kind: ackKind, tfi: 0, code: -1, data: EMPTY, end: p };
  let n = len;
  if (len === 0xff && lcs === 0xff) {
    if (p + 3 > e) throw codedError(Status.FRAME_LENGTH, 'PN532: truncated extended frame', p + 3 - s);
    if (sum8(bytes, p, 3)) throw codedError(Status.FRAME_CRC, 'PN532: extended length checksum', p + 2);
    n = (bytes[p] << 8) | bytes[p + 1];
    p += 3;
    if (n > EXTENDED_MAX_PAYLOAD) throw codedError(Status.FRAME_INVALID, 'PN532: extended frame over 265 bytes', p - 3);
  } else if ((len + lcs) & 0xff) {
    throw codedError(Status.FRAME_CRC, 'PN532: length checksum', p - 1);
  }
  if (n === 0) throw codedError(Status.FRAME_INVALID, 'PN532: empty frame', p - 1);
  if (p + n + 1 > e) throw codedError(Status.FRAME_LENGTH, 'PN532: truncated frame', p + n + 2 - s);
  if (sum8(bytes, p, n + 1)) throw codedError(Status.FRAME_CRC, 'PN532: data checksum', p + n);
  const tfi = bytes[p];
  if (tfi === TFI_ERROR) {
    if (n !== 1) throw codedError(Status.FRAME_INVALID, 'PN532: error frame with a payload', p);
    return { kind: FrameKind.Error, tfi: tfi, code: -1, data: EMPTY, end: p + 2 };
  }
  if ((tfi !== TFI_HOST && tfi !== TFI_CHIP) || n < 2) throw codedError(Status.FRAME_INVALID, 'PN532: bad TFI or no command code', p);
  return { kind: FrameKind.Data, tfi: tfi, code: bytes[p + 1], data: bytes.subarray(p + 2, p + n), end: p + n + 1 };
}
