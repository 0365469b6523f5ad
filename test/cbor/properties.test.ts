/** Property tests: both codecs agree on bytes, values and rejections for random input. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Encoder } from 'cbor-x';
import * as firmware from '../../protocol/cbor/index.js';
import * as host from '../../sdk/codec/index.js';
import { Status } from '../../protocol/status.js';
import { bytesEqual } from '../../protocol/bytes/bytes.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { codedFailure } from './codecs.js';
import { profileValue, withoutUndefined } from './arbitraries.js';

const test = suite('cbor properties');

/** Decode `bytes` with both codecs and check they agree; returns 'ok' or the code. */
function agree(bytes: Uint8Array): string {
  let fv: unknown;
  let hv: unknown;
  const ff = codedFailure(() => (fv = firmware.decode(bytes)));
  const hf = codedFailure(() => (hv = host.decode(bytes)));
  const hex = toHex(bytes);
  if (ff || hf) {
    assert.ok(ff && hf, `one codec accepted ${hex}: firmware ${JSON.stringify(ff)} host ${JSON.stringify(hf)}`);
    assert.is(ff!.code, hf!.code, `codes differ for ${hex}`);
    assert.ok(ff!.code === Status.BAD_REQUEST || ff!.code === Status.NON_CANONICAL, `code ${ff!.code} for ${hex}`);
    // malformed <=> the shared well-formedness check says so, at the same offset
    const w = firmware.wellFormed(bytes);
    if (ff!.code === Status.BAD_REQUEST) {
      assert.is(ff!.at, w, `firmware offset for ${hex}`);
      assert.is(hf!.at, w, `host offset for ${hex}`);
    } else assert.is(w, -1, `NON_CANONICAL for malformed ${hex}`);
    return ff!.code === Status.BAD_REQUEST ? 'bad' : 'noncanonical';
  }
  assert.equal(fv, hv, `values differ for ${hex}`);
  assert.ok(bytesEqual(firmware.encode(fv as never), bytes), `accepted non-canonical ${hex}`);
  assert.ok(bytesEqual(host.encode(hv as never), bytes), `host accepted non-canonical ${hex}`);
  return 'ok';
}

test('random values: both encoders give the same bytes, both decoders give the value back', () => {
  fc.assert(
    fc.property(profileValue(5, true), (v) => {
      const a = firmware.encode(v);
      const b = host.encode(v);
      assert.is(toHex(a), toHex(b));
      const expected = withoutUndefined(v);
      assert.equal(firmware.decode(a), expected);
      assert.equal(host.decode(a), expected);
    }),
    { numRuns: 400 },
  );
});

test('random bytes: both decoders accept and reject alike', () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
      seen.add(agree(bytes));
    }),
    { numRuns: 3000 },
  );
  assert.ok(seen.has('bad') && seen.has('noncanonical'), 'random bytes hit both codes');
});

test('short CBOR-ish byte strings: both decoders accept and reject alike', () => {
  // bytes drawn from heads that matter: small ints, 1-byte heads, short strings, containers, simple values
  const b = fc.constantFrom(0x00, 0x01, 0x17, 0x18, 0x19, 0x20, 0x38, 0x40, 0x41, 0x5f, 0x60, 0x61, 0x62, 0x7f, 0x80, 0x81, 0x82, 0x9f,
    0xa0, 0xa1, 0xa2, 0xbf, 0xc0, 0xf4, 0xf6, 0xf7, 0xf8, 0xff, 0xc3, 0xa9, 0xed, 0xa0, 0x1c, 0x1f, 0x1b);
  const seen = new Set<string>();
  fc.assert(
    fc.property(fc.array(b, { maxLength: 10 }), (arr) => {
      seen.add(agree(Uint8Array.from(arr)));
    }),
    { numRuns: 3000 },
  );
  assert.is(seen.size, 3, 'all three outcomes occur');
});

test('mutated valid encodings: both decoders accept and reject alike', () => {
  const mutation = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate', 'append'));
  const seen = new Set<string>();
  fc.assert(
    fc.property(profileValue(4), fc.array(mutation, { minLength: 1, maxLength: 3 }), (v, ms) => {
      let bytes = Array.from(firmware.encode(v));
      for (const [i0, x, kind] of ms) {
        const i = bytes.length ? i0 % bytes.length : 0;
        if (kind === 'flip' && bytes.length) bytes[i] ^= 1 << (x & 7);
        else if (kind === 'set' && bytes.length) bytes[i] = x;
        else if (kind === 'insert') bytes.splice(i, 0, x);
        else if (kind === 'delete') bytes.splice(i, 1);
        else if (kind === 'truncate') bytes = bytes.slice(0, i);
        else bytes.push(x);
      }
      seen.add(agree(Uint8Array.from(bytes)));
    }),
    { numRuns: 1500 },
  );
  assert.is(seen.size, 3, 'all three outcomes occur');
});

test('general CBOR from a default cbor-x encoder (floats, text keys, tags): both decoders agree', () => {
  const generic = new Encoder({ useRecords: false, mapsAsObjects: true });
  const seen = new Set<string>();
  fc.assert(
    fc.property(fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true }), (x) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(generic.encode(x));
      } catch {
        return; // cbor-x cannot encode every JavaScript value
      }
      seen.add(agree(bytes));
    }),
    { numRuns: 800 },
  );
  assert.ok(seen.has('ok') && seen.has('noncanonical'));
});

test('deep nesting in large input is rejected without recursion trouble', () => {
  const deep = new Uint8Array(100001).fill(0x81);
  deep[100000] = 0x00;
  assert.is(agree(deep), 'noncanonical');
  assert.is(agree(deep.subarray(0, 100000)), 'bad');
  const indef = new Uint8Array(100000);
  indef.fill(0x9f, 0, 50000);
  indef.fill(0xff, 50000);
  assert.is(agree(indef), 'noncanonical');
});

test('huge declared lengths are rejected before allocating', () => {
  for (const hex of ['5affffffff', '7affffffff', '9affffffff', 'baffffffff', '9a7fffffff00', 'ba40000000' + '00'.repeat(16)]) {
    const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    assert.is(agree(bytes), 'bad', hex);
  }
});

test.run();
