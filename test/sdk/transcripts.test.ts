/**
 * Transcripts: recording a live simulator session and replaying it at once; recording over a
 * replay gives the same entries back; causality (an IN packet waits for the OUT before it);
 * non-strict replays; the seeded random source.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import { Reader } from '../../sdk/index.js';
import { recordTranscript } from '../../sdk/transcripts/record.js';
import { replayDevice } from '../../sdk/transcripts/replay.js';
import { seededRandom } from '../../sdk/transcripts/random.js';
import { underlyingDevice } from '../../sdk/transport/hub.js';
import { info, issuerRoot } from './fixtures.js';
import { TranscriptBuilder, settle } from './helpers.js';
import { drive, rig } from './sim.js';

const test = suite('sdk: transcripts');

test('seededRandom: same seed, same bytes; different seeds differ', () => {
  const a = seededRandom('x')(40);
  assert.equal(seededRandom('x')(40), a);
  assert.not.equal(seededRandom('y')(40), a);
  const r = seededRandom('x');
  const parts = new Uint8Array([...r(3), ...r(5)]);
  assert.is(parts.length, 8);
  assert.ok(new Set(a).size > 10, 'not degenerate');
});

test('record a live simulator session, replay it strictly with the same rng', async () => {
  const r = rig('live-record');
  const [device] = await r.usb.getDevices();
  const rec = recordTranscript(device, { description: 'connect, info, close' });
  assert.is(underlyingDevice(rec.device), device);
  const reader = await drive(r, () => Reader.connect(rec.device, { issuerRoot: r.issuer.rootPublicKey, rng: seededRandom('live'), hub: null, locks: null }));
  const live = await drive(r, () => reader.info());
  await reader.close();
  const t = rec.transcript;
  assert.is(t.origin, 'recorded');
  assert.equal(t.entries.slice(0, 2).map((e) => e.op), ['open', 'claimInterface']);
  assert.equal(t.entries.slice(-2).map((e) => e.op), ['releaseInterface', 'close']);
  assert.ok(t.entries.some((e) => e.op === 'transferIn' && e.hex));
  assert.not.ok(t.entries.some((e) => e.error), 'the read loop ending at close is not recorded');

  const replay = replayDevice(JSON.parse(JSON.stringify(t)));
  const again = await Reader.connect(replay, { issuerRoot: r.issuer.rootPublicKey, rng: seededRandom('live'), hub: null, locks: null });
  const replayed = await again.info();
  await again.close();
  replay.assertDone();
  assert.equal(replayed, live);
});

test('recording over a replay gives the same entries back', async () => {
  const b = new TranscriptBuilder('rr', 'round trip').open().sync().request(Command.GET_INFO).response(Status.OK, info()).close();
  const t = b.build();
  const replay = replayDevice(t);
  const rec = recordTranscript(replay);
  const reader = await Reader.connect(rec.device, { issuerRoot, rng: seededRandom('rr'), hub: null, locks: null });
  await reader.close();
  replay.assertDone();
  const strip = (es: typeof t.entries) => es.map(({ note: _note, ...e }) => e);
  assert.equal(strip(rec.transcript.entries), strip(t.entries));
});

test('an IN packet is not delivered before the host action recorded ahead of it', async () => {
  const b = new TranscriptBuilder('cause', 'causality').open().sync();
  const t = b.build();
  const d = replayDevice(t);
  await d.open();
  await d.claimInterface(0);
  let got = false;
  const pending = d.transferIn(1, 64).then(() => (got = true));
  await settle();
  assert.is(got, false, 'the SYNC answer waits for the SYNC request');
  const out = t.entries.find((e) => e.op === 'transferOut')!;
  await d.transferOut(1, new Uint8Array(Buffer.from(out.hex!, 'hex')));
  await pending;
  assert.is(got, true);
  assert.is(d.remaining(), 0);
});

test('non-strict replay ignores unexpected OUT packets and leftovers', async () => {
  const b = new TranscriptBuilder('loose', 'loose').open().sync();
  const d = replayDevice(b.build(), { strict: false });
  await d.open();
  await d.claimInterface(0);
  const r = await d.transferOut(1, new Uint8Array(64).fill(7));
  assert.is(r.status, 'ok');
  await d.close();
  assert.is(d.errors.length, 0);
  assert.ok(d.remaining() > 0);
});

test.run();
