/**
 * The link's behaviour around a call (BUILT transcripts): CANCEL on abort, the 3 s silence rule
 * and the overall timeout on a fake clock, disconnect mid-call, link ERROR frames, the call
 * queue, and the replay device's strictness.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { Command } from '../../protocol/messages/codes.js';
import { Progress } from '../../protocol/framing/keepalive.js';
import { DeviceStatusError, Reader, TransportError, type ReaderOptions } from '../../sdk/index.js';
import { replayDevice, TranscriptMismatchError } from '../../sdk/transcripts/replay.js';
import { seededRandom } from '../../sdk/transcripts/random.js';
import type { Transcript } from '../../sdk/transcripts/types.js';
import { CINEMA, cinemaReceipt, info, issuerRoot } from './fixtures.js';
import { CID, FakeTimers, ManualDevice, TranscriptBuilder, keepalivePacket, lastRequestSeq, responsePackets, settle } from './helpers.js';

const test = suite('sdk: link (abort, timeouts, disconnect, queue)');

async function connect(t: Transcript, extra: Partial<ReaderOptions> = {}) {
  const device = replayDevice(t);
  const reader = await Reader.connect(device, { issuerRoot, rng: seededRandom(t.meta!.seed as string), hub: null, locks: null, ...extra });
  return { device, reader };
}

function start(seed: string, what: string): TranscriptBuilder {
  return new TranscriptBuilder(seed, what).open().sync().request(Command.GET_INFO).response(Status.OK, info());
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.unreachable('expected the call to fail');
  return undefined;
}

test('abort while the holder types the PIN: CANCEL with the request SEQ, rejects with the signal reason', async () => {
  const b = start('abort', 'debit aborted during PIN');
  const requestId = b.rng(16);
  b.request(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId })
    .keepalive(Progress.WAITING_FOR_PIN, 1)
    .cancel()
    .response(Status.CANCELLED)
    .close();
  const { device, reader } = await connect(b.build());
  const ac = new AbortController();
  const reason = new Error('customer left');
  const err = await failure(
    reader.debit({ benefit: CINEMA, units: 1 }, { signal: ac.signal, onProgress: (p) => p.stage === 'waiting-for-pin' && ac.abort(reason) }),
  );
  assert.is(err, reason);
  await reader.close();
  device.assertDone(); // the CANCEL frame was sent, with the right SEQ
});

test('abort with the default reason: an AbortError', async () => {
  const b = start('abort2', 'balance aborted').request(Command.BALANCE).keepalive(Progress.WAITING_FOR_CARD).cancel().response(Status.CANCELLED).close();
  const { device, reader } = await connect(b.build());
  const ac = new AbortController();
  const err = await failure(reader.balance({ signal: ac.signal, onProgress: () => ac.abort() }));
  assert.is((err as Error).name, 'AbortError');
  await reader.close();
  device.assertDone();
});

test('cancel on the keypad: DeviceStatusError CANCELLED', async () => {
  const b = start('keypad', 'holder cancels').request(Command.READ_CARD).keepalive(Progress.WAITING_FOR_CARD).response(Status.CANCELLED).close();
  const { device, reader } = await connect(b.build());
  const err = await failure(reader.readCard());
  assert.ok(err instanceof DeviceStatusError);
  assert.is((err as DeviceStatusError).name, 'CANCELLED');
  assert.match((err as Error).message, /nothing was debited/);
  await reader.close();
  device.assertDone();
});

test('abort too late (the card already committed): the call resolves with the receipt', async () => {
  const b = start('late', 'abort after commit');
  const requestId = b.rng(16);
  b.request(Command.DEBIT, { benefit: CINEMA, amount: 1, reference: 'T-000123', requestId })
    .keepalive(Progress.PROCESSING)
    .cancel()
    .response(Status.OK, { receipt: cinemaReceipt(requestId) })
    .close();
  const { device, reader } = await connect(b.build());
  const ac = new AbortController();
  const r = await reader.debit({ benefit: CINEMA, units: 1, reference: 'T-000123' }, { signal: ac.signal, onProgress: () => ac.abort() });
  assert.is(r.requestId, toHex(requestId));
  await reader.close();
  device.assertDone();
});

test('a signal aborted before the call: nothing is sent', async () => {
  const b = start('pre', 'nothing sent').close();
  const { device, reader } = await connect(b.build());
  const err = await failure(reader.readCard({ signal: AbortSignal.abort() }));
  assert.is((err as Error).name, 'AbortError');
  await reader.close();
  device.assertDone();
});

test('silence: no packet for 3 s -> TransportError timeout; the next call SYNCs first', async () => {
  const timers = new FakeTimers();
  const b = start('silence', 'reader goes silent');
  b.request(Command.READ_CARD).keepalive(Progress.WAITING_FOR_CARD);
  // (silence)
  b.sync(0x2b18).request(Command.GET_INFO, undefined, 0x2b18).response(Status.OK, info(), undefined, 0x2b18).close();
  const { device, reader } = await connect(b.build(), { timers });
  const call = reader.readCard();
  const outcome = failure(call);
  await settle();
  timers.advance(2999);
  await settle();
  let settled = false;
  void call.catch(() => (settled = true));
  await settle();
  assert.is(settled, false, 'still waiting before 3 s of silence');
  timers.advance(1);
  const err = await outcome;
  assert.ok(err instanceof TransportError);
  assert.is((err as TransportError).kind, 'timeout');
  assert.is((err as TransportError).code, Status.TIMEOUT);
  const i = await reader.info(); // re-SYNC (new channel 2b18), then GET_INFO
  assert.is(i.readerId, '6a3803d5f059902a');
  await reader.close();
  device.assertDone();
});

test('keepalives restart the silence timer: a slow holder is not a timeout', async () => {
  const timers = new FakeTimers();
  const device = new ManualDevice();
  device.onOut = (p) => {
    if (p[2] === 0x81 && p[10] === 0xa1 && p[11] === 0x01 && p[12] === 0x01) device.push(...responsePackets(CID, p[3], Command.GET_INFO, Status.OK, info()));
  };
  const reader = await Reader.connect(device as unknown as USBDevice, { issuerRoot, timers, hub: null, locks: null });
  const call = failure(reader.readCard());
  await settle();
  const seq = lastRequestSeq(device);
  for (let i = 0; i < 4; i++) {
    timers.advance(2500); // 2.5 s of silence, then a keepalive
    device.push(keepalivePacket(CID, seq, Progress.WAITING_FOR_CARD));
    await settle();
  }
  let done = false;
  void call.then(() => (done = true));
  await settle();
  assert.is(done, false, '10 s into the call, still alive');
  timers.advance(3000);
  const err = await call;
  assert.is((err as TransportError).kind, 'timeout');
  await reader.close();
});

test('overall timeoutMs: CANCEL sent, then TransportError timeout once the reader says CANCELLED', async () => {
  const timers = new FakeTimers();
  const b = start('overall', 'overall timeout')
    .request(Command.READ_CARD)
    .keepalive(Progress.WAITING_FOR_CARD)
    .cancel()
    .response(Status.CANCELLED)
    .close();
  const { device, reader } = await connect(b.build(), { timers, silenceMs: 60000 });
  const call = failure(reader.readCard({ timeoutMs: 20000 }));
  await settle();
  timers.advance(20000);
  const err = await call;
  assert.ok(err instanceof TransportError);
  assert.is((err as TransportError).kind, 'timeout');
  assert.match((err as Error).message, /20000 ms/);
  await reader.close();
  device.assertDone();
});

test('unplug mid-debit: TransportError disconnected with the request id; later calls fail fast', async () => {
  const b = start('unplug', 'unplugged during debit');
  const requestId = b.rng(16);
  b.request(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId }).keepalive(Progress.PROCESSING).unplug().push({ op: 'close' });
  const { device, reader } = await connect(b.build());
  let closed: TransportError | null = null;
  reader.onClose((e) => (closed = e));
  const err = await failure(reader.debit({ benefit: CINEMA, units: 1 }));
  assert.ok(err instanceof TransportError);
  assert.is((err as TransportError).kind, 'disconnected');
  assert.is((err as TransportError).requestId, toHex(requestId));
  assert.match((err as Error).message, /getTransaction/);
  assert.is(closed!.kind, 'disconnected');
  assert.ok(reader.closed);
  const again = await failure(reader.info());
  assert.is((again as TransportError).kind, 'disconnected');
  await reader.close();
  device.assertDone();
});

test('disconnect event from the hub ends the call at once', async () => {
  const b = start('hub', 'hub disconnect').request(Command.READ_CARD).keepalive(Progress.WAITING_FOR_CARD).push({ op: 'close' });
  const device = replayDevice(b.build());
  const listeners: Array<(ev: { device: USBDevice }) => void> = [];
  const hub = {
    getDevices: async () => [device],
    addEventListener: (_: string, l: (ev: { device: USBDevice }) => void) => listeners.push(l),
    removeEventListener: (_: string, l: (ev: { device: USBDevice }) => void) => listeners.splice(listeners.indexOf(l), 1),
  };
  const reader = await Reader.connect(device, { issuerRoot, rng: seededRandom('hub'), hub, locks: null });
  assert.is(listeners.length, 1);
  const call = failure(reader.readCard());
  await settle();
  for (const l of [...listeners]) l({ device });
  const err = await call;
  assert.is((err as TransportError).kind, 'disconnected');
  assert.is(listeners.length, 0, 'listener removed');
  await reader.close();
  device.assertDone();
});

test('ERROR frame about the request: resent once with a new SEQ, then answered', async () => {
  const b = start('crc', 'request hit a CRC error')
    .request(Command.GET_INFO)
    .error(Status.FRAME_CRC)
    .request(Command.GET_INFO)
    .response(Status.OK, info({ denylistVersion: 2 }))
    .close();
  const { device, reader } = await connect(b.build());
  assert.is((await reader.info()).denylistVersion, 2);
  await reader.close();
  device.assertDone();
});

test('ERROR frame twice: TransportError bad-frame with the status', async () => {
  const b = start('crc2', 'two CRC errors')
    .request(Command.GET_INFO)
    .error(Status.FRAME_CRC)
    .request(Command.GET_INFO)
    .error(Status.FRAME_SEQUENCE)
    .close();
  const { device, reader } = await connect(b.build());
  const err = await failure(reader.info());
  assert.is((err as TransportError).kind, 'bad-frame');
  assert.is((err as TransportError).code, Status.FRAME_SEQUENCE);
  await reader.close();
  device.assertDone();
});

test('FRAME_CHANNEL (another host took the reader): SYNC again, then resend', async () => {
  const b = start('chan', 'channel lost')
    .request(Command.GET_INFO)
    .error(Status.FRAME_CHANNEL)
    .sync(0x0042)
    .request(Command.GET_INFO, undefined, 0x0042)
    .response(Status.OK, info(), undefined, 0x0042)
    .close();
  const { device, reader } = await connect(b.build());
  await reader.info();
  await reader.close();
  device.assertDone();
});

test('queue: two concurrent calls run one after the other', async () => {
  const b = start('queue', 'two calls at once')
    .request(Command.READ_CARD)
    .keepalive(Progress.WAITING_FOR_CARD)
    .response(Status.OK, { cardId: new Uint8Array(8), holderName: 'A', establishment: 1, campaign: 2024, state: 0, wallets: [] })
    .request(Command.SET_TIME, { time: 1726561800 })
    .response(Status.OK, { time: 1726561800 })
    .close();
  const { device, reader } = await connect(b.build());
  const order: string[] = [];
  const a = reader.readCard().then(() => order.push('readCard'));
  const c = reader.setTime(1726561800_000).then(() => order.push('setTime'));
  await Promise.all([a, c]);
  assert.equal(order, ['readCard', 'setTime']);
  await reader.close();
  device.assertDone(); // strict replay: SET_TIME was not sent before READ_CARD's response
});

test('queue: a call aborted while waiting leaves the queue without sending anything', async () => {
  const b = start('queue2', 'aborted while queued')
    .request(Command.READ_CARD)
    .keepalive(Progress.WAITING_FOR_CARD)
    .response(Status.OK, { cardId: new Uint8Array(8), holderName: 'A', establishment: 1, campaign: 2024, state: 0, wallets: [] })
    .close();
  const { device, reader } = await connect(b.build());
  const ac = new AbortController();
  const first = reader.readCard();
  const second = failure(reader.setTime(1726561800_000, { signal: ac.signal }));
  ac.abort();
  assert.is(((await second) as Error).name, 'AbortError');
  await first;
  await reader.close();
  device.assertDone();
});

test('queue: Web Locks are used when available, with the reader serial in the lock name', async () => {
  const names: string[] = [];
  const locks = {
    request<T>(name: string, _o: object, cb: () => Promise<T>): Promise<T> {
      names.push(name);
      return cb();
    },
  };
  const b = start('locks', 'locks').close();
  const { device, reader } = await connect(b.build(), { locks });
  assert.equal(names, ['passregion-reader:6a3803d5f059902a']);
  await reader.close();
  device.assertDone();
});

test('replay is strict: an unexpected OUT packet fails the call and the replay', async () => {
  const b = start('strict', 'expects GET_INFO').request(Command.GET_INFO).response(Status.OK, info()).close();
  const { device, reader } = await connect(b.build());
  const err = await failure(reader.setTime(1726561800_000));
  assert.ok(err instanceof TransportError);
  assert.ok(device.errors[0] instanceof TranscriptMismatchError);
  assert.match(device.errors[0].message, /unexpected transferOut/);
  assert.throws(() => device.assertDone());
});

test('replay is strict: closing with frames left fails', async () => {
  const b = start('left', 'a packet never read').close().keepalive(Progress.PROCESSING);
  const { reader } = await connect(b.build());
  const err = await failure(reader.close());
  assert.ok(err instanceof TranscriptMismatchError);
  assert.match((err as Error).message, /entries left/);
});

test.run();
