/** Every vector of test/vectors/cbor.json through both codecs. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fromHex, fromJson, loadVectors, statusCode, toHex, toJson } from '../vectors/load.js';
import { CODECS, codedFailure } from './codecs.js';

interface Vectors {
  valid: { name: string; hex: string; value: unknown }[];
  invalid: { name: string; hex: string; error: string; at?: number }[];
  encodeOnly: { name: string; hex: string; value: unknown; decoded: unknown }[];
  unencodable: { name: string; value: unknown; error: string }[];
}
const V = loadVectors<Vectors>('cbor');
const test = suite('cbor vectors');

test('the vector file covers every group', () => {
  assert.ok(V.valid.length >= 70);
  assert.ok(V.invalid.filter((v) => v.error === 'BAD_REQUEST').length >= 100);
  assert.ok(V.invalid.filter((v) => v.error === 'NON_CANONICAL').length >= 100);
  assert.ok(V.encodeOnly.length >= 3 && V.unencodable.length >= 20);
});

for (const [name, codec] of CODECS) {
  test(`${name}: valid vectors encode to their hex and decode to their value`, () => {
    for (const v of V.valid) {
      const value = fromJson(v.value);
      assert.is(toHex(codec.encode(value)), v.hex, v.name);
      const back = codec.decode(fromHex(v.hex));
      assert.equal(toJson(back), toJson(value), v.name);
      assert.equal(back, value, v.name);
    }
  });

  test(`${name}: decoded byte strings are plain Uint8Arrays that do not alias the input`, () => {
    const input = fromHex('a2014401020304024105');
    const out = codec.decode(input) as Record<string, Uint8Array>;
    assert.is(Object.getPrototypeOf(out[1]), Uint8Array.prototype);
    input[3] = 0xee;
    assert.is(toHex(out[1]), '01020304');
  });

  test(`${name}: invalid vectors are rejected with their code`, () => {
    for (const v of V.invalid) {
      const f = codedFailure(() => codec.decode(fromHex(v.hex)));
      assert.ok(f, `${v.name}: accepted ${v.hex}`);
      assert.is(f!.code, statusCode(v.error), `${v.name} (${v.hex})`);
      if (v.at !== undefined) assert.is(f!.at, v.at, `${v.name}: offset`);
    }
  });

  test(`${name}: encode-only vectors`, () => {
    for (const v of V.encodeOnly) {
      assert.is(toHex(codec.encode(fromJson(v.value))), v.hex, v.name);
      assert.equal(toJson(codec.decode(fromHex(v.hex))), v.decoded, v.name);
    }
  });

  test(`${name}: values outside the model cannot be encoded`, () => {
    for (const v of V.unencodable) {
      const f = codedFailure(() => codec.encode(fromJson(v.value)));
      assert.ok(f, `${v.name}: encoded`);
      assert.is(f!.code, statusCode(v.error), v.name);
    }
  });

  test(`${name}: JavaScript objects outside the model cannot be encoded`, () => {
    class Point {
      x = 1;
    }
    const nulled = Object.create(null) as Record<string, unknown>;
    nulled['1'] = 2;
    const cases: unknown[] = [
      new Map([[1, 2]]), new Set([1]), new Date(0), new Int8Array(2), new Uint16Array(1), new Uint8ClampedArray(1),
      new ArrayBuffer(2), new Point(), () => 1, Symbol('s'), 10n, /re/, [() => 1], { 1: 10n },
    ];
    for (const c of cases) {
      const f = codedFailure(() => codec.encode(c as never));
      assert.ok(f, `encoded ${String(c?.constructor?.name ?? typeof c)}`);
      assert.is(f!.code, statusCode('BAD_REQUEST'));
    }
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    assert.is(codedFailure(() => codec.encode(cyclic as never))?.code, statusCode('BAD_REQUEST'));
    assert.is(toHex(codec.encode(nulled as never)), 'a10102', 'a null-prototype object is a map');
    assert.is(toHex(codec.encode(Buffer.from([7]))), '4107', 'a Node Buffer is a byte string');
  });
}

test('large values (5-byte heads, scratch buffer growth) encode alike and round-trip', () => {
  const big = new Uint8Array(70000).map((_, i) => i * 7);
  const text = 'é'.repeat(40000);
  const value = { 1: big, 2: text, 3: [big.subarray(0, 300)] };
  const [[, a], [, b]] = CODECS;
  const ea = a.encode(value);
  assert.is(toHex(ea.subarray(0, 6)), 'a3015a000111', 'byte string of 70000 has a 5-byte head');
  assert.is(toHex(ea), toHex(b.encode(value)));
  assert.equal(a.decode(ea), b.decode(ea));
  assert.is(toHex(a.encode([1, 'a'])), '82016161', 'small encode after a large one');
});

test('both codecs give the same offset for every malformed vector', () => {
  const [[, a], [, b]] = CODECS;
  for (const v of V.invalid.filter((x) => x.error === 'BAD_REQUEST')) {
    const fa = codedFailure(() => a.decode(fromHex(v.hex)));
    const fb = codedFailure(() => b.decode(fromHex(v.hex)));
    assert.is(fa?.at, fb?.at, v.name);
  }
});

test.run();
