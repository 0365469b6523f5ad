/**
 * In-memory ports for the self-test bundle (firmware/boards/selftest.ts): a NOR
 * flash in RAM, a keypad matrix, a PN532 with no card in its field, a clock, and
 * a crypto port whose SHA-256 is real (plain ES5, slow, fine for a few hashes)
 * and whose ed25519 parts are stand-ins (nothing the self-test checks is signed).
 * ES5 + typed arrays only: they run in the same engine as the board bundle.
 */
import type { Flash } from '../ports/flash.js';
import type { KeypadMatrix } from '../ports/keypad.js';
import type { NfcBus } from '../ports/nfc.js';
import type { Clock } from '../ports/clock.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { encodeFrameInto } from '../drivers/pn532/frame.js';

/** An in-memory NOR flash: erase sets 0xFF, a write can only clear bits. */
export function memoryFlash(pageSize: number, pageCount: number): Flash {
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
export function fakeMatrix(): { m: KeypadMatrix; hold: (k: number) => void } {
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

/**
 * A clock whose monotonic time advances 1 ms per reading (so every busy-wait of
 * the firmware ends), with a settable wall clock (0 until set).
 */
export function steppingClock(): Clock {
  let t = 1000;
  let wall = 0;
  return {
    monotonic: function (): number {
      return t++;
    },
    now: function (): number {
      return wall;
    },
    set: function (unixMs: number): void {
      wall = unixMs;
    },
  };
}

/**
 * A PN532 on the I2C model with no card in its field: every command is ACKed,
 * then answered. GetFirmwareVersion (0x02) says PN532 v1.6, InListPassiveTarget
 * (0x4A) finds no target, any other command gets an empty response.
 * `commands` lists the command codes received.
 */
export function emptyFieldPn532(): { bus: NfcBus; commands: number[] } {
  const commands: number[] = [];
  /** What the next reads return, status byte first: the ACK, then the response frame. */
  const queue: Uint8Array[] = [];
  const bus: NfcBus = {
    write: function (data: Uint8Array): void {
      // A host frame 00 00 FF LEN LCS D4 CMD ...; ACK and NACK frames (LEN 0 or FF) are not commands.
      if (data.length < 8 || data[5] !== 0xd4) return;
      const cmd = data[6];
      commands.push(cmd);
      let body: Uint8Array | null = null;
      if (cmd === 0x02) body = new Uint8Array([0x32, 0x01, 0x06, 0x07]);
      else if (cmd === 0x4a) body = new Uint8Array([0]);
      const frame = new Uint8Array(1 + 16);
      frame[0] = 0x01; // I2C status byte: ready
      const n = encodeFrameInto(frame.subarray(1), 0xd5, cmd + 1, body, null);
      queue.push(new Uint8Array([0x01, 0x00, 0x00, 0xff, 0x00, 0xff, 0x00]));
      queue.push(frame.subarray(0, 1 + n));
    },
    ready: function (): boolean {
      return queue.length > 0;
    },
    read: function (length: number): Uint8Array {
      const out = new Uint8Array(length); // not ready (status 0) when nothing is queued
      const next = queue.shift();
      if (next !== undefined) out.set(next.subarray(0, next.length < length ? next.length : length));
      return out;
    },
  };
  return { bus: bus, commands: commands };
}

/** SHA-256 round constants. */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** SHA-256 (FIPS 180-4) of `data`, in ES5 with 32-bit integer arithmetic only. */
export function sha256(data: Uint8Array): Uint8Array {
  const n = data.length;
  const size = (((n + 8) >> 6) + 1) * 64;
  const m = new Uint8Array(size);
  m.set(data);
  m[n] = 0x80;
  const bits = n * 8;
  m[size - 4] = (bits >>> 24) & 0xff;
  m[size - 3] = (bits >>> 16) & 0xff;
  m[size - 2] = (bits >>> 8) & 0xff;
  m[size - 1] = bits & 0xff;
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w: number[] = [];
  for (let p = 0; p < size; p += 64) {
    for (let i = 0; i < 16; i++) {
      const q = p + 4 * i;
      w[i] = (m[q] << 24) | (m[q + 1] << 16) | (m[q + 2] << 8) | m[q + 3];
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
    h[5] = (h[5] + f) | 0;
    h[6] = (h[6] + g) | 0;
    h[7] = (h[7] + k) | 0;
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = (h[i >> 2] >>> (24 - 8 * (i & 3))) & 0xff;
  return out;
}

/**
 * A crypto port for the self-test: real SHA-256; a deterministic random source;
 * `publicKey` is SHA-256 of the seed and `sign` / `verify` are stand-ins (zero
 * signatures, nothing verifies), which is all a reader with no certificate needs.
 */
export function selfTestCrypto(): CryptoPort {
  let state = 0x2545f491;
  return {
    sha256: sha256,
    sign: function (): Uint8Array {
      return new Uint8Array(64);
    },
    verify: function (): boolean {
      return false;
    },
    random: function (n: number): Uint8Array {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        // xorshift32
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        out[i] = state & 0xff;
      }
      return out;
    },
    publicKey: function (seed: Uint8Array): Uint8Array {
      return sha256(seed);
    },
  };
}
