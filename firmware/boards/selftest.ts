/**
 * The firmware self-test, its own bundle (dist/firmware/selftest.js, global
 * `PassReaderSelfTest`), loaded after a board bundle in the same engine:
 *
 *     duk jerryscript.js selftest.js   (then PassReaderSelfTest.selfTest())
 *
 * No Promise, no Map; ES5 + typed arrays only. Two parts:
 * - the firmware's pure pieces, compiled into this bundle from the same
 *   sources: message CBOR round trips, USB frame split + reassembly, CRC-32
 *   check value, the flash journal on an in-memory NOR flash, the keypad
 *   scanner on a fake matrix, PN532 frame encode/parse, and the SHA-256 of
 *   the fake crypto port;
 * - the board bundle itself, through its contract only: `PassReader.start`
 *   on in-memory ports (selftest-ports.ts), a SYNC and a GET_INFO sent as
 *   64-byte USB packets, the responses reassembled and decoded, and a
 *   device descriptor from `usbControl`.
 */
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import { encodeRequest, decodeRequest } from '../../protocol/messages/envelope.js';
import { crc32 } from '../../protocol/framing/crc32.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { Reassembler } from '../../protocol/framing/reassembler.js';
import type { FrameResult } from '../../protocol/framing/reassembler.js';
import { CID_BROADCAST, FrameType } from '../../protocol/framing/constants.js';
import { encodeSyncRequest, parseSyncResponse } from '../../protocol/framing/sync.js';
import { decodeResponse } from '../../protocol/messages/envelope.js';
import type { Reader, ReaderPorts } from '../app/ports.js';
import { Journal } from '../drivers/flash/journal.js';
import { KeypadScanner } from '../drivers/keypad/scanner.js';
import { encodeFrame, parseFrame } from '../drivers/pn532/frame.js';
import { emptyFieldPn532, fakeMatrix, memoryFlash, selfTestCrypto, sha256, steppingClock } from './selftest-ports.js';

/** What a board bundle exposes (the global `PassReader`). */
export interface Board {
  start(ports: ReaderPorts): Reader;
}

/** The board bundle loaded before this one, if any. */
declare const PassReader: Board | undefined;

/** What selfTest returns: counts of checks and the names of those that failed. */
export interface SelfTestResult {
  passed: number;
  failed: number;
  failures: string[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bytesOf(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

function hexOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

/**
 * Run every check; never throws (a throwing check counts as failed). `board` is
 * the board bundle to exercise, by default the global `PassReader` (the board
 * checks fail when there is none).
 */
export function selfTest(board?: Board): SelfTestResult {
  const r: SelfTestResult = { passed: 0, failed: 0, failures: [] };
  const check = function (name: string, f: () => boolean): void {
    let ok = false;
    try {
      ok = f() === true;
    } catch (e) {
      ok = false;
    }
    if (ok) r.passed++;
    else {
      r.failed++;
      r.failures.push(name);
    }
  };

  // Messages: encodeRequest -> decodeRequest round trips.
  check('msg.getInfo', function () {
    const d = decodeRequest(encodeRequest(Command.GET_INFO));
    return d.status === Status.OK && d.command === Command.GET_INFO;
  });
  check('msg.setTime', function () {
    const d = decodeRequest(encodeRequest(Command.SET_TIME, { time: 1729000000 }));
    return d.status === Status.OK && d.command === Command.SET_TIME && !!d.args && d.args.time === 1729000000;
  });
  check('msg.debit', function () {
    const id = bytesOf(16, 7);
    const d = decodeRequest(encodeRequest(Command.DEBIT, { benefit: 8, amount: 2, requestId: id, reference: 'Seance 14h' }));
    const a = d.args;
    return d.status === Status.OK && !!a && a.benefit === 8 && a.amount === 2 && a.reference === 'Seance 14h'
      && sameBytes(a.requestId as Uint8Array, id);
  });
  check('msg.garbage', function () {
    return decodeRequest(new Uint8Array([0xff, 0x00])).status !== Status.OK;
  });

  // USB framing: split into 64-byte packets, reassemble.
  check('frame.roundTrip', function () {
    const payload = bytesOf(300, 3);
    const packets = splitFrame(0x1234, 1, 9, payload);
    const rx = new Reassembler({ cid: 0x1234 });
    let got: Uint8Array | null = null;
    let n = 0;
    for (let i = 0; i < packets.length; i++) {
      for (let x = rx.push(packets[i]); x.kind !== 0; x = rx.next()) {
        n++;
        if (x.kind === 1 && x.seq === 9 && x.cid === 0x1234) got = x.payload as Uint8Array;
      }
    }
    return packets.length === 6 && packets[0].length === 64 && n === 1 && got !== null && sameBytes(got, payload);
  });

  // CRC-32 check value of "123456789".
  check('crc32.check', function () {
    const b = new Uint8Array(9);
    for (let i = 0; i < 9; i++) b[i] = 0x31 + i;
    return crc32(b) === 0xcbf43926;
  });

  // Flash journal on an in-memory NOR flash: append, read back, reopen (scan).
  check('journal.appendRead', function () {
    const flash = memoryFlash(1024, 4);
    const j = new Journal(flash, 0, 4);
    const a = bytesOf(40, 1);
    const b = bytesOf(70, 2);
    if (j.append(1, 11, a) !== Status.OK || j.append(1, 12, b) !== Status.OK || j.append(2, 5, bytesOf(8, 3)) !== Status.OK) return false;
    const again = new Journal(flash, 0, 4);
    const seen: Uint8Array[] = [];
    again.forEach(1, 1, function (ref) {
      seen.push(again.read(ref));
    });
    return again.last[1] === 2 && again.last[2] === 1 && again.pending(1) === 2 && seen.length === 2
      && sameBytes(seen[0], a) && sameBytes(seen[1], b);
  });

  // Keypad scanner: debounced press edges on a fake matrix.
  check('keypad.scan', function () {
    const f = fakeMatrix();
    const s = new KeypadScanner(f.m);
    let out = '';
    const press = function (k: number): void {
      f.hold(k);
      for (let i = 0; i < 5; i++) {
        const c = s.scan();
        if (c >= 0) out += String.fromCharCode(c);
      }
      f.hold(-1);
      for (let i = 0; i < 5; i++) s.scan();
    };
    press(1); // '2'
    press(11); // '#'
    press(10); // '0'
    f.hold(4);
    const bounce = s.scan(); // a single reading is not believed
    return out === '2#0' && bounce === -1;
  });

  // PN532 frames: encode, parse back, and a corrupted checksum refused.
  check('pn532.frame', function () {
    const data = new Uint8Array([0x01, 0x00]);
    const f = encodeFrame(0x4a, data);
    const p = parseFrame(f);
    if (!(p.tfi === 0xd4 && p.code === 0x4a && sameBytes(p.data, data) && f[0] === 0 && f[1] === 0 && f[2] === 0xff)) return false;
    f[f.length - 2] ^= 1;
    let refused = false;
    try {
      parseFrame(f);
    } catch (e) {
      refused = true;
    }
    return refused;
  });
  check('pn532.ack', function () {
    const p = parseFrame(new Uint8Array([0x00, 0x00, 0xff, 0x00, 0xff, 0x00]));
    return p.code === -1 && p.data.length === 0 && p.end === 5;
  });

  // SHA-256 of the self-test's crypto port, on the FIPS 180-2 vectors: the board checks rely on it.
  check('sha256.vectors', function () {
    const abc = new Uint8Array([0x61, 0x62, 0x63]);
    const long = new Uint8Array(56); // "abcdbcdecdefdefg...nopq": two blocks of padding
    for (let i = 0; i < 14; i++) for (let j = 0; j < 4; j++) long[4 * i + j] = 0x61 + i + j;
    return hexOf(sha256(abc)) === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
      && hexOf(sha256(long)) === '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';
  });

  // The board bundle through its contract: start on in-memory ports, then USB packets in and out.
  const b = board !== undefined ? board : typeof PassReader !== 'undefined' ? PassReader : undefined;
  const nfc = emptyFieldPn532();
  let reader: Reader | null = null;
  let shown: string[] | null = null;
  let sent: Uint8Array[] = [];
  let channel = -1;
  let readerId: Uint8Array | null = null;
  const nothing = function (): void {
    // LED and buzzer: nothing to check.
  };
  /** Send one frame as USB packets; return the frames the reader sent back, reassembled (channel `cid`). */
  const exchange = function (cid: number, type: number, seq: number, payload: Uint8Array): FrameResult[] {
    sent = [];
    const packets = splitFrame(cid, type, seq, payload);
    for (let i = 0; i < packets.length; i++) (reader as Reader).onUsbPacket(packets[i]);
    const rx = new Reassembler({ cid: cid });
    const frames: FrameResult[] = [];
    for (let i = 0; i < sent.length; i++) {
      if (sent[i].length !== 64) return [];
      for (let x = rx.push(sent[i]); x.kind !== 0; x = rx.next()) frames.push(x);
    }
    return frames;
  };

  check('board.start', function () {
    if (b === undefined) return false;
    reader = b.start({
      nfc: nfc.bus,
      keypad: fakeMatrix().m,
      display: {
        lines: 4,
        columns: 16,
        show: function (lines: string[]): void {
          shown = lines;
        },
      },
      signal: { led: nothing, beep: nothing },
      clock: steppingClock(),
      flash: memoryFlash(4096, 8),
      usb: {
        send: function (packet: Uint8Array): void {
          const copy = new Uint8Array(packet.length);
          copy.set(packet);
          sent.push(copy);
        },
      },
      crypto: selfTestCrypto(),
    });
    // The PN532 was asked for its version, then configured; the idle screen is up.
    return nfc.commands.length >= 2 && nfc.commands[0] === 0x02 && nfc.commands[1] === 0x14
      && shown !== null && (shown as string[]).length === 4;
  });

  check('board.sync', function () {
    if (reader === null) return false;
    const nonce = bytesOf(8, 5);
    const frames = exchange(CID_BROADCAST, FrameType.SYNC, 3, encodeSyncRequest(nonce, 1));
    if (frames.length !== 1 || frames[0].kind !== 1 || frames[0].type !== FrameType.SYNC || frames[0].seq !== 3) return false;
    const s = parseSyncResponse(frames[0].payload as Uint8Array);
    channel = s.cid;
    return sameBytes(s.nonce, nonce) && s.version === 1 && s.cid !== CID_BROADCAST && s.cid !== 0;
  });

  check('board.getInfo', function () {
    if (channel < 0) return false;
    const frames = exchange(channel, FrameType.MSG, 1, encodeRequest(Command.GET_INFO));
    if (frames.length !== 1 || frames[0].kind !== 1 || frames[0].type !== FrameType.MSG || frames[0].seq !== 1) return false;
    const d = decodeResponse(Command.GET_INFO, frames[0].payload as Uint8Array);
    const res = d.result as { [name: string]: unknown } | undefined;
    if (d.status !== Status.OK || res === undefined || !(res.readerId instanceof Uint8Array) || !(res.publicKey instanceof Uint8Array)) return false;
    readerId = res.readerId;
    // readerId is SHA-256(publicKey)[0..8], through the crypto port.
    return typeof res.firmwareVersion === 'string' && sameBytes(res.readerId, sha256(res.publicKey).subarray(0, 8));
  });

  check('board.usbControl', function () {
    if (reader === null || readerId === null) return false;
    const dev = reader.usbControl({ bmRequestType: 0x80, bRequest: 0x06, wValue: 0x0100, wIndex: 0, wLength: 64 });
    const serial = reader.usbControl({ bmRequestType: 0x80, bRequest: 0x06, wValue: 0x0303, wIndex: 0x0409, wLength: 255 });
    if (dev === null || serial === null || dev.length !== 18 || dev[0] !== 18 || dev[1] !== 1 || dev[16] !== 3) return false;
    // The serial number string is the lower-case hex of the reader id, UTF-16LE.
    const hex = hexOf(readerId);
    let text = '';
    for (let i = 2; i + 1 < serial.length; i += 2) text += String.fromCharCode(serial[i] | (serial[i + 1] << 8));
    return serial[0] === serial.length && serial[1] === 3 && text === hex
      && reader.usbControl({ bmRequestType: 0x80, bRequest: 0x06, wValue: 0x0104, wIndex: 0, wLength: 64 }) === null;
  });

  check('board.tick', function () {
    if (reader === null) return false;
    sent = [];
    for (let i = 0; i < 5; i++) reader.tick();
    return sent.length === 0;
  });

  return r;
}

/** Number of checks selfTest runs (tests assert at least this many passed). */
export const SELF_TEST_CHECKS = 16;
