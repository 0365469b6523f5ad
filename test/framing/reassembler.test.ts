import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import {
  CID_BROADCAST,
  FrameType,
  MAX_MESSAGE,
  Reassembler,
  ResultKind,
  encodeSyncRequest,
  splitFrame,
  type FrameResult,
} from '../../protocol/framing/index.js';

const t = suite('framing/reassembler');

const FRAME_STATUSES = [
  Status.FRAME_INVALID,
  Status.FRAME_CRC,
  Status.FRAME_SEQUENCE,
  Status.FRAME_LENGTH,
  Status.FRAME_CHANNEL,
  Status.FRAME_UNEXPECTED,
];

/** Push packets and drain every result. */
function feed(rx: Reassembler, packets: Uint8Array[]): FrameResult[] {
  const out: FrameResult[] = [];
  for (const p of packets) for (let r = rx.push(p); r.kind !== ResultKind.NONE; r = rx.next()) out.push(r);
  return out;
}
const frames = (rs: FrameResult[]) => rs.filter((r) => r.kind === ResultKind.FRAME);
const errors = (rs: FrameResult[]) => rs.filter((r) => r.kind === ResultKind.ERROR).map((r) => r.status);
const bytes = (n: number, seed: number) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 29 + seed) & 0xff;
  return b;
};
const sameBytes = (a: Uint8Array | null, b: Uint8Array) => a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

// A valid frame: a type/channel pair the spec allows, a payload of 0..maxLen bytes.
const validFrame = (maxLen: number) =>
  fc.oneof(
    fc.record({
      cid: fc.integer({ min: 1, max: 0xfffe }),
      type: fc.constantFrom(FrameType.MSG, FrameType.KEEPALIVE, FrameType.CANCEL, FrameType.EVENT, FrameType.ERROR),
      seq: fc.integer({ min: 0, max: 255 }),
      payload: fc.uint8Array({ maxLength: maxLen }),
    }),
    fc.record({
      cid: fc.constant(CID_BROADCAST),
      type: fc.constant(FrameType.SYNC),
      seq: fc.integer({ min: 0, max: 255 }),
      payload: fc.uint8Array({ maxLength: maxLen }),
    }),
  );

// Garbage: random 64-byte packets, wrong-size transfers, stray continuations.
const garbagePacket = fc.oneof(
  fc.uint8Array({ minLength: 64, maxLength: 64 }),
  fc.uint8Array({ minLength: 0, maxLength: 90 }).filter((p) => p.length !== 64),
  fc.uint8Array({ minLength: 64, maxLength: 64 }).map((p) => {
    p[2] &= 0x7f;
    return p;
  }),
  fc.uint8Array({ minLength: 64, maxLength: 64 }).map((p) => {
    p[2] |= 0x80;
    return p;
  }),
);

t('round trip: random frames of 0..4096 bytes come back intact', () => {
  fc.assert(
    fc.property(validFrame(MAX_MESSAGE), (f) => {
      const out = feed(new Reassembler(), splitFrame(f.cid, f.type, f.seq, f.payload));
      assert.is(out.length, 1);
      assert.is(out[0].kind, ResultKind.FRAME);
      assert.is(out[0].status, Status.OK);
      assert.is(out[0].cid, f.cid);
      assert.is(out[0].type, f.type);
      assert.is(out[0].seq, f.seq);
      assert.ok(sameBytes(out[0].payload, f.payload));
    }),
    { numRuns: 200 },
  );
});

t('resynchronisation: garbage before and between frames never hides a valid frame, never throws', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.array(garbagePacket, { maxLength: 4 }), validFrame(300)), { minLength: 1, maxLength: 6 }),
      fc.array(garbagePacket, { maxLength: 3 }),
      (items, tail) => {
        const rx = new Reassembler();
        const out: FrameResult[] = [];
        for (const [garbage, f] of items) {
          out.push(...feed(rx, garbage));
          out.push(...feed(rx, splitFrame(f.cid, f.type, f.seq, f.payload)));
        }
        out.push(...feed(rx, tail));
        for (const r of out) {
          if (r.kind === ResultKind.ERROR) assert.ok(FRAME_STATUSES.includes(r.status), 'FRAME_* status');
          else assert.is(r.kind, ResultKind.FRAME);
        }
        // Every valid frame comes out, in order (garbage may at worst add frames).
        const got = frames(out);
        let k = 0;
        for (const [, f] of items) {
          while (
            k < got.length &&
            !(got[k].cid === f.cid && got[k].type === f.type && got[k].seq === f.seq && sameBytes(got[k].payload, f.payload))
          )
            k++;
          assert.ok(k < got.length, 'valid frame delivered in order');
          k++;
        }
      },
    ),
    { numRuns: 300 },
  );
});

t('resynchronisation with a channel filter: frames on the open channel all come out', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 0xfffe }),
      fc.array(fc.tuple(fc.array(garbagePacket, { maxLength: 3 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 200 })), {
        minLength: 1,
        maxLength: 5,
      }),
      (cid, items) => {
        const rx = new Reassembler({ cid });
        const out: FrameResult[] = [];
        for (const [garbage, seq, payload] of items) {
          out.push(...feed(rx, garbage));
          out.push(...feed(rx, splitFrame(cid, FrameType.MSG, seq, payload)));
        }
        for (const r of out) if (r.kind === ResultKind.ERROR) assert.ok(FRAME_STATUSES.includes(r.status));
        const got = frames(out).filter((r) => r.cid === cid);
        let k = 0;
        for (const [, seq, payload] of items) {
          while (k < got.length && !(got[k].seq === seq && sameBytes(got[k].payload, payload))) k++;
          assert.ok(k < got.length, 'frame delivered');
          k++;
        }
        for (const r of frames(out)) assert.ok(r.cid === cid || r.cid === CID_BROADCAST, 'only the open channel or broadcast');
      },
    ),
    { numRuns: 200 },
  );
});

t('random byte packets never throw and give only NONE, FRAME or FRAME_* errors', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 80 }), { maxLength: 30 }), fc.option(fc.integer({ min: 1, max: 0xffff })), (packets, cid) => {
      const rx = new Reassembler(cid === null ? undefined : { cid });
      for (const p of packets) {
        for (let r = rx.push(p); r.kind !== ResultKind.NONE; r = rx.next()) {
          if (r.kind === ResultKind.ERROR) assert.ok(FRAME_STATUSES.includes(r.status));
          else {
            assert.is(r.kind, ResultKind.FRAME);
            assert.ok(r.payload !== null && r.payload.length <= MAX_MESSAGE);
          }
        }
      }
    }),
    { numRuns: 500 },
  );
});

t('a dropped continuation packet yields FRAME_SEQUENCE for that frame and the next frame is received', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 55, max: 1500 }),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
      fc.uint8Array({ maxLength: 200 }),
      (lenA, pick, seqA, payloadB) => {
        const a = splitFrame(0x0a0a, FrameType.MSG, seqA, bytes(lenA, 1));
        const drop = 1 + (pick % (a.length - 1));
        const sent = a.filter((_, i) => i !== drop);
        const b = splitFrame(0x0a0a, FrameType.MSG, (seqA + 1) & 0xff, payloadB);
        const out = feed(new Reassembler(), sent.concat(b));
        const seqErr = out.filter((r) => r.kind === ResultKind.ERROR && r.status === Status.FRAME_SEQUENCE);
        assert.is(seqErr.length, 1);
        assert.is(seqErr[0].cid, 0x0a0a);
        assert.is(seqErr[0].seq, seqA);
        assert.is(seqErr[0].type, FrameType.MSG);
        for (const s of errors(out)) assert.ok(s === Status.FRAME_SEQUENCE || s === Status.FRAME_UNEXPECTED);
        const got = frames(out);
        assert.is(got.length, 1);
        assert.is(got[0].seq, (seqA + 1) & 0xff);
        assert.ok(sameBytes(got[0].payload, payloadB));
      },
    ),
    { numRuns: 200 },
  );
});

t('a flipped payload bit yields FRAME_CRC and no frame', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 600 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (len, pick, bit) => {
      const payload = bytes(len, 7);
      const ps = splitFrame(0x0042, FrameType.MSG, 3, payload);
      const at = pick % len;
      const packet = at < 54 ? 0 : 1 + (((at - 54) / 60) | 0);
      const offset = at < 54 ? 10 + at : 4 + ((at - 54) % 60);
      ps[packet][offset] ^= 1 << bit;
      const out = feed(new Reassembler(), ps);
      assert.is(out.length, 1);
      assert.is(out[0].kind, ResultKind.ERROR);
      assert.is(out[0].status, Status.FRAME_CRC);
      assert.is(out[0].cid, 0x0042);
      assert.is(out[0].seq, 3);
    }),
    { numRuns: 200 },
  );
});

t('a wrong-size transfer is FRAME_INVALID and does not disturb a partial frame', () => {
  const ps = splitFrame(0x0101, FrameType.MSG, 1, bytes(150, 3));
  for (const n of [0, 1, 63, 65, 128]) {
    const out = feed(new Reassembler(), [ps[0], new Uint8Array(n), ps[1], ps[2]]);
    assert.equal(errors(out), [Status.FRAME_INVALID]);
    assert.is(out[0].cid, -1);
    assert.is(frames(out).length, 1);
  }
  const rx = new Reassembler();
  assert.is(rx.push(null as unknown as Uint8Array).status, Status.FRAME_INVALID);
});

t('LEN above MAX_MESSAGE (or the configured maxMessage) is FRAME_LENGTH and starts nothing', () => {
  const p = splitFrame(0x0101, FrameType.MSG, 1, new Uint8Array(0))[0];
  for (const len of [4097, 0x8000, 0xffff]) {
    const q = p.slice();
    q[4] = len >> 8;
    q[5] = len & 0xff;
    const rx = new Reassembler();
    const r = rx.push(q);
    assert.is(r.status, Status.FRAME_LENGTH);
    assert.is(r.cid, 0x0101);
    assert.is(r.seq, 1);
    assert.not.ok(rx.assembling());
  }
  const small = new Reassembler({ maxMessage: 1024 });
  assert.is(feed(small, splitFrame(0x0101, FrameType.MSG, 1, new Uint8Array(1024))).length, 1);
  assert.equal(errors(feed(small, splitFrame(0x0101, FrameType.MSG, 1, new Uint8Array(1025)).slice(0, 1))), [Status.FRAME_LENGTH]);
});

t('unknown type is FRAME_INVALID; CID 0x0000 is FRAME_INVALID', () => {
  const p = splitFrame(0x0101, FrameType.MSG, 1, new Uint8Array(2))[0];
  for (const b2 of [0x80, 0x86, 0xbe, 0xff]) {
    const q = p.slice();
    q[2] = b2;
    const r = new Reassembler().push(q);
    assert.is(r.status, Status.FRAME_INVALID);
    assert.is(r.type, b2 & 0x7f);
  }
  const z = p.slice();
  z[0] = 0;
  z[1] = 0;
  assert.is(new Reassembler().push(z).status, Status.FRAME_INVALID);
});

t('SYNC only on broadcast; on broadcast only SYNC and ERROR', () => {
  const sync = splitFrame(CID_BROADCAST, FrameType.SYNC, 0, encodeSyncRequest(new Uint8Array(8), 1))[0];
  const onChannel = sync.slice();
  onChannel[0] = 0x00;
  onChannel[1] = 0x07;
  assert.is(new Reassembler().push(onChannel).status, Status.FRAME_CHANNEL);
  const msgOnBroadcast = sync.slice();
  msgOnBroadcast[2] = 0x81;
  assert.is(new Reassembler().push(msgOnBroadcast).status, Status.FRAME_CHANNEL);
  assert.is(new Reassembler().push(sync).kind, ResultKind.FRAME);
  assert.is(feed(new Reassembler(), splitFrame(CID_BROADCAST, FrameType.ERROR, 0, new Uint8Array([0x10])))[0].kind, ResultKind.FRAME);
});

t('stray continuation while idle is FRAME_UNEXPECTED', () => {
  const ps = splitFrame(0x0101, FrameType.MSG, 4, bytes(100, 0));
  const rx = new Reassembler();
  const r = rx.push(ps[1]);
  assert.is(r.status, Status.FRAME_UNEXPECTED);
  assert.is(r.cid, 0x0101);
  assert.is(r.seq, 4);
  assert.is(r.type, -1);
  assert.not.ok(rx.assembling());
});

t('continuation with wrong INDEX, SEQ or (unfiltered) CID abandons the frame with FRAME_SEQUENCE', () => {
  const ps = splitFrame(0x0101, FrameType.MSG, 4, bytes(200, 0));
  const mutate = [(p: Uint8Array) => (p[2] = 1), (p: Uint8Array) => (p[3] = 5), (p: Uint8Array) => (p[1] = 2)];
  for (const m of mutate) {
    const bad = ps[1].slice();
    m(bad);
    const rx = new Reassembler();
    const out = feed(rx, [ps[0], bad]);
    assert.equal(errors(out), [Status.FRAME_SEQUENCE]);
    assert.is(out[0].cid, 0x0101);
    assert.is(out[0].seq, 4);
    assert.not.ok(rx.assembling());
    assert.equal(errors(feed(rx, [ps[2]])), [Status.FRAME_UNEXPECTED]);
  }
});

t('an init packet abandoning a partial frame: both results, in order, none lost even without next()', () => {
  const a = splitFrame(0x0101, FrameType.MSG, 1, bytes(100, 0));
  const b = splitFrame(0x0101, FrameType.MSG, 2, new Uint8Array([0xa0]));
  const c = splitFrame(0x0101, FrameType.MSG, 3, new Uint8Array([0xa1]));
  const rx = new Reassembler();
  assert.is(rx.push(a[0]).kind, ResultKind.NONE);
  const first = rx.push(b[0]);
  assert.is(first.status, Status.FRAME_SEQUENCE);
  assert.is(first.seq, 1);
  // Not draining: the queued frame comes out of the next push, before c.
  const second = rx.push(c[0]);
  assert.is(second.kind, ResultKind.FRAME);
  assert.is(second.seq, 2);
  const third = rx.next();
  assert.is(third.seq, 3);
  assert.is(rx.next().kind, ResultKind.NONE);
  // An invalid init also abandons the partial frame: two errors.
  const bad = b[0].slice();
  bad[2] = 0x86;
  rx.push(a[0]);
  assert.is(rx.push(bad).status, Status.FRAME_SEQUENCE);
  assert.is(rx.next().status, Status.FRAME_INVALID);
  assert.not.ok(rx.assembling());
});

t('channel filter: other channels are FRAME_CHANNEL and ignored without abandoning', () => {
  const rx = new Reassembler({ cid: 0x0101 });
  assert.is(rx.channel(), 0x0101);
  const mine = splitFrame(0x0101, FrameType.MSG, 1, bytes(130, 5));
  const other = splitFrame(0x0202, FrameType.MSG, 1, bytes(130, 6));
  const out = feed(rx, [mine[0], other[0], other[1], mine[1], other[2], mine[2]]);
  assert.equal(errors(out), [Status.FRAME_CHANNEL, Status.FRAME_CHANNEL, Status.FRAME_CHANNEL]);
  assert.is(out[0].cid, 0x0202);
  assert.is(out[0].type, FrameType.MSG);
  assert.is(out[1].type, -1);
  assert.is(frames(out).length, 1);
  assert.ok(sameBytes(frames(out)[0].payload, bytes(130, 5)));
  // Broadcast SYNC passes, and abandons a partial frame.
  const sync = splitFrame(CID_BROADCAST, FrameType.SYNC, 9, encodeSyncRequest(new Uint8Array(8), 1));
  const out2 = feed(rx, [mine[0], sync[0]]);
  assert.equal(out2.map((r) => r.kind), [ResultKind.ERROR, ResultKind.FRAME]);
  assert.is(out2[1].cid, CID_BROADCAST);
  // A continuation on broadcast when not assembling a broadcast frame is FRAME_CHANNEL.
  const strayB = new Uint8Array(64);
  strayB[0] = 0xff;
  strayB[1] = 0xff;
  assert.is(rx.push(strayB).status, Status.FRAME_CHANNEL);
  // setChannel switches the filter; undefined accepts every channel.
  rx.setChannel(0x0202);
  assert.is(feed(rx, other)[0].kind, ResultKind.FRAME);
  assert.is(feed(rx, mine)[0].status, Status.FRAME_CHANNEL);
  rx.setChannel(undefined);
  assert.is(rx.channel(), undefined);
  assert.is(feed(rx, mine)[0].kind, ResultKind.FRAME);
});

t('a broadcast filter (host before SYNC) accepts only broadcast SYNC/ERROR frames', () => {
  const rx = new Reassembler({ cid: CID_BROADCAST });
  assert.is(feed(rx, splitFrame(0x0101, FrameType.MSG, 0, new Uint8Array(1)))[0].status, Status.FRAME_CHANNEL);
  const r = feed(rx, splitFrame(CID_BROADCAST, FrameType.SYNC, 0, new Uint8Array(14)));
  assert.is(r[0].kind, ResultKind.FRAME);
});

t('multi-packet broadcast frames reassemble under a filter', () => {
  const rx = new Reassembler({ cid: 0x0101 });
  const big = bytes(100, 9);
  const out = feed(rx, splitFrame(CID_BROADCAST, FrameType.SYNC, 0, big));
  assert.is(out.length, 1);
  assert.ok(sameBytes(out[0].payload, big));
});

t('reset drops the partial frame and queued results', () => {
  const a = splitFrame(0x0101, FrameType.MSG, 1, bytes(100, 0));
  const b = splitFrame(0x0101, FrameType.MSG, 2, new Uint8Array(0));
  const rx = new Reassembler();
  rx.push(a[0]);
  assert.ok(rx.assembling());
  rx.push(b[0]); // FRAME_SEQUENCE returned, frame b queued
  rx.reset();
  assert.is(rx.next().kind, ResultKind.NONE);
  rx.push(a[0]);
  rx.reset();
  assert.not.ok(rx.assembling());
  assert.is(rx.push(a[1]).status, Status.FRAME_UNEXPECTED);
});

t('delivered payloads are distinct buffers of exactly LEN bytes', () => {
  const rx = new Reassembler();
  const r1 = feed(rx, splitFrame(0x0101, FrameType.MSG, 1, bytes(70, 1)))[0];
  const r2 = feed(rx, splitFrame(0x0101, FrameType.MSG, 2, bytes(70, 2)))[0];
  assert.is(r1.payload!.length, 70);
  assert.ok(sameBytes(r1.payload, bytes(70, 1)));
  assert.ok(sameBytes(r2.payload, bytes(70, 2)));
  assert.is.not(r1.payload!.buffer, r2.payload!.buffer);
});

t.run();
