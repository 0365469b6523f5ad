/** protocol/bytes: UTF-8, hex and byte helpers against Node's own implementations. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { utf8Decode, utf8DecodeRange, utf8Encode, utf8Length } from '../../protocol/bytes/utf8.js';
import { fromHex, toHex } from '../../protocol/bytes/hex.js';
import { bytesEqual, concat, copyBytes } from '../../protocol/bytes/bytes.js';
import { isCodedError } from '../../protocol/errors.js';
import { Status } from '../../protocol/status.js';

const test = suite('bytes');
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function code(f: () => unknown): number | null {
  try {
    f();
    return null;
  } catch (e) {
    return isCodedError(e) ? e.code : -1;
  }
}

test('utf8Encode matches TextEncoder for every well-formed string', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()), (s) => {
      const ours = utf8Encode(s);
      assert.is(toHex(ours), Buffer.from(s, 'utf8').toString('hex'));
      assert.is(utf8Length(s), ours.length);
      assert.is(utf8Decode(ours), s);
    }),
    { numRuns: 500 },
  );
});

test('utf8Encode rejects lone surrogates', () => {
  for (const s of ['\ud800', '\udfff', 'a\ud83d', '\ude00b', '\udc00\ud800']) {
    assert.is(utf8Length(s), -1, JSON.stringify(s));
    assert.is(code(() => utf8Encode(s)), Status.BAD_REQUEST);
  }
  assert.is(utf8Length('\ud83d\ude00'), 4);
});

test('utf8DecodeRange accepts exactly what a fatal TextDecoder accepts', () => {
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x9f, 0xa0, 0x8f, 0x90));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 12 }), (arr) => {
      const bytes = Uint8Array.from(arr);
      let expected: string | null;
      try {
        expected = strict.decode(bytes);
      } catch {
        expected = null;
      }
      assert.is(utf8DecodeRange(bytes, 0, bytes.length), expected, toHex(bytes));
    }),
    { numRuns: 5000 },
  );
});

test('utf8DecodeRange respects its range and utf8Decode throws on invalid input', () => {
  const b = fromHex('41c3a942');
  assert.is(utf8DecodeRange(b, 1, 3), '\u00e9');
  assert.is(utf8DecodeRange(b, 0, 2), null, 'sequence cut by the range end');
  assert.is(code(() => utf8Decode(fromHex('eda080'))), Status.BAD_REQUEST);
});

test('hex round trip and errors', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 50 }), (b) => {
      const h = toHex(b);
      assert.is(h, Buffer.from(b).toString('hex'));
      assert.ok(bytesEqual(fromHex(h), b));
      assert.ok(bytesEqual(fromHex(h.toUpperCase()), b));
    }),
  );
  assert.is(code(() => fromHex('abc')), Status.BAD_REQUEST);
  assert.is(code(() => fromHex('0g')), Status.BAD_REQUEST);
  assert.is(code(() => fromHex(' 0')), Status.BAD_REQUEST);
});

test('bytesEqual, concat, copyBytes', () => {
  assert.ok(bytesEqual(new Uint8Array(0), new Uint8Array(0)));
  assert.not.ok(bytesEqual(fromHex('0102'), fromHex('0103')));
  assert.not.ok(bytesEqual(fromHex('01'), fromHex('0100')));
  assert.is(toHex(concat([fromHex('01'), new Uint8Array(0), fromHex('0203')])), '010203');
  const src = fromHex('00112233');
  const c = copyBytes(src, 1, 3);
  src[1] = 0xff;
  assert.is(toHex(c), '1122');
  assert.is(toHex(copyBytes(src)), '00ff2233');
});

test.run();
