import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import {
  CAP_EVENTS,
  CAP_PINPAD,
  CID_BROADCAST,
  FrameType,
  MAX_MESSAGE,
  Progress,
  Reassembler,
  ResultKind,
  decodeKeepalive,
  encodeErrorFrame,
  encodeKeepalive,
  encodeSyncRequest,
  encodeSyncResponse,
  errorReplyFor,
  parseErrorPayload,
  parseSyncRequest,
  parseSyncResponse,
  sameNonce,
  splitFrame,
  type FrameResult,
} from '../../protocol/framing/index.js';
import { fromHex, toHex } from './hex.js';

const t = suite('framing/payloads');

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

t('keepalive progress codes and encoding', () => {
  assert.equal(
    [Progress.WAITING_FOR_CARD, Progress.READING_CARD, Progress.WAITING_FOR_PIN, Progress.PROCESSING, Progress.REMOVE_CARD],
    [1, 2, 3, 4, 5],
  );
  assert.is(toHex(encodeKeepalive(Progress.WAITING_FOR_PIN, 3)), '0303');
  assert.is(toHex(encodeKeepalive(Progress.PROCESSING)), '0400');
  assert.equal(decodeKeepalive(fromHex('0302')), { progress: 3, detail: 2 });
  assert.equal(decodeKeepalive(fromHex('09ffaa')), { progress: 9, detail: 0xff }, 'unknown code kept, extra bytes ignored');
  throwsCode(() => decodeKeepalive(fromHex('03')), Status.FRAME_INVALID);
  throwsCode(() => decodeKeepalive(fromHex('0000')), Status.FRAME_INVALID);
  throwsCode(() => encodeKeepalive(0), Status.BAD_REQUEST);
  throwsCode(() => encodeKeepalive(256), Status.BAD_REQUEST);
  throwsCode(() => encodeKeepalive(1, 256), Status.BAD_REQUEST);
  throwsCode(() => encodeKeepalive(1, -1), Status.BAD_REQUEST);
});

t('keepalive round trip', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 255 }), (p, d) => {
      assert.equal(decodeKeepalive(encodeKeepalive(p, d)), { progress: p, detail: d });
    }),
  );
});

t('SYNC request encode/parse', () => {
  const nonce = fromHex('0011223344556677');
  const req = encodeSyncRequest(nonce, 1);
  assert.is(toHex(req), '001122334455667701');
  const p = parseSyncRequest(req);
  assert.ok(sameNonce(p.nonce, nonce));
  assert.is(p.version, 1);
  assert.is(parseSyncRequest(fromHex('00112233445566770200')).version, 2, 'longer payload: extra ignored');
  throwsCode(() => parseSyncRequest(fromHex('0011223344556677')), Status.FRAME_INVALID);
  throwsCode(() => parseSyncRequest(fromHex('001122334455667700')), Status.FRAME_INVALID);
  throwsCode(() => encodeSyncRequest(new Uint8Array(7), 1), Status.BAD_REQUEST);
  throwsCode(() => encodeSyncRequest(nonce, 0), Status.BAD_REQUEST);
});

t('SYNC response encode/parse and field checks', () => {
  const nonce = fromHex('0102030405060708');
  const r = { nonce, cid: 0xbeef, version: 1, maxMessage: 2048, capabilities: CAP_EVENTS | CAP_PINPAD };
  const enc = encodeSyncResponse(r);
  assert.is(toHex(enc), '0102030405060708' + 'beef' + '01' + '0800' + '03');
  const back = parseSyncResponse(enc);
  assert.equal({ ...back, nonce: toHex(back.nonce) }, { ...r, nonce: toHex(nonce) });
  for (const bad of [
    { cid: 0 },
    { cid: CID_BROADCAST },
    { version: 0 },
    { maxMessage: 1023 },
    { maxMessage: MAX_MESSAGE + 1 },
    { capabilities: 256 },
  ])
    throwsCode(() => encodeSyncResponse({ ...r, ...bad }), Status.BAD_REQUEST);
  for (const [at, v] of [[8, 0x00, 9, 0x00], [8, 0xff, 9, 0xff], [10, 0], [11, 0x03]] as number[][]) {
    const m = enc.slice();
    m[at] = v;
    if (at === 8) m[9] = v;
    throwsCode(() => parseSyncResponse(m), Status.FRAME_INVALID);
  }
  throwsCode(() => parseSyncResponse(enc.subarray(0, 13)), Status.FRAME_INVALID);
  assert.ok(sameNonce(nonce, fromHex('0102030405060708')));
  assert.not.ok(sameNonce(nonce, fromHex('0102030405060709')));
  assert.not.ok(sameNonce(nonce, fromHex('01020304050607')));
});

t('ERROR frame encode/parse', () => {
  const p = encodeErrorFrame(0x1234, 7, Status.FRAME_CRC);
  assert.is(p.length, 64);
  assert.is(toHex(p.subarray(0, 11)), '1234bf070001b8b2cf7f11');
  const out = new Reassembler().push(p);
  assert.is(out.kind, ResultKind.FRAME);
  assert.is(out.type, FrameType.ERROR);
  assert.is(parseErrorPayload(out.payload!), Status.FRAME_CRC);
  throwsCode(() => parseErrorPayload(new Uint8Array(0)), Status.FRAME_INVALID);
  throwsCode(() => encodeErrorFrame(0, 0, 0x10), Status.BAD_REQUEST);
  throwsCode(() => encodeErrorFrame(1, 0, 0x100), Status.BAD_REQUEST);
});

t('errorReplyFor: which reassembler errors a reader answers', () => {
  const r = (status: number, cid: number, type: number, seq: number, kind = ResultKind.ERROR): FrameResult => ({
    kind,
    status,
    cid,
    type,
    seq,
    payload: null,
  });
  const reply = errorReplyFor(r(Status.FRAME_CRC, 0x1234, FrameType.MSG, 7));
  assert.ok(reply);
  assert.is(toHex(reply!), toHex(encodeErrorFrame(0x1234, 7, Status.FRAME_CRC)));
  assert.ok(errorReplyFor(r(Status.FRAME_SEQUENCE, 0x1234, FrameType.MSG, 7)));
  assert.ok(errorReplyFor(r(Status.FRAME_LENGTH, 0x1234, FrameType.MSG, 7)));
  assert.ok(errorReplyFor(r(Status.FRAME_INVALID, 0x1234, 0x06, 7)));
  assert.ok(errorReplyFor(r(Status.FRAME_CHANNEL, 0x0777, FrameType.MSG, 7)), 'stale channel init is told');
  assert.is(errorReplyFor(r(Status.FRAME_CHANNEL, 0x0777, -1, 7)), null, 'continuations are not answered');
  assert.is(errorReplyFor(r(Status.FRAME_UNEXPECTED, 0x1234, -1, 7)), null);
  assert.is(errorReplyFor(r(Status.FRAME_INVALID, -1, -1, -1)), null);
  assert.is(errorReplyFor(r(Status.FRAME_INVALID, 0, FrameType.MSG, 1)), null);
  assert.is(errorReplyFor(r(Status.FRAME_CRC, 0x1234, FrameType.ERROR, 7)), null, 'never answer an ERROR with an ERROR');
  assert.is(errorReplyFor(r(Status.OK, 0x1234, FrameType.MSG, 7, ResultKind.FRAME)), null);
  assert.is(errorReplyFor(r(Status.OK, -1, -1, -1, ResultKind.NONE)), null);
  // A CRC error on a broadcast SYNC is answered on the broadcast channel.
  const sync = splitFrame(CID_BROADCAST, FrameType.SYNC, 3, encodeSyncRequest(new Uint8Array(8), 1))[0];
  sync[10] ^= 1;
  const e = new Reassembler().push(sync);
  assert.is(toHex(errorReplyFor(e)!), toHex(encodeErrorFrame(CID_BROADCAST, 3, Status.FRAME_CRC)));
});

t.run();
