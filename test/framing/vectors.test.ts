import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import {
  FrameType,
  Reassembler,
  ResultKind,
  decodeKeepalive,
  parseErrorPayload,
  parseSyncRequest,
  parseSyncResponse,
  splitFrame,
  type FrameResult,
} from '../../protocol/framing/index.js';
import { fromHex, toHex } from './hex.js';

interface FrameVector {
  name: string;
  cid: number;
  type: number;
  seq: number;
  payload: string;
  crc32: string;
  packetCount: number;
  packets?: string[];
  samplePackets?: { index: number; hex: string }[];
  progress?: number;
  detail?: number;
  nonce?: string;
  version?: number;
  newCid?: number;
  maxMessage?: number;
  capabilities?: number;
  status?: number;
}
interface ExpectedResult {
  kind: 'frame' | 'error';
  status: number;
  cid: number;
  type: number;
  seq: number;
  payload?: string;
}
interface SequenceVector {
  name: string;
  channel?: number;
  packets: string[];
  results: ExpectedResult[];
}

const doc = JSON.parse(readFileSync(new URL('../vectors/frames.json', import.meta.url), 'utf8')) as {
  frames: FrameVector[];
  reassembly: SequenceVector[];
};
const zcrc = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;
const t = suite('framing/vectors');

t('the vector file covers the required cases', () => {
  const names = doc.frames.map((v) => v.name);
  for (const n of ['msg-empty', 'msg-1', 'msg-54', 'msg-55', 'msg-114', 'msg-115', 'msg-4096', 'cancel', 'sync-request', 'sync-response', 'error-frame-crc'])
    assert.ok(names.includes(n), n);
  assert.is(doc.frames.filter((v) => v.type === FrameType.KEEPALIVE).length, 5);
  assert.ok(doc.reassembly.length >= 10);
});

// Independent of the implementation: rebuild every vector's packets from the
// byte layout of spec §2 with node:zlib's CRC-32 (or check the stored CRC).
t('vectors are independently right (layout rebuilt with Buffer and zlib)', () => {
  for (const v of doc.frames) {
    const pl = Buffer.from(v.payload, 'hex');
    if (zcrc) assert.is(zcrc(pl).toString(16).padStart(8, '0'), v.crc32, v.name);
    const crc = parseInt(v.crc32, 16);
    const built: Buffer[] = [];
    const init = Buffer.alloc(64);
    init.writeUInt16BE(v.cid, 0);
    init[2] = 0x80 | v.type;
    init[3] = v.seq;
    init.writeUInt16BE(pl.length, 4);
    init.writeUInt32BE(crc, 6);
    pl.copy(init, 10, 0, Math.min(54, pl.length));
    built.push(init);
    for (let off = 54, idx = 0; off < pl.length; off += 60, idx++) {
      const c = Buffer.alloc(64);
      c.writeUInt16BE(v.cid, 0);
      c[2] = idx;
      c[3] = v.seq;
      pl.copy(c, 4, off, Math.min(off + 60, pl.length));
      built.push(c);
    }
    assert.is(built.length, v.packetCount, v.name);
    const list = v.packets ? v.packets.map((hex, index) => ({ index, hex })) : v.samplePackets!;
    for (const { index, hex } of list) assert.is(built[index].toString('hex'), hex, v.name + ' packet ' + index);
  }
});

t('splitFrame reproduces every golden packet', () => {
  for (const v of doc.frames) {
    const ps = splitFrame(v.cid, v.type, v.seq, fromHex(v.payload)).map(toHex);
    assert.is(ps.length, v.packetCount, v.name);
    if (v.packets) assert.equal(ps, v.packets, v.name);
    else for (const s of v.samplePackets!) assert.is(ps[s.index], s.hex, v.name + ' packet ' + s.index);
  }
});

t('reassembling the golden packets gives back the frame', () => {
  for (const v of doc.frames) {
    const packets = v.packets ? v.packets.map(fromHex) : splitFrame(v.cid, v.type, v.seq, fromHex(v.payload));
    if (v.samplePackets) for (const s of v.samplePackets) assert.is(toHex(packets[s.index]), s.hex);
    const rx = new Reassembler();
    const out: FrameResult[] = [];
    for (const p of packets) for (let r = rx.push(p); r.kind !== ResultKind.NONE; r = rx.next()) out.push(r);
    assert.is(out.length, 1, v.name);
    assert.is(out[0].kind, ResultKind.FRAME, v.name);
    assert.is(out[0].cid, v.cid);
    assert.is(out[0].type, v.type);
    assert.is(out[0].seq, v.seq);
    assert.is(toHex(out[0].payload!), v.payload, v.name);
  }
});

t('typed payloads decode to the fields stated in the vectors', () => {
  for (const v of doc.frames) {
    const pl = fromHex(v.payload);
    if (v.type === FrameType.KEEPALIVE) assert.equal(decodeKeepalive(pl), { progress: v.progress, detail: v.detail });
    if (v.type === FrameType.ERROR) assert.is(parseErrorPayload(pl), v.status);
    if (v.name === 'sync-request') {
      const r = parseSyncRequest(pl);
      assert.is(toHex(r.nonce), v.nonce);
      assert.is(r.version, v.version);
    }
    if (v.name === 'sync-response') {
      const r = parseSyncResponse(pl);
      assert.is(toHex(r.nonce), v.nonce);
      assert.is(r.cid, v.newCid);
      assert.is(r.version, v.version);
      assert.is(r.maxMessage, v.maxMessage);
      assert.is(r.capabilities, v.capabilities);
    }
  }
});

t('reassembly sequences produce exactly the listed results', () => {
  for (const s of doc.reassembly) {
    const rx = new Reassembler(s.channel === undefined ? undefined : { cid: s.channel });
    const out: ExpectedResult[] = [];
    for (const hex of s.packets)
      for (let r = rx.push(fromHex(hex)); r.kind !== ResultKind.NONE; r = rx.next()) {
        const e: ExpectedResult = { kind: r.kind === ResultKind.FRAME ? 'frame' : 'error', status: r.status, cid: r.cid, type: r.type, seq: r.seq };
        if (r.payload) e.payload = toHex(r.payload);
        out.push(e);
      }
    const expected = s.results.map((r) => {
      const e: ExpectedResult = { kind: r.kind, status: r.status, cid: r.cid, type: r.type, seq: r.seq };
      if (r.payload !== undefined) e.payload = r.payload;
      return e;
    });
    assert.equal(out, expected, s.name);
  }
});

t.run();
