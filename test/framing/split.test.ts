import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import {
  CID_BROADCAST,
  CONT_DATA,
  FrameType,
  INIT_DATA,
  MAX_MESSAGE,
  PACKET_SIZE,
  crc32,
  packetCount,
  splitFrame,
  writePacket,
} from '../../protocol/framing/index.js';

const t = suite('framing/split');

function throwsCode(fn: () => unknown, code: number): void {
  try {
    fn();
  } catch (e) {
    assert.ok(isCodedError(e), 'a coded error');
    assert.is((e as { code: number }).code, code);
    return;
  }
  assert.unreachable('expected a throw with code ' + code);
}

t('constants match the layout', () => {
  assert.is(PACKET_SIZE, 64);
  assert.is(INIT_DATA, 64 - 10);
  assert.is(CONT_DATA, 64 - 4);
  assert.is(MAX_MESSAGE, 4096);
  assert.is(CID_BROADCAST, 0xffff);
});

t('packetCount at the boundaries', () => {
  assert.is(packetCount(0), 1);
  assert.is(packetCount(1), 1);
  assert.is(packetCount(54), 1);
  assert.is(packetCount(55), 2);
  assert.is(packetCount(114), 2);
  assert.is(packetCount(115), 3);
  assert.is(packetCount(4096), 69);
  throwsCode(() => packetCount(4097), Status.MESSAGE_TOO_LONG);
  throwsCode(() => packetCount(-1), Status.BAD_REQUEST);
});

t('packetCount matches the number of packets and the continuation INDEX never exceeds 0x7F', () => {
  for (let len = 0; len <= MAX_MESSAGE; len += 1 + (len >> 6)) {
    const ps = splitFrame(1, FrameType.MSG, 0, new Uint8Array(len));
    assert.is(ps.length, packetCount(len));
    assert.ok(ps.length - 2 <= 0x7f);
  }
});

t('splitFrame rejects a payload beyond MAX_MESSAGE with MESSAGE_TOO_LONG', () => {
  throwsCode(() => splitFrame(1, FrameType.MSG, 0, new Uint8Array(MAX_MESSAGE + 1)), Status.MESSAGE_TOO_LONG);
});

t('splitFrame rejects bad cid, type, seq and type/channel pairs with BAD_REQUEST', () => {
  const p = new Uint8Array(3);
  throwsCode(() => splitFrame(0, FrameType.MSG, 0, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(0x10000, FrameType.MSG, 0, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(-1, FrameType.MSG, 0, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(1, 0, 0, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(1, 0x06, 0, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(1, 0x81, 0, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(1, FrameType.MSG, 256, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(1, FrameType.MSG, 1.5, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(1, FrameType.SYNC, 0, p), Status.BAD_REQUEST);
  throwsCode(() => splitFrame(CID_BROADCAST, FrameType.MSG, 0, p), Status.BAD_REQUEST);
  assert.is(splitFrame(CID_BROADCAST, FrameType.ERROR, 0, new Uint8Array(1)).length, 1);
  assert.is(splitFrame(CID_BROADCAST, FrameType.SYNC, 0, new Uint8Array(9)).length, 1);
});

t('every packet is 64 bytes, with the header fields and a zero tail', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 0xfffe }),
      fc.integer({ min: 0, max: 255 }),
      fc.uint8Array({ minLength: 0, maxLength: 400 }),
      (cid, seq, payload) => {
        const ps = splitFrame(cid, FrameType.EVENT, seq, payload);
        const crc = crc32(payload);
        ps.forEach((p, i) => {
          assert.is(p.length, 64);
          assert.is((p[0] << 8) | p[1], cid);
          assert.is(p[3], seq);
          const from = i === 0 ? 0 : INIT_DATA + (i - 1) * CONT_DATA;
          const at = i === 0 ? 10 : 4;
          const n = Math.min(payload.length - from, i === 0 ? INIT_DATA : CONT_DATA);
          if (i === 0) {
            assert.is(p[2], 0x85);
            assert.is((p[4] << 8) | p[5], payload.length);
            assert.is(((p[6] << 24) | (p[7] << 16) | (p[8] << 8) | p[9]) >>> 0, crc);
          } else {
            assert.is(p[2], i - 1);
          }
          for (let k = 0; k < n; k++) assert.is(p[at + k], payload[from + k]);
          for (let k = at + n; k < 64; k++) assert.is(p[k], 0);
        });
      },
    ),
  );
});

t('writePacket into a reused dirty buffer produces the same packets as splitFrame', () => {
  const payload = new Uint8Array(200);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 13) & 0xff;
  const ps = splitFrame(0x0102, FrameType.MSG, 9, payload);
  const buf = new Uint8Array(64).fill(0xee);
  const crc = crc32(payload);
  for (let i = 0; i < ps.length; i++) {
    writePacket(buf, i, 0x0102, FrameType.MSG, 9, payload, crc);
    assert.equal(buf, ps[i]);
  }
  throwsCode(() => writePacket(buf, ps.length, 0x0102, FrameType.MSG, 9, payload, crc), Status.BAD_REQUEST);
  throwsCode(() => writePacket(new Uint8Array(63), 0, 0x0102, FrameType.MSG, 9, payload, crc), Status.BAD_REQUEST);
});

t.run();
