/**
 * Validation of every field of every schema: required fields, types, ranges
 * and lengths, unknown keys, with BAD_REQUEST naming the key and field.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import * as host from '../../sdk/codec/index.js';
import {
  COMMAND_TABLE,
  fromWire,
  toWire,
  fieldKey,
  encodeRequest,
  decodeRequest,
  encodeResponse,
  decodeResponse,
  encodeEvent,
  decodeEvent,
  REASON_MISSING,
  REASON_TYPE,
  REASON_RANGE,
  REASON_UNKNOWN,
  DEBIT_ARGS,
  WALLET,
} from '../../protocol/messages/index.js';
import type { Schema } from '../../protocol/messages/index.js';
import { fromHex } from '../vectors/load.js';
import { ARGS, RESULTS, EVENTS, NAMED_SCHEMAS, sample, wrongTypes, outOfRange, isRequired } from './schemas.js';

/** The coded error `f` throws ({code, at, message}); fails when it does not throw one. */
function thrown(f: () => unknown): { code: number; at?: number; message: string } {
  try {
    f();
  } catch (e) {
    if (!isCodedError(e)) throw e;
    return { code: e.code, at: e.at, message: e.message };
  }
  throw new Error('did not throw');
}

const ALL: [string, Schema][] = [...NAMED_SCHEMAS];

test('there are schemas to check', () => {
  assert.ok(ALL.length >= 30, `found ${ALL.length}`);
  assert.ok(ALL.some(([n]) => n === 'DEBIT_ARGS'));
});

test('every schema: keys unique, 1..23, in declaration order', () => {
  for (const [name, schema] of ALL) {
    const keys = Object.values(schema).map(fieldKey);
    assert.equal(keys, [...keys].sort((a, b) => a - b), name);
    assert.is(new Set(keys).size, keys.length, name);
    for (const k of keys) assert.ok(k >= 1 && k <= 23, `${name} key ${k}`);
  }
});

test('every schema: a full sample round-trips through the wire form', () => {
  for (const [name, schema] of ALL) {
    const s = sample(schema);
    const d = fromWire(schema, host.decode(host.encode(toWire(schema, s))), true);
    assert.is(d.status, Status.OK, name);
    assert.equal(d.value, s, name);
  }
});

test('missing required fields: BAD_REQUEST with the key and field', () => {
  let n = 0;
  for (const [name, schema] of ALL) {
    for (const [field, f] of Object.entries(schema)) {
      const s = sample(schema);
      delete s[field];
      const key = fieldKey(f);
      if (!isRequired(f)) {
        assert.is(fromWire(schema, toWire(schema, s), true).status, Status.OK, `${name}.${field} optional`);
        continue;
      }
      n++;
      const e = thrown(() => toWire(schema, s));
      assert.is(e.code, Status.BAD_REQUEST);
      assert.is(e.at, key, `${name}.${field}`);
      assert.ok(e.message.startsWith(field + ':'), e.message);
      const wire = toWire(schema, sample(schema)) as Record<number, unknown>;
      delete wire[key];
      assert.equal(fromWire(schema, wire, true), { status: Status.BAD_REQUEST, value: undefined, key, field, reason: REASON_MISSING }, `${name}.${field}`);
    }
  }
  assert.ok(n > 50, `${n} required fields`);
});

test('wrong types: BAD_REQUEST, reason type, in both directions', () => {
  for (const [name, schema] of ALL) {
    for (const [field, f] of Object.entries(schema)) {
      const key = fieldKey(f);
      for (const bad of wrongTypes(f)) {
        const s = sample(schema);
        s[field] = bad;
        const e = thrown(() => toWire(schema, s));
        assert.is(e.code, Status.BAD_REQUEST);
        assert.is(e.at, key, `${name}.${field} = ${String(bad)}`);
        const wire = toWire(schema, sample(schema)) as Record<number, unknown>;
        wire[key] = bad;
        const d = fromWire(schema, wire, true);
        assert.is(d.status, Status.BAD_REQUEST, `${name}.${field} = ${String(bad)}`);
        assert.is(d.key, key);
        assert.is(d.field, field);
        assert.is(d.reason, REASON_TYPE);
      }
    }
  }
});

test('out of range values and lengths: BAD_REQUEST, reason range', () => {
  let n = 0;
  for (const [name, schema] of ALL) {
    for (const [field, f] of Object.entries(schema)) {
      const key = fieldKey(f);
      for (const bad of outOfRange(f)) {
        n++;
        const s = sample(schema);
        s[field] = bad;
        assert.is(thrown(() => toWire(schema, s)).at, key, `${name}.${field}`);
        const wire = toWire(schema, sample(schema)) as Record<number, unknown>;
        wire[key] = bad;
        const d = fromWire(schema, wire, true);
        assert.equal([d.status, d.key, d.field, d.reason], [Status.BAD_REQUEST, key, field, REASON_RANGE], `${name}.${field}`);
      }
    }
  }
  assert.ok(n > 40, `${n} cases`);
});

test('nested faults name the path: wallets[1].balance, journal.used, receipts[0]', () => {
  const card = sample(RESULTS.find(([n]) => n === 'READ_CARD')![1]);
  const wallets = [sample(WALLET), { ...sample(WALLET), balance: -1 }];
  const e = thrown(() => encodeResponse(0x10, Status.OK, { ...card, wallets }));
  assert.is(e.at, 7);
  assert.is(e.message, 'wallets[1].balance: type');
  const info = sample(RESULTS.find(([n]) => n === 'GET_INFO')![1]);
  const w = toWire(RESULTS.find(([n]) => n === 'GET_INFO')![1], info) as Record<number, Record<number, unknown>>;
  delete w[11][1];
  const d = fromWire(RESULTS.find(([n]) => n === 'GET_INFO')![1], w, false);
  assert.equal([d.key, d.field, d.reason], [11, 'journal.used', REASON_MISSING]);
  const bytes = host.encode({ 1: 0, 2: { 1: [new Uint8Array(0)], 3: 1, 4: 1, 5: 1 } });
  const t = thrown(() => decodeResponse(0x20, bytes));
  assert.is(t.code, Status.BAD_REQUEST);
  assert.is(t.at, 1);
  assert.ok(t.message.includes('receipts[0]: range'), t.message);
});

test('DEBIT reference: 64 UTF-8 bytes pass, 65 fail even when fewer characters', () => {
  const base = { benefit: 8, amount: 1, requestId: new Uint8Array(16) };
  assert.is(decodeRequest(encodeRequest(0x11, { ...base, reference: 'a'.repeat(64) })).status, Status.OK);
  assert.is(decodeRequest(encodeRequest(0x11, { ...base, reference: 'é'.repeat(32) })).status, Status.OK);
  const long = host.encode({ 1: 0x11, 2: { 1: 8, 2: 1, 3: 'é'.repeat(32) + 'a', 4: new Uint8Array(16) } });
  const d = decodeRequest(long);
  assert.equal([d.status, d.command, d.key, d.field, d.reason], [Status.BAD_REQUEST, 0x11, 3, 'reference', REASON_RANGE]);
  assert.is(thrown(() => encodeRequest(0x11, { ...base, reference: 'x'.repeat(65) })).at, 3);
});

test('every request schema: a fault in the bytes reaches decodeRequest as BAD_REQUEST with the key', () => {
  for (const [name, schema] of ARGS) {
    const command = COMMAND_TABLE.find((c) => c.name === name)!.code;
    for (const [field, f] of Object.entries(schema)) {
      const key = fieldKey(f);
      for (const bad of [...wrongTypes(f), ...outOfRange(f)]) {
        if (bad === null || (typeof bad === 'string' && bad.includes('\ud800')) || bad === 4294967296) continue; // not encodable in the profile, or null
        const wire = toWire(schema, sample(schema)) as Record<number, unknown>;
        wire[key] = bad;
        const r = decodeRequest(host.encode({ 1: command, 2: wire as never }));
        assert.equal([r.status, r.command, r.key, r.field], [Status.BAD_REQUEST, command, key, field], `${name}.${field}`);
        assert.is(r.args, undefined);
      }
    }
  }
});

test('unknown keys: a request rejects keys below 16 and ignores keys from 16', () => {
  const wire = toWire(DEBIT_ARGS, sample(DEBIT_ARGS)) as Record<number, unknown>;
  for (const k of [0, 6, 15, -1, -100]) {
    const d = fromWire(DEBIT_ARGS, { ...wire, [k]: 1 }, true);
    assert.equal([d.status, d.key, d.field, d.reason], [Status.BAD_REQUEST, k, String(k), REASON_UNKNOWN], `key ${k}`);
    const r = decodeRequest(host.encode({ 1: 0x11, 2: { ...wire, [k]: 1 } as never }));
    assert.equal([r.status, r.key], [Status.BAD_REQUEST, k]);
  }
  for (const k of [16, 23, 24, 1000]) {
    const d = fromWire(DEBIT_ARGS, { ...wire, [k]: 'x' }, true);
    assert.is(d.status, Status.OK, `key ${k}`);
    assert.equal(d.value, sample(DEBIT_ARGS));
    assert.is(decodeRequest(host.encode({ 1: 0x11, 2: { ...wire, [k]: 1 } as never, [k]: 2 })).status, Status.OK);
  }
  // envelope: key 3 rejected, key 0 rejected, key 16 ignored
  assert.is(decodeRequest(fromHex('a201010300')).status, Status.BAD_REQUEST);
  assert.is(decodeRequest(fromHex('a200000101')).status, Status.BAD_REQUEST);
  assert.is(decodeRequest(fromHex('a201011000')).status, Status.OK);
});

test('unknown keys: responses and events ignore them at every level (a newer reader may add fields)', () => {
  const schema = RESULTS.find(([n]) => n === 'READ_CARD')![1];
  const named = sample(schema);
  const wire = toWire(schema, named) as Record<number, any>;
  wire[9] = 'new';
  wire[7][0][12] = 5;
  const r = decodeResponse(0x10, host.encode({ 1: 0, 2: wire, 3: undefined, 20: 1 } as never));
  assert.equal(r, { status: 0, result: named });
  assert.equal(decodeEvent(host.encode({ 1: 2, 2: { 1: 1 }, 5: 0 })), { event: 2, data: {} });
  // unknown event code: returned without data, for the host to ignore
  assert.equal(decodeEvent(host.encode({ 1: 0x7e, 2: { 1: 1 } })), { event: 0x7e });
  // unknown status: no details schema, details ignored
  assert.equal(decodeResponse(0x11, host.encode({ 1: 0x80, 3: { 1: 1 } })), { status: 0x80 });
});

test('toWire: unknown names and null are errors; optional false booleans are omitted', () => {
  const s = sample(DEBIT_ARGS);
  assert.equal([thrown(() => toWire(DEBIT_ARGS, { ...s, colective: true })).message], ['colective: unknown']);
  assert.is(thrown(() => toWire(DEBIT_ARGS, { ...s, reference: null })).at, 3);
  assert.is(thrown(() => toWire(DEBIT_ARGS, 'x' as never)).code, Status.BAD_REQUEST);
  const w = toWire(DEBIT_ARGS, { ...s, collective: false }) as Record<number, unknown>;
  assert.is(w[5], undefined);
  assert.is((toWire(DEBIT_ARGS, { ...s, collective: true }) as Record<number, unknown>)[5], true);
  // a required false boolean is written
  assert.equal(host.decode(encodeRequest(0x14, { enable: false })), { 1: 0x14, 2: { 1: false } });
});

test('decodeRequest: envelope faults and unknown commands', () => {
  assert.equal(decodeRequest(fromHex('a101187f')), { status: Status.UNKNOWN_COMMAND, command: 0x7f, args: undefined, key: -1, field: '', reason: '' });
  assert.is(decodeRequest(fromHex('')).status, Status.BAD_REQUEST);
  assert.is(decodeRequest(fromHex('a1011801')).status, Status.NON_CANONICAL);
  assert.is(decodeRequest(fromHex('a10120')).field, 'command');
  assert.equal(decodeRequest(fromHex('a2010202f6')).field, 'args');
  // no exception on any 1- or 2-byte input
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b += 7) {
      const r = decodeRequest(new Uint8Array([a, b]));
      assert.ok(r.status === Status.BAD_REQUEST || r.status === Status.NON_CANONICAL || r.status === Status.UNKNOWN_COMMAND);
    }
  }
});

test('encodeResponse and encodeEvent refuse inconsistent envelopes', () => {
  assert.is(thrown(() => encodeResponse(0x11, Status.OK, undefined, { triesLeft: 1 })).code, Status.BAD_REQUEST);
  assert.is(thrown(() => encodeResponse(0x11, Status.WRONG_PIN, { receipt: new Uint8Array(1) })).code, Status.BAD_REQUEST);
  assert.is(thrown(() => encodeResponse(0x11, Status.BUSY, undefined, { triesLeft: 1 })).code, Status.BAD_REQUEST);
  assert.is(thrown(() => encodeResponse(0x11, Status.WRONG_PIN)).at, 1); // triesLeft is required
  assert.is(thrown(() => encodeResponse(0x11, 256)).code, Status.BAD_REQUEST);
  assert.is(thrown(() => encodeResponse(0x7f, Status.OK)).code, Status.UNKNOWN_COMMAND);
  assert.is(thrown(() => encodeRequest(0x7f)).code, Status.UNKNOWN_COMMAND);
  assert.is(thrown(() => encodeEvent(0x7f)).code, Status.BAD_REQUEST);
  // an error response to an unknown command is fine (the reader answers UNKNOWN_COMMAND to it)
  assert.equal(host.decode(encodeResponse(0x7f, Status.UNKNOWN_COMMAND)), { 1: Status.UNKNOWN_COMMAND });
  // a status without details ignores an empty details object
  assert.equal(host.decode(encodeResponse(0x11, Status.BUSY, undefined, {})), { 1: Status.BUSY });
});

test('decodeResponse refuses malformed envelopes', () => {
  const bad = [
    { 1: 0, 3: { 1: 1 } }, // details with OK
    { 1: 0x30, 2: {} }, // result with a failing status
    { 2: {} }, // no status
    { 1: 256 }, // status not one byte
    { 1: 0x30 }, // WRONG_PIN without its required details
    { 1: 0x30, 3: { 1: 'x' } },
    { 1: 0, 2: { 1: 1 } }, // DEBIT result: receipt of the wrong type
  ];
  for (const m of bad) assert.is(thrown(() => decodeResponse(0x11, host.encode(m as never))).code, Status.BAD_REQUEST, JSON.stringify(m));
  assert.is(thrown(() => decodeResponse(0x11, host.encode([1]))).code, Status.BAD_REQUEST);
  assert.is(thrown(() => decodeResponse(0x11, fromHex('a1011800'))).code, Status.NON_CANONICAL);
  assert.is(thrown(() => decodeResponse(0x7f, host.encode({ 1: 0 }))).code, Status.UNKNOWN_COMMAND);
  assert.is(thrown(() => decodeEvent(host.encode({ 1: 1, 2: { 2: 1 } }))).code, Status.BAD_REQUEST);
  assert.is(thrown(() => decodeEvent(host.encode({ 2: {} }))).code, Status.BAD_REQUEST);
});

test('every result and event schema refuses a missing required field through the envelope', () => {
  for (const [name, schema] of RESULTS) {
    const command = COMMAND_TABLE.find((c) => c.name === name)!.code;
    for (const [field, f] of Object.entries(schema)) {
      if (!isRequired(f)) continue;
      const w = toWire(schema, sample(schema)) as Record<number, unknown>;
      delete w[fieldKey(f)];
      const e = thrown(() => decodeResponse(command, host.encode({ 1: 0, 2: w as never })));
      assert.equal([e.code, e.at], [Status.BAD_REQUEST, fieldKey(f)], `${name}.${field}`);
    }
  }
  for (const [name, schema] of EVENTS) {
    for (const [field, f] of Object.entries(schema)) {
      if (!isRequired(f)) continue;
      const code = name === 'PASSAGE' ? 1 : 0;
      const w = toWire(schema, sample(schema)) as Record<number, unknown>;
      delete w[fieldKey(f)];
      assert.is(thrown(() => decodeEvent(host.encode({ 1: code, 2: w as never }))).at, fieldKey(f), `${name}.${field}`);
    }
  }
});

test.run();

test('BALANCE with two campaigns of wallets (June to August, 15 benefits each) fits one message', async () => {
  const { MAX_WALLETS } = await import('../../protocol/messages/limits.js');
  const { MAX_MESSAGE } = await import('../../protocol/framing/constants.js');
  const wallets = [];
  for (const campaign of [2023, 2024]) {
    for (let benefit = 1; benefit <= 15; benefit++) {
      wallets.push({ benefit, campaign, kind: 0, balance: 4294967295, loaded: 4294967295, from: 4294967295, until: 4294967295, flags: 1 });
    }
  }
  assert.ok(wallets.length <= MAX_WALLETS, `${wallets.length} wallets within MAX_WALLETS ${MAX_WALLETS}`);
  const bytes = encodeResponse(0x12, Status.OK, { cardId: new Uint8Array(8), wallets });
  assert.ok(bytes.length <= MAX_MESSAGE, `${bytes.length} bytes within one message`);
  const back = decodeResponse(0x12, bytes);
  assert.is(back.status, Status.OK);
  assert.is((back.result as { wallets: unknown[] }).wallets.length, 30);
});
