/**
 * The virtual PN532's own view of host frames (UM0701-02 §6.2), written independently of
 * the firmware's codec so that each checks the other. Host writes are whole frames.
 */

/** What the chip made of one host write. */
export type HostFrame =
  | { type: 'ack' } // abort the command in progress
  | { type: 'nack' } // send the last response again
  | { type: 'command'; tfi: number; payload: Uint8Array } // payload = PD0 (command code) .. PDn
  | { type: 'checksum' } // a frame whose LCS or DCS does not check
  | { type: 'noise' }; // no start code, truncated, or an impossible length: ignored

/** TFI of frames from the PN532. */
export const CHIP_TFI = 0xd5;
/** Largest TFI + PD payload of an extended frame. */
export const MAX_PAYLOAD = 265;

/** The ACK frame the chip sends after a well-formed command. */
export const CHIP_ACK = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00);
/** The syntax-error frame. */
export const CHIP_ERROR = Uint8Array.of(0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00);

const sum8 = (bytes: Uint8Array): number => bytes.reduce((s, b) => (s + b) & 0xff, 0);

/** Decode one host write. */
export function readHostFrame(bytes: Uint8Array): HostFrame {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === 0 || i >= bytes.length || bytes[i] !== 0xff) return { type: 'noise' };
  const rest = bytes.subarray(i + 1);
  if (rest.length < 2) return { type: 'noise' };
  const [len, lcs] = rest;
  if (len === 0x00 && lcs === 0xff) return { type: 'ack' };
  if (len === 0xff && lcs === 0x00) return { type: 'nack' };
  let length: number;
  let body: Uint8Array;
  if (len === 0xff && lcs === 0xff) {
    if (rest.length < 5) return { type: 'noise' };
    if (((rest[2] + rest[3] + rest[4]) & 0xff) !== 0) return { type: 'checksum' };
    length = rest[2] * 256 + rest[3];
    body = rest.subarray(5);
  } else {
    if (((len + lcs) & 0xff) !== 0) return { type: 'checksum' };
    length = len;
    body = rest.subarray(2);
  }
  if (length < 1 || length > MAX_PAYLOAD || body.length < length + 1) return { type: 'noise' };
  if (sum8(body.subarray(0, length + 1)) !== 0) return { type: 'checksum' };
  return { type: 'command', tfi: body[0], payload: body.subarray(1, length) };
}

/** A PN532-to-host frame carrying `payload` (PD0 = response code .. PDn) after TFI 0xD5. */
export function chipFrame(payload: Uint8Array): Uint8Array {
  const length = payload.length + 1;
  if (length > MAX_PAYLOAD) throw new Error(`PN532 response payload of ${length} bytes`);
  const head =
    length <= 255
      ? [0x00, 0x00, 0xff, length, (256 - length) & 0xff]
      : [0x00, 0x00, 0xff, 0xff, 0xff, length >> 8, length & 0xff, (256 - (((length >> 8) + length) & 0xff)) & 0xff];
  const out = new Uint8Array(head.length + length + 2);
  out.set(head, 0);
  out[head.length] = CHIP_TFI;
  out.set(payload, head.length + 1);
  out[out.length - 2] = (256 - ((CHIP_TFI + sum8(payload)) & 0xff)) & 0xff;
  out[out.length - 1] = 0x00;
  return out;
}
