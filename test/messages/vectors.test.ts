/**
 * test/vectors/messages.json, both ways: named form -> exact hex, hex -> named
 * form, with the firmware codec and the host codec; rejected and accepted requests.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STATUS_TABLE, Status } from '../../protocol/status.js';
import * as host from '../../sdk/codec/index.js';
import {
  COMMAND_TABLE,
  EVENT_TABLE,
  argsSchema,
  resultSchema,
  detailsSchema,
  eventSchema,
  toWire,
  encodeRequest,
  decodeRequest,
  encodeResponse,
  decodeResponse,
  encodeRejection,
  encodeEvent,
  decodeEvent,
} from '../../protocol/messages/index.js';
import { loadVectors, fromHex, toHex } from '../vectors/load.js';
import { namedFromJson, codeOf } from './named.js';

interface V {
  requests: { name: string; command: string; args: unknown; hex: string }[];
  responses: { name: string; command: string; status: string; result?: unknown; details?: unknown; hex: string }[];
  events: { name: string; event: string; data: unknown; hex: string }[];
  rejected: { name: string; hex: string; status: string; command?: string | number; key?: number; field?: string }[];
  accepted: { name: string; hex: string; command: string; args: unknown }[];
}

const V = loadVectors<V>('messages');

test('the vectors cover every command, every event and the error responses with details', () => {
  for (const c of COMMAND_TABLE) {
    assert.ok(V.requests.some((r) => r.command === c.name), `request ${c.name}`);
    assert.ok(V.responses.some((r) => r.command === c.name && r.status === 'OK'), `OK response ${c.name}`);
  }
  for (const e of EVENT_TABLE) assert.ok(V.events.some((v) => v.event === e.name), `event ${e.name}`);
  for (const s of STATUS_TABLE) {
    if (detailsSchema(s.code)) assert.ok(V.responses.some((r) => r.status === s.name && r.details), `details of ${s.name}`);
  }
});

test('requests: named -> hex -> named', () => {
  for (const v of V.requests) {
    const command = codeOf(COMMAND_TABLE, v.command);
    const args = namedFromJson(v.args);
    assert.is(toHex(encodeRequest(command, args)), v.hex, v.name);
    const d = decodeRequest(fromHex(v.hex));
    assert.is(d.status, Status.OK, v.name);
    assert.is(d.command, command, v.name);
    assert.equal(d.args, args, v.name);
  }
});

test('requests: the host codec writes and reads the same bytes', () => {
  for (const v of V.requests) {
    const command = codeOf(COMMAND_TABLE, v.command);
    const wire = toWire(argsSchema(command)!, namedFromJson(v.args));
    const env = Object.keys(wire).length ? { 1: command, 2: wire } : { 1: command };
    assert.is(toHex(host.encode(env)), v.hex, v.name);
    assert.equal(host.decode(fromHex(v.hex)), env, v.name);
  }
});

test('responses: named -> hex -> named', () => {
  for (const v of V.responses) {
    const command = codeOf(COMMAND_TABLE, v.command);
    const status = codeOf(STATUS_TABLE, v.status);
    const result = v.result === undefined ? undefined : namedFromJson(v.result);
    const details = v.details === undefined ? undefined : namedFromJson(v.details);
    assert.is(toHex(encodeResponse(command, status, result, details)), v.hex, v.name);
    const expected: Record<string, unknown> = { status };
    if (status === Status.OK) expected.result = result;
    else if (details !== undefined) expected.details = details;
    assert.equal(decodeResponse(command, fromHex(v.hex)), expected, v.name);
  }
});

test('responses: the host codec writes and reads the same bytes', () => {
  for (const v of V.responses) {
    const command = codeOf(COMMAND_TABLE, v.command);
    const status = codeOf(STATUS_TABLE, v.status);
    const env: Record<number, unknown> = { 1: status };
    if (v.result !== undefined) {
      const w = toWire(resultSchema(command)!, namedFromJson(v.result));
      if (Object.keys(w).length) env[2] = w;
    }
    if (v.details !== undefined) env[3] = toWire(detailsSchema(status)!, namedFromJson(v.details));
    assert.is(toHex(host.encode(env as never)), v.hex, v.name);
    assert.equal(host.decode(fromHex(v.hex)), env, v.name);
  }
});

test('events: named -> hex -> named, and the host codec agrees', () => {
  for (const v of V.events) {
    const event = codeOf(EVENT_TABLE, v.event);
    const data = namedFromJson(v.data);
    assert.is(toHex(encodeEvent(event, data)), v.hex, v.name);
    assert.equal(decodeEvent(fromHex(v.hex)), { event, data }, v.name);
    const w = toWire(eventSchema(event)!, data);
    assert.is(toHex(host.encode(Object.keys(w).length ? { 1: event, 2: w } : { 1: event })), v.hex, v.name);
  }
});

test('rejected requests: status, command, key and field', () => {
  for (const v of V.rejected) {
    const d = decodeRequest(fromHex(v.hex));
    assert.is(d.status, codeOf(STATUS_TABLE, v.status), v.name);
    assert.is(d.args, undefined, v.name);
    if (v.command !== undefined) {
      const c = typeof v.command === 'number' ? v.command : codeOf(COMMAND_TABLE, v.command);
      assert.is(d.command, c, v.name);
    }
    if (v.key !== undefined) {
      assert.is(d.key, v.key, v.name);
      assert.is(d.field, v.field, v.name);
    }
    // The rejection the reader sends back reads as that status, with the key when one is at fault.
    const r = decodeResponse(0x01, encodeRejection(d));
    assert.is(r.status, d.status, v.name);
    if (d.status === Status.BAD_REQUEST && d.key >= 0) assert.equal(r.details, { field: d.key }, v.name);
    else assert.is(r.details, undefined, v.name);
  }
});

test('accepted requests: a reader accepts them and reads these args', () => {
  for (const v of V.accepted) {
    const d = decodeRequest(fromHex(v.hex));
    assert.is(d.status, Status.OK, v.name);
    assert.is(d.command, codeOf(COMMAND_TABLE, v.command), v.name);
    assert.equal(d.args, namedFromJson(v.args), v.name);
    // ... and is not the canonical encoding of its named form.
    assert.is.not(toHex(encodeRequest(d.command, d.args)), v.hex, v.name);
  }
});

test('hand-checked encodings', () => {
  // {1: 0x11, 2: {1: 9, 2: 1250, 4: h'01', 5: true}}
  //  a2 | 01 11 | 02 a4 | 01 09 | 02 19 04e2 | 04 41 01 | 05 f5
  assert.is(toHex(encodeRequest(0x11, { benefit: 9, amount: 1250, requestId: new Uint8Array([1]), collective: true })), 'a2011102a40109021904e204410105f5');
  // {1: 0x30, 3: {1: 2}}: status WRONG_PIN (0x30 >= 24: 18 30), details triesLeft 2
  assert.is(toHex(encodeResponse(0x11, Status.WRONG_PIN, undefined, { triesLeft: 2 })), 'a201183003a10102');
  // {1: 0x41, 3: {1: 350}}: 350 = 0x015e -> 19 015e
  assert.is(toHex(encodeResponse(0x11, Status.INSUFFICIENT_BALANCE, undefined, { balance: 350 })), 'a201184103a10119015e');
  // {1: 0x58, 3: {1: 1726563600}}: 0x66e94510 -> 1a 66e94510
  assert.is(toHex(encodeResponse(0x02, Status.CLOCK_BACKWARDS, undefined, { minimumTime: 1726563600 })), 'a201185803a1011a66e94510');
  // {1: 0}: an OK response with an empty result is one byte pair in a map
  assert.is(toHex(encodeResponse(0x14, Status.OK)), 'a10100');
  // {1: 0x20, 2: {1: 42, 2: 10, 3: 0}}: command 0x20 >= 24 -> 18 20
  assert.is(toHex(encodeRequest(0x20, { since: 42, max: 10, kind: 0 })), 'a201182002a301182a020a0300');
  // {1: 1, 2: {2: 1726567202, 3: false, 4: 0x71}} -> event PASSAGE, no seq and no card id
  assert.is(toHex(encodeEvent(0x01, { time: 1726567202, allowed: false, reason: 0x71 })), 'a2010102a3021a66e9532203f4041871');
});

test.run();
