/**
 * Targets `cbor-firmware` (protocol/cbor decode), `cbor-host` (sdk/codec
 * decode) and `cbor-differential` (both on the same input). Oracle: a decode
 * either returns a value or throws a coded BAD_REQUEST / NON_CANONICAL; a
 * returned value re-encodes to exactly the input (the profile is canonical);
 * its size (one unit per item plus string and byte-string lengths) is at
 * most the input length; the two codecs accept the same inputs, reject the
 * others with the same status, and decode to the same value.
 */
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { encode as fwEncode, decode as fwDecode } from '../../protocol/cbor/index.js';
import type { CborValue } from '../../protocol/cbor/index.js';
import { encode as hostEncode, decode as hostDecode } from '../../sdk/codec/index.js';
import { cborCorpus } from '../corpus.js';
import { cborHeads } from '../mutate.js';
import type { Rng } from '../rng.js';
import { FuzzFailure, check, checkRatio, count, expectTyped, type CaseStats, type FuzzTarget } from '../target.js';

const ALLOWED = [Status.BAD_REQUEST, Status.NON_CANONICAL];

/** Size of a decoded value: 1 per item + string/byte lengths (what the decoder had to allocate, roughly). */
export function modelSize(v: CborValue, depth = 0): number {
  if (depth > 64) throw new FuzzFailure('invariant', 'decoded value nested deeper than 64');
  if (v === null || typeof v !== 'object') return 1 + (typeof v === 'string' ? v.length : 0);
  if (v instanceof Uint8Array) return 1 + v.length;
  let n = 1;
  if (Array.isArray(v)) for (const x of v) n += modelSize(x, depth + 1);
  else for (const k of Object.keys(v)) n += 1 + modelSize((v as Record<string, CborValue>)[k], depth + 1);
  return n;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type Outcome = { ok: true; value: CborValue } | { ok: false; status: number };

function attempt(decode: (b: Uint8Array) => CborValue, input: Uint8Array, what: string): Outcome {
  try {
    return { ok: true, value: decode(input) };
  } catch (e) {
    return { ok: false, status: expectTyped(e, ALLOWED, what) };
  }
}

function checkAccepted(v: CborValue, input: Uint8Array, encode: (v: CborValue) => Uint8Array, stats: CaseStats, what: string): void {
  let again: Uint8Array;
  try {
    again = encode(v);
  } catch (e) {
    throw new FuzzFailure('invariant', `${what}: accepted value does not re-encode (${isCodedError(e) ? e.code : ''} ${(e as Error).message})`);
  }
  check(equalBytes(again, input), `${what}: accepted input is not its value's canonical encoding`);
  checkRatio(stats, modelSize(v), input.length, 1, `${what} decoded size`);
}

function label(o: Outcome): string {
  return o.ok ? 'ok' : o.status === Status.BAD_REQUEST ? 'BAD_REQUEST' : 'NON_CANONICAL';
}

/** Random CBOR-ish bytes: heads of every major type with boundary arguments, nested a little. */
function randomCbor(rng: Rng): Uint8Array {
  const out: number[] = [];
  const item = (depth: number) => {
    const major = rng.int(8);
    const ai = rng.chance(0.6) ? rng.int(24) : rng.pick([24, 25, 26, 27, 28, 31]);
    out.push((major << 5) | ai);
    const extra = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
    for (let i = 0; i < extra; i++) out.push(rng.chance(0.7) ? rng.int(4) : rng.int(256));
    const len = ai < 24 ? ai : rng.int(6);
    if ((major === 2 || major === 3) && rng.chance(0.9)) for (let i = 0; i < len; i++) out.push(major === 3 ? 0x61 + rng.int(26) : rng.int(256));
    if ((major === 4 || major === 5) && depth < 5) for (let i = 0; i < (major === 5 ? 2 : 1) * Math.min(len, 4); i++) item(depth + 1);
  };
  item(0);
  return Uint8Array.from(out);
}

function base(name: string, description: string, run: (input: Uint8Array, stats: CaseStats) => void): FuzzTarget {
  return { name, description, corpus: cborCorpus(), lengthHint: cborHeads, random: randomCbor, randomShare: 0.25, run };
}

/** protocol/cbor decode. */
export function cborFirmwareTarget(): FuzzTarget {
  return base('cbor-firmware', 'protocol/cbor decode: BAD_REQUEST/NON_CANONICAL only, accepted = canonical re-encoding, size <= input', (input, stats) => {
    const o = attempt(fwDecode, input, 'firmware decode');
    if (o.ok) checkAccepted(o.value, input, fwEncode, stats, 'firmware');
    count(stats, label(o));
  });
}

/** sdk/codec decode. */
export function cborHostTarget(): FuzzTarget {
  return base('cbor-host', 'sdk/codec decode (cbor-x + checks): BAD_REQUEST/NON_CANONICAL only, accepted = canonical, size <= input', (input, stats) => {
    const o = attempt(hostDecode, input, 'host decode');
    if (o.ok) checkAccepted(o.value, input, hostEncode, stats, 'host');
    count(stats, label(o));
  });
}

/** Both decoders on one input: same verdict, same status, same value. */
export function cborDifferentialTarget(): FuzzTarget {
  return base('cbor-differential', 'firmware vs host decoder: same accept/reject, same status, same value', (input, stats) => {
    const a = attempt(fwDecode, input, 'firmware decode');
    const b = attempt(hostDecode, input, 'host decode');
    if (a.ok !== b.ok) throw new FuzzFailure('invariant', `firmware ${label(a)} but host ${label(b)}`);
    if (!a.ok && !b.ok) check(a.status === b.status, `firmware ${label(a)} but host ${label(b)}`);
    if (a.ok && b.ok) check(equalBytes(fwEncode(a.value), hostEncode(b.value)), 'the two decoders give different values');
    count(stats, label(a));
  });
}
