/**
 * firmware/usb/precomputed.ts is what the generator gives today, and
 * answerControlRequest (precomputed bytes, patched per reader) answers exactly
 * what the generator functions give, for any reader identity and setup packet.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  answerControlRequest,
  bosDescriptor,
  configurationDescriptor,
  deviceDescriptor,
  msOs20DescriptorSet,
  stringDescriptor,
  urlDescriptor,
  type SetupPacket,
  type UsbIdentity,
} from '../../firmware/usb/index.js';
import { unpackDescriptor } from '../../firmware/usb/packed.js';
import { pack, precomputedSource, PRECOMPUTED_PATH } from './precomputed.js';
import { toHex } from './parse.js';

const test = suite('firmware/usb precomputed descriptors');

test('precomputed.ts is up to date (node --import tsx test/usb/precomputed.ts --write)', () => {
  assert.fixture(readFileSync(PRECOMPUTED_PATH, 'utf8'), precomputedSource());
});

test('pack / unpackDescriptor round trip', () => {
  const id: UsbIdentity = { readerId: new Uint8Array(8), version: { major: 1, minor: 2, patch: 3 } };
  for (const d of [deviceDescriptor(id), configurationDescriptor(), bosDescriptor(), urlDescriptor(1)!, msOs20DescriptorSet(), stringDescriptor(1, id)!]) {
    assert.is(toHex(unpackDescriptor(pack(d))), toHex(d));
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 40 }), (bytes, text) => {
      const utf16 = new Uint8Array(2 * text.length);
      for (let i = 0; i < text.length; i++) {
        utf16[2 * i] = text.charCodeAt(i) & 0xff;
        utf16[2 * i + 1] = text.charCodeAt(i) >> 8;
      }
      const d = new Uint8Array([...bytes, ...utf16, ...bytes]);
      assert.is(toHex(unpackDescriptor(pack(d))), toHex(d));
    }),
    { numRuns: 500 },
  );
});

/** The answer as the generator functions give it (what control.ts answered before the precomputation). */
function reference(s: SetupPacket, id: UsbIdentity): Uint8Array | null {
  let full: Uint8Array | null = null;
  if (s.bmRequestType === 0x80 && s.bRequest === 0x06) {
    const type = s.wValue >> 8;
    const index = s.wValue & 0xff;
    if (type === 3) full = stringDescriptor(index, id);
    else if (index === 0 && type === 1) full = deviceDescriptor(id);
    else if (index === 0 && type === 2) full = configurationDescriptor();
    else if (index === 0 && type === 0x0f) full = bosDescriptor();
  } else if (s.bmRequestType === 0xc0) {
    if (s.bRequest === 0x01 && s.wIndex === 2) full = urlDescriptor(s.wValue);
    if (s.bRequest === 0x02 && s.wIndex === 7 && s.wValue === 0) full = msOs20DescriptorSet();
  }
  return full === null ? null : full.subarray(0, s.wLength);
}

test('property: answerControlRequest answers what the generator gives, for any reader', () => {
  const identity = fc.record(
    {
      readerId: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 8, maxLength: 8 })),
      version: fc.record({ major: fc.integer({ min: 0, max: 99 }), minor: fc.integer({ min: 0, max: 9 }), patch: fc.integer({ min: 0, max: 9 }) }),
      manufacturer: fc.string({ maxLength: 140, unit: 'binary' }),
      product: fc.string({ maxLength: 140 }),
    },
    { requiredKeys: ['readerId', 'version'] },
  );
  const u8 = fc.integer({ min: 0, max: 255 });
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const wLength = fc.oneof(fc.constantFrom(0, 2, 8, 9, 18, 255, 0xffff), u16);
  /** Every request with an answer, and its near misses (one field off). */
  const known = fc.record({
    request: fc.constantFrom<number[]>(
      [0x80, 0x06, 0x0100, 0], [0x80, 0x06, 0x0101, 0], [0x80, 0x06, 0x0200, 0], [0x80, 0x06, 0x0201, 0],
      [0x80, 0x06, 0x0f00, 0], [0x80, 0x06, 0x0f01, 0], [0x80, 0x06, 0x0600, 0], [0x80, 0x06, 0x0700, 0],
      [0x80, 0x06, 0x0300, 0], [0x80, 0x06, 0x0301, 0x0409], [0x80, 0x06, 0x0302, 0x0409], [0x80, 0x06, 0x0303, 0x0409],
      [0x80, 0x06, 0x0304, 0x0409], [0x81, 0x06, 0x0100, 0], [0x80, 0x07, 0x0100, 0],
      [0xc0, 0x01, 1, 2], [0xc0, 0x01, 0, 2], [0xc0, 0x01, 2, 2], [0xc0, 0x01, 1, 7], [0xc1, 0x01, 1, 2],
      [0xc0, 0x02, 0, 7], [0xc0, 0x02, 1, 7], [0xc0, 0x02, 0, 8], [0xc0, 0x02, 0, 2], [0x40, 0x02, 0, 7],
    ),
    wIndex: fc.option(u16, { freq: 3 }),
    wLength: wLength,
  }).map(({ request: r, wIndex: other, wLength }) => ({
    // Strings and the other standard descriptors accept any wIndex; the vendor requests do not.
    bmRequestType: r[0], bRequest: r[1], wValue: r[2], wIndex: other === null || r[0] !== 0x80 ? r[3] : other, wLength,
  }));
  const random = fc.record({ bmRequestType: u8, bRequest: u8, wValue: u16, wIndex: u16, wLength: wLength });
  const setup = fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: random, weight: 1 });
  fc.assert(
    fc.property(identity, setup, (id, s) => {
      const got = answerControlRequest(s, id);
      const want = reference(s, id);
      assert.is(got === null ? 'STALL' : toHex(got), want === null ? 'STALL' : toHex(want));
    }),
    { numRuns: 3000 },
  );
});

test('a version that does not fit bcdDevice is refused with the code the generator throws', () => {
  const id: UsbIdentity = { readerId: new Uint8Array(8), version: { major: 100, minor: 0, patch: 0 } };
  const s: SetupPacket = { bmRequestType: 0x80, bRequest: 0x06, wValue: 0x0100, wIndex: 0, wLength: 18 };
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { code: number }).code;
    }
    return 0;
  };
  const code = codeOf(() => deviceDescriptor(id));
  assert.ok(code !== 0);
  assert.is(codeOf(() => answerControlRequest(s, id)), code);
});

test.run();
