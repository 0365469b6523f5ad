import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import * as zlib from 'node:zlib';
import { crc32, crc32Range } from '../../protocol/framing/crc32.js';

const t = suite('framing/crc32');
const zcrc = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;

t('check value of "123456789" is 0xCBF43926', () => {
  const data = new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);
  assert.is(crc32(data), 0xcbf43926);
});

t('empty input gives 0 and single bytes give known values', () => {
  assert.is(crc32(new Uint8Array(0)), 0);
  assert.is(crc32(new Uint8Array([0x00])), 0xd202ef8d);
  assert.is(crc32(new Uint8Array([0xff])), 0xff000000);
});

t('result is always an unsigned 32-bit integer equal to zlib crc32', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
      const c = crc32(data);
      assert.ok(c >= 0 && c <= 0xffffffff && c % 1 === 0);
      if (zcrc) assert.is(c, zcrc(data) >>> 0);
    }),
  );
});

t('crc32Range chains: crc(a ++ b) = crc32Range(crc(a), b)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), (a, b) => {
      const ab = new Uint8Array(a.length + b.length);
      ab.set(a, 0);
      ab.set(b, a.length);
      assert.is(crc32Range(crc32(a), b, 0, b.length), crc32(ab));
      assert.is(crc32Range(0, ab, a.length, ab.length), crc32(b));
    }),
  );
});

t.run();
