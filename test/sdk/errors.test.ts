/**
 * Errors: one actionable sentence per status code, details decoded to named fields, failing
 * responses of BUILT transcripts mapped to DeviceStatusError, local checks, transport kinds,
 * and node-usb on this machine (no /sys/bus/usb) reported as 'no-usb-subsystem'.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { Status, STATUS_TABLE } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';
import { Command } from '../../protocol/messages/codes.js';
import { Progress } from '../../protocol/framing/keepalive.js';
import { DeviceStatusError, Reader, TransportError, messageFor } from '../../sdk/index.js';
import { fromCodedError } from '../../sdk/errors.js';
import { usbFailure } from '../../sdk/transport/usb-errors.js';
import { nodeUsb } from '../../sdk/node.js';
import { replayDevice } from '../../sdk/transcripts/replay.js';
import { seededRandom } from '../../sdk/transcripts/random.js';
import { CINEMA, COMP_TEXTBOOKS, info, issuerRoot } from './fixtures.js';
import { TranscriptBuilder } from './helpers.js';

const test = suite('sdk: errors');

async function rejects(fn: () => Promise<unknown>, re: RegExp): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.match((e as Error).message, re);
    return;
  }
  assert.unreachable(`expected a rejection matching ${re}`);
}

test('every status of STATUS_TABLE has its own sentence, distinct from the others', () => {
  const seen = new Set<string>();
  for (const s of STATUS_TABLE) {
    if (s.code === Status.OK) continue;
    const m = messageFor(s.code, { details: {} });
    assert.ok(m.length > 20, s.name);
    assert.not.match(m, /reported an error|refused the request \(/, `${s.name} falls back to the range sentence`);
    assert.not.ok(seen.has(m), `${s.name} repeats another sentence`);
    seen.add(m);
  }
});

test('unknown codes get a sentence from their range', () => {
  assert.match(messageFor(0x2e), /Card problem \(STATUS_0x2e\)/);
  assert.match(messageFor(0x4f), /do not retry/);
  assert.match(messageFor(0xc3), /STATUS_0xc3/);
});

test('DeviceStatusError: name from the table, details named, times as Date', () => {
  const e = new DeviceStatusError(Status.WRONG_PIN, { details: { triesLeft: 2 } });
  assert.is(e.name, 'WRONG_PIN');
  assert.is(e.code, 0x30);
  assert.is(e.details.triesLeft, 2);
  assert.is(e.message, 'Wrong PIN: 2 tries left, the holder may try again.');
  assert.ok(e instanceof Error && e instanceof DeviceStatusError);
  const one = new DeviceStatusError(Status.WRONG_PIN, { details: { triesLeft: 1 } });
  assert.match(one.message, /1 try left/);
  const x = new DeviceStatusError(Status.BENEFIT_EXPIRED, { details: { validUntil: 1748728800 } });
  assert.ok(x.details.validUntil instanceof Date);
  assert.is((x.details.validUntil as Date).getTime(), 1748728800000);
  assert.match(x.message, /until 31 May 2025/); // end exclusive: the last day shown is the day before
});

test('PIN_BLOCKED tells who can unblock', () => {
  assert.is(
    new DeviceStatusError(Status.PIN_BLOCKED).message,
    "This card's PIN is blocked after three wrong tries: the holder must unblock it from their online account.",
  );
});

test('INSUFFICIENT_BALANCE formats cents or units from the benefit', () => {
  assert.match(new DeviceStatusError(Status.INSUFFICIENT_BALANCE, { details: { balance: 350 }, benefit: COMP_TEXTBOOKS }).message, /3\.50 €/);
  assert.match(new DeviceStatusError(Status.INSUFFICIENT_BALANCE, { details: { balance: 2 }, benefit: CINEMA }).message, /2 units/);
});

test('coded errors of protocol/ become host-side DeviceStatusErrors; others pass through', () => {
  const e = fromCodedError(codedError(Status.BAD_REQUEST, 'reference: range', 3)) as DeviceStatusError;
  assert.ok(e instanceof DeviceStatusError);
  assert.is(e.source, 'host');
  assert.is(e.name, 'BAD_REQUEST');
  assert.match(e.message, /reference: range/);
  const plain = new TypeError('x');
  assert.is(fromCodedError(plain), plain);
});

test('platform USB errors map to transport kinds with actionable messages', () => {
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });
  assert.is(usbFailure('open', named('SecurityError', 'Access denied.')).kind, 'permission-denied');
  assert.match(usbFailure('open', new Error('open error: permission denied')).message, /sdk\/udev\/70-passregion-reader\.rules/);
  assert.is(usbFailure('claimInterface', named('NetworkError', 'Unable to claim interface.')).kind, 'interface-claimed');
  assert.is(usbFailure('claimInterface', new Error('claimInterface error: resource busy')).kind, 'interface-claimed');
  assert.is(usbFailure('transferIn', named('NotFoundError', 'The device was disconnected.')).kind, 'disconnected');
  assert.is(usbFailure('getDevices', new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)')).kind, 'no-usb-subsystem');
  assert.is(usbFailure('transferOut', new Error('something odd')).kind, 'usb-error');
  assert.match(new TransportError('interface-claimed').message, /another program or browser tab/);
  assert.match(new TransportError('user-gesture-required').message, /click/);
  assert.match(new TransportError('webusb-unsupported').message, /Chrome/);
});

test('nodeUsb().getDevices() on this machine: no USB subsystem, said plainly', async () => {
  if (existsSync('/sys/bus/usb/devices')) {
    // A machine with USB: getDevices works (this suite's CI has none; keep the assertion meaningful).
    assert.ok(Array.isArray(await nodeUsb().getDevices()));
    return;
  }
  const hub = nodeUsb({ onError: () => {} });
  try {
    await hub.getDevices();
    assert.unreachable('getDevices should reject without /sys/bus/usb');
  } catch (e) {
    assert.ok(e instanceof TransportError, String(e));
    assert.is((e as TransportError).kind, 'no-usb-subsystem');
    assert.match((e as Error).message, /no USB subsystem/);
    assert.match((e as Error).message, /\/sys\/bus\/usb/);
  }
  try {
    await hub.requestReader();
    assert.unreachable();
  } catch (e) {
    assert.is((e as TransportError).kind, 'no-usb-subsystem');
  }
});

test('nodeUsb: a disconnect listener without a USB subsystem reports instead of crashing', async () => {
  if (existsSync('/sys/bus/usb/devices')) return;
  const reported: TransportError[] = [];
  const hub = nodeUsb({ onError: (e) => reported.push(e) });
  const listener = () => {};
  hub.addEventListener('disconnect', listener);
  for (let i = 0; i < 50 && reported.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  hub.removeEventListener('disconnect', listener);
  assert.is(reported.length, 1);
  assert.is(reported[0].kind, 'no-usb-subsystem');
});

// ---- failing responses through a whole Reader call (built transcripts) ----

async function failingDebit(seed: string, status: number, details?: object, keepalives: number[] = []) {
  const b = new TranscriptBuilder(seed, `debit refused ${status}`).open().sync().request(Command.GET_INFO).response(Status.OK, info());
  const requestId = b.rng(16);
  b.request(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId });
  for (const k of keepalives) b.keepalive(k);
  b.response(status, undefined, details).close();
  const device = replayDevice(b.build());
  const reader = await Reader.connect(device, { issuerRoot, rng: seededRandom(seed), hub: null, locks: null });
  let err: unknown;
  try {
    await reader.debit({ benefit: CINEMA, units: 1 });
  } catch (e) {
    err = e;
  }
  await reader.close();
  device.assertDone();
  assert.ok(err instanceof DeviceStatusError, String(err));
  return { err: err as DeviceStatusError, requestId };
}

test('WRONG_PIN: triesLeft in details and in the sentence; the error carries the request id', async () => {
  const { err, requestId } = await failingDebit('wp', Status.WRONG_PIN, { triesLeft: 2 }, [Progress.WAITING_FOR_PIN]);
  assert.is(err.name, 'WRONG_PIN');
  assert.is(err.source, 'reader');
  assert.is(err.details.triesLeft, 2);
  assert.match(err.message, /^Wrong PIN: 2 tries left/);
  assert.is(err.requestId, Buffer.from(requestId).toString('hex'));
});

test('PIN_BLOCKED, CATEGORY_NOT_AGREED, CARD_REVOKED, CARD_REMOVED', async () => {
  for (const [status, re] of [
    [Status.PIN_BLOCKED, /unblock it from their online account/],
    [Status.CATEGORY_NOT_AGREED, /not agreed for this benefit's category/],
    [Status.CARD_REVOKED, /lost, stolen or replaced/],
    [Status.CARD_REMOVED, /taken away too early/],
  ] as const) {
    const { err } = await failingDebit(`s${status}`, status);
    assert.is(err.code, status);
    assert.match(err.message, re);
  }
});

test('BENEFIT_EXPIRED: validUntil as a Date', async () => {
  const { err } = await failingDebit('exp', Status.BENEFIT_EXPIRED, { validUntil: 1756677600 });
  assert.is(err.name, 'BENEFIT_EXPIRED');
  assert.equal(err.details.validUntil, new Date(1756677600 * 1000));
  assert.match(err.message, /31 August 2025/);
});

test('a debit refused by the SDK before sending: wrong unit, zero amount, reference too long', async () => {
  const b = new TranscriptBuilder('local', 'nothing sent').open().sync().request(Command.GET_INFO).response(Status.OK, info()).close();
  const device = replayDevice(b.build());
  const reader = await Reader.connect(device, { issuerRoot, rng: seededRandom('local'), hub: null, locks: null });
  await rejects(() => reader.debit({ benefit: CINEMA, cents: 100 }), /counts units, not cents/);
  await rejects(() => reader.debit({ benefit: COMP_TEXTBOOKS, units: 1 }), /counts cents/);
  await rejects(() => reader.debit({ benefit: COMP_TEXTBOOKS }), /give cents/);
  try {
    await reader.debit({ benefit: COMP_TEXTBOOKS, cents: 0 });
    assert.unreachable();
  } catch (e) {
    assert.is((e as DeviceStatusError).name, 'INVALID_AMOUNT');
    assert.is((e as DeviceStatusError).source, 'host');
  }
  try {
    await reader.debit({ benefit: COMP_TEXTBOOKS, cents: 100, reference: 'x'.repeat(65), requestId: '00' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as DeviceStatusError).name, 'BAD_REQUEST');
    assert.is((e as DeviceStatusError).source, 'host');
    assert.match((e as Error).message, /reference/);
  }
  await reader.close();
  device.assertDone();
});

test.run();
