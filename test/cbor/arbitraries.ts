/** fast-check arbitraries for values of the canonical CBOR profile (reusable by other suites). */
import fc from 'fast-check';
import type { CborValue } from '../../protocol/cbor/index.js';

const uint32 = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([h, l]) => h * 65536 + l);

/** Integers of the profile, biased towards head-size boundaries. */
export const profileInt: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -30, max: 30 }),
  fc.constantFrom(23, 24, 255, 256, 65535, 65536, 4294967295, -24, -25, -256, -257, -65536, -65537, -4294967296),
  uint32,
  uint32.map((n) => -1 - n),
);

/** Text of the profile: ASCII, Latin-1 and any Unicode scalar value (never a lone surrogate). */
export const profileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 10 }),
  fc.string({ minLength: 20, maxLength: 300 }),
);

/** Any value of the model up to `maxDepth` nested containers; `withUndefined` adds omitted map fields. */
export function profileValue(maxDepth = 4, withUndefined = false): fc.Arbitrary<CborValue> {
  const { value } = fc.letrec<{ value: CborValue; map: CborValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth, withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      profileInt,
      profileText,
      fc.uint8Array({ maxLength: 40 }),
      fc.array(tie('value'), { maxLength: 6 }),
      tie('map'),
    ),
    map: fc
      .uniqueArray(fc.tuple(profileInt, withUndefined ? fc.option(tie('value'), { nil: undefined as never }) : tie('value')), {
        maxLength: 6,
        selector: (t) => t[0],
      })
      .map((entries) => {
        const m: Record<string, unknown> = {};
        for (const [k, v] of entries) m[String(k)] = v;
        return m as CborValue;
      }),
  }));
  return value;
}

/** `v` with every `undefined` map value removed (what decoding an encoding gives back). */
export function withoutUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutUndefined);
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  const m: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) m[k] = withoutUndefined(x);
  return m;
}
