/**
 * Port-free self-test of the firmware's pure pieces, run inside the board
 * bundle by an engine with no ports at all (duktape in the tests):
 * `PassReader.selfTest()`. No Promise, no Map; ES5 + typed arrays only.
 * Checks: message CBOR round trips, USB frame split + reassembly, CRC-32
 * check value, the flash journal on an in-memory NOR flash, the keypad
 * scanner on a fake matrix, PN532 frame encode/parse.
 */
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import { encodeRequest, decodeRequest } from '../../protocol/messages/envelope.js';
import { crc32 } from '../../protocol/framing/crc32.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { Reassembler } from '../../protocol/framing/reassembler.js';
import type { Flash } from '../ports/flash.js';
import type { KeypadMatrix } from '../ports/keypad.js';
import { Journal } from '../drivers/flash/journal.js';
import { KeypadScanner } from '../drivers/keypad/scanner.js';
import { encodeFrame, parseFrame } from '../drivers/pn532/frame.js';

/** What selfTest returns: counts of checks and the names of those that failed. */
export interface SelfTestResult {
  passed: number;
  failed: number;
  failures: string[];
}

/** An in-memory NOR flash: erase sets 0xFF, a write can only clear bits. */
function memoryFlash(pageSize: number, pageCount: number): Flash {
  const mem = new Uint8Array(pageSize * pageCount);
  for (let i = 0; i < mem.length; i++) mem[i] = 0xff;
  return {
    pageSize: pageSize,
    pageCount: pageCount,
    read: function (page: number, offset: number, length: number): Uint8Array {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = mem[page * pageSize + offset + i];
      return out;
    },
    write: function (page: number, offset: number, data: Uint8Array): void {
      for (let i = 0; i < data.length; i++) mem[page * pageSize + offset + i] &= data[i];
    },
    erase: function (page: number): void {
      for (let i = 0; i < pageSize; i++) mem[page * pageSize + i] = 0xff;
    },
  };
}

/** A 4x3 matrix with at most one key held (index into the layout, -1 none). */
function fakeMatrix(): { m: KeypadMatrix; hold: (k: number) => void } {
  let held = -1;
  let row = -1;
  const m: KeypadMatrix = {
    rows: 4,
    cols: 3,
    selectRow: function (r: number): void {
      row = r;
    },
    readColumns: function (): number {
      return held >= 0 && row === ((held / 3) | 0) ? 1 << held % 3 : 0;
    },
  };
  return { m: m, hold: function (k: number): void { held = k; } };
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

/** Run every check; never throws (a throwing check counts as failed). */
export function selfTest(): SelfTestResult {
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

  return r;
}

/** Number of checks selfTest runs (tests assert at least this many passed). */
export const SELF_TEST_CHECKS = 10;
