/**
 * Short APDUs (ISO/IEC 7816-4 §5.1): command = CLA INS P1 P2 [Lc data] [Le],
 * response = data SW1 SW2. Extended lengths are outside this profile.
 * Pure functions; malformed input throws a coded error (BAD_REQUEST for a
 * command, CARD_ERROR for a response the reader cannot parse).
 */
import { Status } from '../status.js';
import { codedError } from '../errors.js';
import { MAX_COMMAND_DATA, MAX_RESPONSE_DATA } from './constants.js';
import { FieldType as T, FieldFlag as F, FieldBits as B } from '../messages/schema.js';
import { checkValue } from '../messages/wire.js';

/** A command APDU. `le` is Ne (1..256); absent means no response data expected. */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (0..255 bytes); absent or empty means no Lc field. */
  data?: Uint8Array;
  /** Expected response length Ne, 1..256 (256 is encoded 00). */
  le?: number;
}

/** A parsed response APDU: status word and data. */
export interface ResponseApdu {
  /** SW1 << 8 | SW2. */
  sw: number;
  data: Uint8Array;
}

/** The empty byte array used for "no data". */
const EMPTY = new Uint8Array(0);

function isByte(v: number): boolean {
  return typeof v === 'number' && v >= 0 && v <= 255 && Math.floor(v) === v;
}

/**
 * Encode a short command APDU (cases 1 to 4) from its parts, the header bytes
 * taken as valid (the reader's commands use the profile's constants; see
 * {@link encodeCommand}). Throws BAD_REQUEST for data longer than 255 bytes or
 * an Le outside 1..256; `data` absent or empty means no Lc field, `le` absent no Le.
 */
export function commandBytes(cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Uint8Array {
  const d = data || EMPTY;
  const nc = d.length;
  if (nc > MAX_COMMAND_DATA) throw codedError(Status.BAD_REQUEST, 'APDU data longer than 255 bytes', nc);
  const hasLe = le !== undefined;
  // Le: a whole number 1..256 (MAX_RESPONSE_DATA).
  if (hasLe && checkValue(T.UINT | F.MIN1 | 256 * B.LIMIT, le) !== '') {
    throw codedError(Status.BAD_REQUEST, 'APDU Le out of range 1..256');
  }
  const out = new Uint8Array(4 + (nc > 0 ? 1 + nc : 0) + (hasLe ? 1 : 0));
  out[0] = cla;
  out[1] = ins;
  out[2] = p1;
  out[3] = p2;
  if (nc > 0) {
    out[4] = nc;
    out.set(d, 5);
  }
  if (hasLe) out[out.length - 1] = le & 0xff; // 256 -> 00
  return out;
}

/** Encode a short command APDU (cases 1 to 4); throws BAD_REQUEST for a header byte out of range, and as {@link commandBytes}. */
export function encodeCommand(c: CommandApdu): Uint8Array {
  if (!isByte(c.cla) || !isByte(c.ins) || !isByte(c.p1) || !isByte(c.p2)) {
    throw codedError(Status.BAD_REQUEST, 'APDU header byte out of range');
  }
  return commandBytes(c.cla, c.ins, c.p1, c.p2, c.data, c.le);
}

/**
 * Parse a short command APDU (card side). Throws BAD_REQUEST (with `at` = the
 * offending length) when the length bytes disagree with the APDU size or an
 * extended length is used. `data` is a view into `bytes`.
 */
export function parseCommand(bytes: Uint8Array): CommandApdu {
  const n = bytes.length;
  if (n < 4) throw codedError(Status.BAD_REQUEST, 'APDU shorter than its header', n);
  const c: CommandApdu = { cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3], data: EMPTY };
  if (n === 4) return c; // case 1
  const b4 = bytes[4];
  if (n === 5) {
    c.le = b4 === 0 ? 256 : b4; // case 2
    return c;
  }
  if (b4 === 0) throw codedError(Status.BAD_REQUEST, 'extended-length APDUs are not supported', 4);
  if (n === 5 + b4) {
    c.data = bytes.subarray(5, n); // case 3
    return c;
  }
  if (n === 6 + b4) {
    c.data = bytes.subarray(5, n - 1); // case 4
    const le = bytes[n - 1];
    c.le = le === 0 ? 256 : le;
    return c;
  }
  throw codedError(Status.BAD_REQUEST, 'APDU Lc does not match its length', n);
}

/** Encode a response APDU: `data` followed by SW1 SW2 (card side). */
export function encodeResponse(data: Uint8Array | null, sw: number): Uint8Array {
  const d = data || EMPTY;
  if (d.length > MAX_RESPONSE_DATA) throw codedError(Status.INTERNAL, 'response data longer than 256 bytes', d.length);
  const out = new Uint8Array(d.length + 2);
  out.set(d, 0);
  out[d.length] = (sw >> 8) & 0xff;
  out[d.length + 1] = sw & 0xff;
  return out;
}

/**
 * Parse a response APDU (reader side). Throws CARD_ERROR when it is shorter
 * than a status word or longer than 256 data bytes. `data` is a view into `bytes`.
 */
export function parseResponse(bytes: Uint8Array): ResponseApdu {
  const n = bytes.length;
  if (n < 2 || n > MAX_RESPONSE_DATA + 2) throw codedError(Status.CARD_ERROR, 'card response shorter than a status word or longer than 258 bytes', n);
  return { sw: (bytes[n - 2] << 8) | bytes[n - 1], data: bytes.subarray(0, n - 2) };
}
