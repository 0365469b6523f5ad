/**
 * Property tests: random valid messages of every type round-trip through the
 * bytes; both codecs write the same bytes; random bytes never make the reader
 * side throw.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { utf8Length } from '../../protocol/bytes/index.js';
import * as host from '../../sdk/codec/index.js';
import {
  COMMAND_TABLE,
  EVENT_TABLE,
  FieldType as T,
  FieldFlag as F,
  encodeRequest,
  decodeRequest,
  encodeResponse,
  decodeResponse,
  encodeEvent,
  decodeEvent,
  encodeRejection,
  detailsSchema,
} from '../../protocol/messages/index.js';
import type { Schema, Field } from '../../protocol/messages/index.js';
import { STATUS_TABLE } from '../../protocol/status.js';
import { ARGS, RESULTS, EVENTS, d, sub, isRequired } from './schemas.js';

const RUNS = 150;

/** An arbitrary valid value of a field (or of a scalar element descriptor). */
function valueArb(f: Field): fc.Arbitrary<unknown> {
  const desc = d(f);
  const limit = desc >>> 12;
  const min = desc & F.MIN1 ? 1 : 0;
  switch (desc & 0x1e0) {
    case T.UINT:
      return fc.oneof(fc.integer({ min, max: limit || 0xffffffff }), fc.constantFrom(min, limit || 0xffffffff));
    case T.BOOL:
      return fc.boolean();
    case T.BYTES:
      return desc & F.EXACT
        ? fc.uint8Array({ minLength: limit, maxLength: limit })
        : fc.uint8Array({ minLength: min, maxLength: Math.min(limit || 64, 64) });
    case T.TEXT:
      return fc
        .string({ unit: 'binary', minLength: min, maxLength: limit || 64 })
        .filter((s) => utf8Length(s) >= min && utf8Length(s) <= (limit || 256));
    case T.MAP:
      return namedArb(sub(f) as Schema);
    case T.ARRAY: {
      const s = sub(f);
      return fc.array(typeof s === 'number' ? valueArb(s) : namedArb(s), { minLength: min, maxLength: Math.min(limit || 4, 4) });
    }
  }
  throw new Error('bad descriptor');
}

/** An arbitrary valid named object of `schema` (optional fields present or not). */
function namedArb(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, f] of Object.entries(schema)) parts[name] = isRequired(f) ? valueArb(f) : fc.option(valueArb(f), { nil: undefined });
  return fc.record(parts);
}

/** The named form a reader reads back: undefined fields and optional false booleans dropped. */
function normalize(schema: Schema, o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(schema)) {
    const v = o[name];
    if (v === undefined || (v === false && !isRequired(f))) continue;
    const type = d(f) & 0x1e0;
    if (type === T.MAP) out[name] = normalize(sub(f) as Schema, v as Record<string, unknown>);
    else if (type === T.ARRAY && typeof sub(f) !== 'number') out[name] = (v as Record<string, unknown>[]).map((x) => normalize(sub(f) as Schema, x));
    else out[name] = v;
  }
  return out;
}

const code = (table: ReadonlyArray<{ code: number; name: string }>, name: string) => table.find((r) => r.name === name)!.code;

test('random valid requests of every command round-trip, and the host codec reads the same map', () => {
  for (const [name, schema] of ARGS) {
    const command = code(COMMAND_TABLE, name);
    fc.assert(
      fc.property(namedArb(schema), (args) => {
        const bytes = encodeRequest(command, args);
        const r = decodeRequest(bytes);
        assert.is(r.status, Status.OK, name);
        assert.is(r.command, command);
        assert.equal(r.args, normalize(schema, args));
        assert.equal(host.encode(host.decode(bytes)), bytes);
        assert.equal(encodeRequest(command, r.args!), bytes);
      }),
      { numRuns: RUNS },
    );
  }
});

test('random valid OK responses of every command round-trip', () => {
  for (const [name, schema] of RESULTS) {
    const command = code(COMMAND_TABLE, name);
    fc.assert(
      fc.property(namedArb(schema), (result) => {
        const bytes = encodeResponse(command, Status.OK, result);
        assert.equal(decodeResponse(command, bytes), { status: Status.OK, result: normalize(schema, result) });
        assert.equal(host.encode(host.decode(bytes)), bytes);
      }),
      { numRuns: RUNS },
    );
  }
});

test('random failing responses of every status round-trip with their details', () => {
  for (const s of STATUS_TABLE) {
    if (s.code === Status.OK) continue;
    const schema = detailsSchema(s.code) ?? {};
    fc.assert(
      fc.property(namedArb(schema), (details) => {
        const bytes = encodeResponse(0x11, s.code, undefined, details);
        const r = decodeResponse(0x11, bytes);
        assert.is(r.status, s.code);
        const n = normalize(schema, details);
        assert.equal(r.details, detailsSchema(s.code) && Object.keys(n).length ? n : undefined, s.name);
      }),
      { numRuns: 30 },
    );
  }
});

test('random valid events round-trip', () => {
  for (const [name, schema] of EVENTS) {
    const event = code(EVENT_TABLE, name);
    fc.assert(
      fc.property(namedArb(schema), (data) => {
        assert.equal(decodeEvent(encodeEvent(event, data)), { event, data: normalize(schema, data) });
      }),
      { numRuns: RUNS },
    );
  }
});

test('decodeRequest never throws: random bytes and mutated valid requests', () => {
  const debit = encodeRequest(0x11, { benefit: 8, amount: 1, reference: 'Séance', requestId: new Uint8Array(16) });
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      const r = decodeRequest(bytes);
      assert.type(r.status, 'number');
      if (r.status !== Status.OK) assert.is(r.args, undefined);
      assert.type(encodeRejection(r), 'object');
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.nat(debit.length - 1), fc.nat(255), (i, b) => {
      const m = debit.slice();
      m[i] = b;
      const r = decodeRequest(m);
      if (r.status === Status.OK) assert.equal(encodeRequest(r.command, r.args!), m);
    }),
    { numRuns: 2000 },
  );
});

test.run();
