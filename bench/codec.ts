/**
 * Table 1: codec throughput. The firmware codec (protocol/cbor, ES5), the
 * host codec (sdk/codec: cbor-x plus the canonical checks) and cbor-x with
 * its default options, encoding and decoding the same three messages.
 */
import { encode as cborxEncode, decode as cborxDecode } from 'cbor-x';
import { encode as fwEncode, decode as fwDecode } from '../protocol/cbor/index.js';
import type { CborValue } from '../protocol/cbor/index.js';
import { encode as hostEncode, decode as hostDecode } from '../sdk/codec/index.js';
import { benchMessages } from './messages.js';
import { measure, progress, type BenchOptions, type Table } from './util.js';

/** One row of results. */
export interface CodecRow {
  message: string;
  bytes: number;
  codec: string;
  encodeOpsPerSec: number;
  decodeOpsPerSec: number;
  /** Decode throughput in MB/s of input. */
  decodeMBps: number;
}

/** Run table 1. */
export function benchCodec(o: BenchOptions): { table: Table; rows: CodecRow[] } {
  const rows: CodecRow[] = [];
  for (const msg of benchMessages()) {
    const value = fwDecode(msg.bytes) as CborValue;
    // Both canonical codecs must agree before their speed means anything.
    const a = fwEncode(value);
    const b = hostEncode(value);
    if (Buffer.compare(Buffer.from(a), Buffer.from(msg.bytes)) !== 0 || Buffer.compare(Buffer.from(b), Buffer.from(msg.bytes)) !== 0) {
      throw new Error(`codecs disagree on ${msg.name}`);
    }
    const defaultBytes = cborxEncode(value);
    const codecs: [string, () => unknown, () => unknown][] = [
      ['firmware (protocol/cbor)', () => fwEncode(value), () => fwDecode(msg.bytes)],
      ['host (sdk/codec)', () => hostEncode(value), () => hostDecode(msg.bytes)],
      ['cbor-x defaults', () => cborxEncode(value), () => cborxDecode(defaultBytes)],
    ];
    for (const [codec, enc, dec] of codecs) {
      progress(o, `codec ${msg.name} / ${codec}`);
      const e = measure(enc, o);
      const d = measure(dec, o);
      rows.push({
        message: msg.name,
        bytes: msg.bytes.length,
        codec,
        encodeOpsPerSec: e.opsPerSec,
        decodeOpsPerSec: d.opsPerSec,
        decodeMBps: (d.opsPerSec * msg.bytes.length) / 1e6,
      });
    }
  }
  const table: Table = {
    id: 'codec',
    title: 'Table 1. Codec throughput (ops/s, median of runs)',
    columns: ['message', 'bytes', 'codec', 'encode ops/s', 'decode ops/s', 'decode MB/s'],
    rows: rows.map((r) => [r.message, r.bytes, r.codec, r.encodeOpsPerSec, r.decodeOpsPerSec, r.decodeMBps]),
    notes: [
      'firmware and host codecs produce and accept identical canonical bytes (checked before timing);',
      'cbor-x defaults encodes map keys as text and tags byte strings, so its bytes differ and its decode',
      'reads its own encoding of the same value: a reference point for the cost of the canonical checks.',
    ],
  };
  return { table, rows };
}
