/** PN532 host frames: golden bytes, checksums, ACK/NACK/error, extended frames, properties. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  ACK_FRAME,
  ERROR_FRAME,
  FrameKind,
  NACK_FRAME,
  encodeFrame,
  encodeFrameInto,
  frameSize,
  parseFrame,
} from '../../firmware/drivers/pn532/index.js';
import { chipFrame, readHostFrame } from '../../simulator/hw/pn532/index.js';
import { isCodedError } from '../../protocol/errors.js';
import { Status } from '../../protocol/status.js';
import { hex, unhex } from './fake-card.js';

const test = suite('pn532/frame');

function codeOf(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (isCodedError(e)) return e.code;
    throw e;
  }
  return -1;
}

test('golden host frames: GetFirmwareVersion, SAMConfiguration, InListPassiveTarget, InDataExchange', () => {
  assert.is(hex(encodeFrame(0x02)), '0000ff02fed4022a00');
  assert.is(hex(encodeFrame(0x14, unhex('011401'))), '0000ff05fbd414011401' + '0200');
  assert.is(hex(encodeFrame(0x4a, unhex('0100'))), '0000ff04fcd44a0100e100');
  assert.is(hex(encodeFrame(0x4a, unhex('0200'))), '0000ff04fcd44a0200e000');
  // InDataExchange Tg 1, APDU 00 A4 04 00 00
  assert.is(hex(encodeFrame(0x40, unhex('0100a4040000'))), '0000ff08f8d440' + '0100a4040000' + '4300');
});

test('the fixed frames have their manual bytes', () => {
  assert.is(hex(ACK_FRAME), '0000ff00ff00');
  assert.is(hex(NACK_FRAME), '0000ffff0000');
  assert.is(hex(ERROR_FRAME), '0000ff01ff7f8100');
});

test('parse a GetFirmwareVersion response (PN532 v1.6)', () => {
  const f = parseFrame(unhex('0000ff06fad50332010607e800'));
  assert.is(f.kind, FrameKind.Data);
  assert.is(f.tfi, 0xd5);
  assert.is(f.code, 0x03);
  assert.is(hex(f.data), '32010607');
  assert.is(f.end, 12);
});

test('parse ACK, NACK and the error frame; preamble of several zeros; offset start', () => {
  assert.is(parseFrame(ACK_FRAME).kind, FrameKind.Ack);
  assert.is(parseFrame(NACK_FRAME).kind, FrameKind.Nack);
  assert.is(parseFrame(ERROR_FRAME).kind, FrameKind.Error);
  assert.is(parseFrame(unhex('000000000000ff00ff00')).kind, FrameKind.Ack);
  assert.is(parseFrame(unhex('01' + '0000ff00ff00'), 1).kind, FrameKind.Ack);
  // postamble missing: still an ACK (a short read may cut it)
  assert.is(parseFrame(unhex('0000ff00ff')).kind, FrameKind.Ack);
});

test('checksum failures: LCS, DCS, extended LCS', () => {
  assert.is(codeOf(() => parseFrame(unhex('0000ff06fbd50332010607e800'))), Status.FRAME_CRC);
  assert.is(codeOf(() => parseFrame(unhex('0000ff06fad50332010607e900'))), Status.FRAME_CRC);
  assert.is(codeOf(() => parseFrame(unhex('0000ff06fad50332010608e800'))), Status.FRAME_CRC);
  assert.is(codeOf(() => parseFrame(unhex('0000ffffff0108f8'))), Status.FRAME_CRC);
});

test('malformed frames: no start code, empty, unknown TFI, error frame with payload, no command code', () => {
  assert.is(codeOf(() => parseFrame(unhex(''))), Status.FRAME_INVALID);
  assert.is(codeOf(() => parseFrame(unhex('00000000'))), Status.FRAME_INVALID);
  assert.is(codeOf(() => parseFrame(unhex('ff00ff00'))), Status.FRAME_INVALID); // no zero before FF
  assert.is(codeOf(() => parseFrame(unhex('0000fe00ff00'))), Status.FRAME_INVALID);
  assert.is(codeOf(() => parseFrame(unhex('0000ff0000'))), Status.FRAME_INVALID); // LEN 0, LCS 0
  assert.is(codeOf(() => parseFrame(unhex('0000ff02feaa0254'))), Status.FRAME_INVALID); // TFI AA
  assert.is(codeOf(() => parseFrame(unhex('0000ff02fe7f0180'))), Status.FRAME_INVALID); // error frame + byte
  assert.is(codeOf(() => parseFrame(unhex('0000ff01ffd52b'))), Status.FRAME_INVALID); // TFI without PD0
});

test('truncated frames: FRAME_LENGTH with the size needed in `at`', () => {
  const full = unhex('0000ff06fad50332010607e800');
  try {
    parseFrame(full.subarray(0, 9));
    assert.unreachable();
  } catch (e) {
    assert.ok(isCodedError(e));
    assert.is(e.code, Status.FRAME_LENGTH);
    assert.is(e.at, full.length);
  }
  // with an I2C status byte before the frame, `at` counts from `start`
  const withStatus = unhex('01' + '0000ff06fad50332010607e800').subarray(0, 8);
  try {
    parseFrame(withStatus, 1);
    assert.unreachable();
  } catch (e) {
    assert.ok(isCodedError(e));
    assert.is(e.at, full.length);
  }
  assert.is(codeOf(() => parseFrame(unhex('0000ff'))), Status.FRAME_LENGTH);
});

test('extended frames: encoded over 255 bytes of payload, parsed back, limited to 265', () => {
  const apdu = new Uint8Array(262).map((_, i) => i & 0xff);
  const data = new Uint8Array(263);
  data[0] = 0x01;
  data.set(apdu, 1);
  const frame = encodeFrame(0x40, data);
  assert.is(frame.length, 265 + 10);
  assert.is(hex(frame.subarray(0, 8)), '0000ffffff0109f6'); // LENGTH 0x0109 = 265
  const f = parseFrame(frame);
  assert.is(f.kind, FrameKind.Data);
  assert.is(f.code, 0x40);
  assert.equal(Array.from(f.data), Array.from(data));
  assert.is(codeOf(() => encodeFrame(0x40, new Uint8Array(264))), Status.MESSAGE_TOO_LONG);
  // a normal-length payload may also be sent as an extended frame
  assert.is(parseFrame(unhex('0000ffffff0002fed4022a00')).code, 0x02);
  // declared extended length 266: rejected
  assert.is(codeOf(() => parseFrame(unhex('0000ffffff010af5'))), Status.FRAME_INVALID);
});

test('encodeFrameInto: reports a too small buffer as INTERNAL and writes exactly frameSize bytes', () => {
  assert.is(codeOf(() => encodeFrameInto(new Uint8Array(8), 0xd4, 0x02, null, null)), Status.INTERNAL);
  const out = new Uint8Array(40).fill(0xee);
  const n = encodeFrameInto(out, 0xd4, 0x4a, unhex('02'), unhex('00'));
  assert.is(n, frameSize(4));
  assert.is(hex(out.subarray(0, n)), '0000ff04fcd44a0200e000');
  assert.is(out[n], 0xee);
});

test('property: encode then parse gives back the command and data (normal and extended)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 263 }), (cmd, data) => {
      const frame = encodeFrame(cmd, data);
      assert.is(frame.length, frameSize(2 + data.length));
      const f = parseFrame(frame);
      assert.is(f.kind, FrameKind.Data);
      assert.is(f.tfi, 0xd4);
      assert.is(f.code, cmd);
      assert.equal(Array.from(f.data), Array.from(data));
      assert.is(f.end, frame.length - 1);
    }),
  );
});

test('property: the firmware codec and the virtual chip codec agree both ways', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 263 }), (cmd, data) => {
      const h = readHostFrame(encodeFrame(cmd, data));
      assert.is(h.type, 'command');
      if (h.type === 'command') {
        assert.is(h.tfi, 0xd4);
        assert.equal(Array.from(h.payload), [cmd, ...data]);
      }
      const payload = Uint8Array.of(cmd, ...data);
      const f = parseFrame(chipFrame(payload));
      assert.is(f.tfi, 0xd5);
      assert.is(f.code, cmd);
      assert.equal(Array.from(f.data), Array.from(data));
    }),
  );
});

test('property: one flipped bit in a frame is never accepted as the same frame', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (data, pos, bit) => {
      const frame = encodeFrame(0x40, data);
      const i = 3 + (pos % (frame.length - 4)); // from LEN to DCS
      frame[i] ^= 1 << bit;
      try {
        const f = parseFrame(frame);
        // only a flip that still checks could pass; then it cannot be the same frame
        assert.ok(f.kind !== FrameKind.Data || f.code !== 0x40 || hex(f.data) !== hex(data));
      } catch (e) {
        assert.ok(isCodedError(e));
      }
    }),
  );
});

test('property: arbitrary bytes give a frame or a coded FRAME_* error, never anything else', () => {
  const frameCodes = [Status.FRAME_INVALID, Status.FRAME_CRC, Status.FRAME_LENGTH];
  fc.assert(
    fc.property(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.of(0, 0, 0xff, ...b)),
        fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.of(0, 0, 0xff, 0xff, 0xff, ...b)),
      ),
      (bytes) => {
        try {
          const f = parseFrame(bytes);
          assert.ok(f.end <= bytes.length);
          assert.ok(f.kind >= FrameKind.Ack && f.kind <= FrameKind.Data);
        } catch (e) {
          assert.ok(isCodedError(e));
          assert.ok(frameCodes.includes(e.code), `unexpected code ${e.code}`);
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test.run();
