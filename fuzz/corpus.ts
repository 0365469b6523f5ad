/**
 * Seed corpora from the shared vectors (test/vectors/*.json): every CBOR
 * vector and message, the signed objects, the golden frames and reassembly
 * sequences. Mutations start from these valid (and known-invalid) inputs.
 */
import { fromHex, loadVectors } from '../test/vectors/load.js';
import { benchMessages } from '../bench/messages.js';
import { splitFrame } from '../protocol/framing/split.js';

interface CborVectors {
  valid: { hex: string }[];
  invalid: { hex: string }[];
  encodeOnly: { hex: string }[];
}
interface MessageVectors {
  requests: { hex: string }[];
  responses: { hex: string }[];
  events: { hex: string }[];
  rejected: { hex: string }[];
  accepted: { hex: string }[];
}
interface FrameVectors {
  frames: { packets?: string[]; cid: number; type: number; seq: number; payload: string }[];
  reassembly: { packets: string[] }[];
}

function unique(list: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const b of list) {
    const k = Buffer.from(b).toString('hex');
    if (!seen.has(k)) {
      seen.add(k);
      out.push(b);
    }
  }
  return out;
}

/** Hex strings found anywhere under `v` in fields named `envelope`. */
function envelopes(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) envelopes(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'envelope' && typeof x === 'string') out.push(x);
      else envelopes(x, out);
    }
  }
  return out;
}

/** Every CBOR item of the vectors: profile vectors, messages (valid and rejected), signed objects. */
export function cborCorpus(): Uint8Array[] {
  const c = loadVectors<CborVectors>('cbor');
  const m = loadVectors<MessageVectors>('messages');
  const hex: string[] = [];
  for (const g of [c.valid, c.invalid, c.encodeOnly, m.requests, m.responses, m.events, m.rejected, m.accepted]) for (const v of g) hex.push(v.hex);
  hex.push(...envelopes(loadVectors('receipts')));
  const out = hex.map((h) => fromHex(h));
  for (const b of benchMessages()) out.push(b.bytes);
  return unique(out);
}

/** Message payloads only (requests, responses, events, rejected, accepted). */
export function messageCorpus(): Uint8Array[] {
  const m = loadVectors<MessageVectors>('messages');
  const out: Uint8Array[] = [];
  for (const g of [m.requests, m.rejected, m.accepted]) for (const v of g) out.push(fromHex(v.hex));
  return unique(out);
}

/** Packet streams: each golden frame's packets, each reassembly sequence, joined. */
export function packetStreams(): Uint8Array[] {
  const f = loadVectors<FrameVectors>('frames');
  const out: Uint8Array[] = [];
  for (const v of f.frames) {
    // Large frames give sample packets only: rebuild them all.
    const packets = v.packets ? v.packets.map(fromHex) : splitFrame(v.cid, v.type, v.seq, fromHex(v.payload));
    out.push(fromHex(packets.map((p) => Buffer.from(p).toString('hex')).join('')));
  }
  for (const v of f.reassembly) out.push(fromHex(v.packets.join('')));
  return unique(out);
}
