/**
 * Every Reader call against BUILT transcripts (hand-made from the protocol encoders, see
 * helpers.ts): the bytes the SDK sends must be exactly the transcript's, in order, and the
 * results must be what the reader's answers say.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { Command, EventCode } from '../../protocol/messages/codes.js';
import { Progress } from '../../protocol/framing/keepalive.js';
import { Reader, type ReaderOptions } from '../../sdk/index.js';
import { replayDevice } from '../../sdk/transcripts/replay.js';
import { seededRandom } from '../../sdk/transcripts/random.js';
import type { Transcript } from '../../sdk/transcripts/types.js';
import { CINEMA, T0, cinemaChain, cinemaReceipt, info, issuerRoot, readerCertBytes } from './fixtures.js';
import { TranscriptBuilder } from './helpers.js';

const test = suite('sdk: reader calls (built transcripts)');

/** Connect a Reader to a replay of `t` with the builder's seed. */
async function connect(t: Transcript, extra: Partial<ReaderOptions> = {}) {
  const device = replayDevice(t);
  const reader = await Reader.connect(device, { issuerRoot, rng: seededRandom(t.meta!.seed as string), hub: null, locks: null, ...extra });
  return { device, reader };
}

function start(seed: string, what: string, infoOver = {}): TranscriptBuilder {
  return new TranscriptBuilder(seed, what).open().sync().request(Command.GET_INFO).response(Status.OK, info(infoOver));
}

test('connect: open, claim, SYNC, GET_INFO; close releases and closes', async () => {
  const t = start('connect', 'connect and close').close().build();
  const { device, reader } = await connect(t);
  const i = reader.lastInfo!;
  assert.is(i.readerId, '6a3803d5f059902a');
  assert.is(i.mode, 'merchant');
  assert.ok(i.capabilities.pinpad && i.capabilities.events);
  assert.equal(i.time, new Date(T0 * 1000));
  assert.is(i.lastReceiptTime, null);
  await reader.close();
  device.assertDone();
});

test('info() re-reads GET_INFO', async () => {
  const t = start('info', 'info twice').request(Command.GET_INFO).response(Status.OK, info({ denylistVersion: 7 })).close().build();
  const { device, reader } = await connect(t);
  const i = await reader.info();
  assert.is(i.denylistVersion, 7);
  assert.is(reader.lastInfo!.denylistVersion, 7);
  await reader.close();
  device.assertDone();
});

test('setTime(date) sends whole seconds and returns the reader clock', async () => {
  const when = new Date('2024-09-17T08:30:00.900Z');
  const secs = Math.floor(when.getTime() / 1000);
  const t = start('time', 'set time').request(Command.SET_TIME, { time: secs }).response(Status.OK, { time: secs }).close().build();
  const { device, reader } = await connect(t);
  const d = await reader.setTime(when);
  assert.is(d.getTime(), secs * 1000);
  await reader.close();
  device.assertDone();
});

test('setTime() without argument uses the injected clock', async () => {
  const t = start('time2', 'set time now').request(Command.SET_TIME, { time: 1726561801 }).response(Status.OK, { time: 1726561801 }).close().build();
  const { device, reader } = await connect(t, { now: () => 1726561801_500 });
  assert.is((await reader.setTime()).getTime(), 1726561801_000);
  await reader.close();
  device.assertDone();
});

test('provision: certificate then denylist parts, then info again', async () => {
  const part = new Uint8Array([0xa2, 0x01, 0x41, 0x00, 0x02, 0x40]); // opaque to the SDK
  const t = start('prov', 'provision', { mode: 0, certificate: undefined })
    .request(Command.PROVISION_CERTIFICATE, { certificate: readerCertBytes })
    .response(Status.OK, { mode: 1 })
    .request(Command.PROVISION_DENYLIST, { part })
    .response(Status.OK, { version: 3, partsReceived: 1, parts: 1, complete: true })
    .request(Command.GET_INFO)
    .response(Status.OK, info({ denylistVersion: 3 }))
    .close()
    .build();
  const { device, reader } = await connect(t);
  assert.is(reader.lastInfo!.mode, 'unprovisioned');
  const r = await reader.provision({ certificate: readerCertBytes, denylistParts: [part] });
  assert.is(r.mode, 'merchant');
  assert.equal(r.denylist, { version: 3, partsReceived: 1, parts: 1, complete: true });
  assert.is(reader.lastInfo!.mode, 'merchant');
  await reader.close();
  device.assertDone();
});

test('readCard: progress events and the public view', async () => {
  const cardId = Uint8Array.of(0x50, 0x52, 0x24, 0, 0, 1, 0x23, 0x45);
  const t = start('read', 'read card')
    .request(Command.READ_CARD)
    .keepalive(Progress.WAITING_FOR_CARD)
    .keepalive(Progress.READING_CARD)
    .response(Status.OK, {
      cardId, holderName: 'Zoé Martin', establishment: 690001, campaign: 2024, state: 0, pinTriesLeft: 3,
      wallets: [{ benefit: CINEMA, campaign: 2024, kind: 1, loaded: 5, from: 1725141600, until: 1756677600 }],
    })
    .close()
    .build();
  const { device, reader } = await connect(t);
  const stages: string[] = [];
  const card = await reader.readCard({ onProgress: (p) => stages.push(p.stage) });
  assert.equal(stages, ['waiting-for-card', 'reading-card']);
  assert.is(card.cardId, '5052240000012345');
  assert.is(card.holderName, 'Zoé Martin');
  assert.is(card.state, 'ok');
  assert.is(card.pinTriesLeft, 3);
  assert.is(card.wallets[0].benefitLabel, 'Cinema');
  assert.is(card.wallets[0].kind, 'units');
  assert.is(card.wallets[0].balance, undefined);
  assert.equal(card.wallets[0].validUntil, new Date(1756677600 * 1000));
  await reader.close();
  device.assertDone();
});

test('debit: PIN progress, verified receipt with the reader certificate attached', async () => {
  const b = start('debit', 'debit one cinema ticket');
  const requestId = b.rng(16); // the Reader draws its request id next
  b.request(Command.DEBIT, { benefit: CINEMA, amount: 1, reference: 'T-000123', requestId })
    .keepalive(Progress.WAITING_FOR_CARD)
    .keepalive(Progress.READING_CARD)
    .keepalive(Progress.WAITING_FOR_PIN, 0)
    .keepalive(Progress.WAITING_FOR_PIN, 2)
    .keepalive(Progress.WAITING_FOR_PIN, 4)
    .keepalive(Progress.PROCESSING)
    .response(Status.OK, { receipt: cinemaReceipt(requestId), balance: 4 })
    .close();
  const { device, reader } = await connect(b.build());
  const seen: string[] = [];
  const r = await reader.debit({ benefit: CINEMA, units: 1, reference: 'T-000123' }, {
    onProgress: (p) => seen.push(p.stage + (p.pinDigits !== undefined ? ':' + p.pinDigits : '')),
  });
  assert.equal(seen, ['waiting-for-card', 'reading-card', 'waiting-for-pin:0', 'waiting-for-pin:2', 'waiting-for-pin:4', 'processing']);
  assert.is(r.replayed, false);
  assert.is(r.requestId, toHex(requestId));
  assert.is(r.benefit, CINEMA);
  assert.is(r.benefitLabel, 'Cinema');
  assert.is(r.unit, 'units');
  assert.is(r.amount, 1);
  assert.is(r.copay, 100);
  assert.is(r.partnerName, 'Cinéma Le Zola');
  assert.is(r.holderName, 'Camille Martin');
  assert.is(r.seq, 1);
  assert.equal(r.time, new Date((T0 + 60) * 1000));
  assert.is(r.kind, 'debit');
  assert.ok(r.bytes.length > cinemaReceipt(requestId).length, 'certificate attached');
  await reader.close();
  device.assertDone();
});

test('debit retried with the same requestId: the reader replays the receipt', async () => {
  const requestId = new Uint8Array(16).fill(0x42);
  const receipt = cinemaReceipt(requestId);
  const args = { benefit: CINEMA, amount: 1, reference: 'T-000123', requestId };
  const t = start('replay', 'debit then retry')
    .request(Command.DEBIT, args).response(Status.OK, { receipt })
    .request(Command.DEBIT, args).response(Status.OK, { receipt, replayed: true })
    .close().build();
  const { device, reader } = await connect(t);
  const a = await reader.debit({ benefit: CINEMA, units: 1, reference: 'T-000123', requestId: toHex(requestId) });
  const b = await reader.debit({ benefit: CINEMA, units: 1, reference: 'T-000123', requestId });
  assert.is(a.replayed, false);
  assert.is(b.replayed, true);
  assert.equal(a.bytes, b.bytes);
  await reader.close();
  device.assertDone();
});

test('balance: wallets with balances', async () => {
  const cardId = new Uint8Array(8).fill(9);
  const t = start('bal', 'balance')
    .request(Command.BALANCE)
    .keepalive(Progress.WAITING_FOR_PIN, 1)
    .response(Status.OK, { cardId, wallets: [{ benefit: 2, campaign: 2024, kind: 0, balance: 3250, loaded: 5000, from: 1, until: 2, flags: 1 }] })
    .close().build();
  const { device, reader } = await connect(t);
  const r = await reader.balance();
  assert.is(r.cardId, '0909090909090909');
  assert.is(r.wallets[0].balance, 3250);
  assert.is(r.wallets[0].kind, 'cents');
  assert.ok(r.wallets[0].singleUse);
  await reader.close();
  device.assertDone();
});

test('accessCheck: a refusal is a decision, not an error', async () => {
  const t = start('access', 'access check', { mode: 2 })
    .request(Command.ACCESS_CHECK)
    .response(Status.OK, { time: T0, allowed: false, reason: Status.CARD_REVOKED, cardId: new Uint8Array(8).fill(1) })
    .close().build();
  const { device, reader } = await connect(t);
  const p = await reader.accessCheck();
  assert.is(p.allowed, false);
  assert.is(p.reasonName, 'CARD_REVOKED');
  assert.match(p.message, /lost, stolen or replaced/);
  assert.is(p.cardId, '0101010101010101');
  await reader.close();
  device.assertDone();
});

test('passages(): stream on, events in order (lost events counted), stream off on break', async () => {
  const passage = (seq: number, allowed: boolean) => ({ seq, time: T0 + seq, allowed, reason: allowed ? 0 : Status.DOUBLE_TAP, cardId: new Uint8Array(8).fill(seq), holderName: 'Léa' });
  const t = start('stream', 'access stream', { mode: 2 })
    .request(Command.ACCESS_STREAM, { enable: true })
    .response(Status.OK)
    .event(EventCode.PASSAGE, passage(1, true))
    .event(EventCode.CARD_PRESENT)
    .loseEvents(2)
    .event(EventCode.PASSAGE, passage(2, false))
    .request(Command.ACCESS_STREAM, { enable: false })
    .response(Status.OK)
    .close().build();
  const { device, reader } = await connect(t);
  const got: string[] = [];
  for await (const p of reader.passages()) {
    got.push(`${p.seq}:${p.allowed}:${p.reasonName}:${p.eventsLost ?? 0}`);
    if (got.length === 2) break;
  }
  assert.equal(got, ['1:true:OK:0', '2:false:DOUBLE_TAP:2']);
  await reader.close();
  device.assertDone();
});

test('passages(): aborting the signal ends the loop with its reason and stops the stream', async () => {
  const t = start('stream-abort', 'access stream aborted', { mode: 2 })
    .request(Command.ACCESS_STREAM, { enable: true })
    .response(Status.OK)
    .request(Command.ACCESS_STREAM, { enable: false })
    .response(Status.OK)
    .close().build();
  const { device, reader } = await connect(t);
  const ac = new AbortController();
  const reason = new Error('gate closed');
  setTimeout(() => ac.abort(reason), 5);
  let caught: unknown = null;
  try {
    for await (const p of reader.passages({ signal: ac.signal })) void p;
  } catch (e) {
    caught = e;
  }
  assert.is(caught, reason);
  await reader.close();
  device.assertDone();
});

test('journal: reads every batch, verifies the chain; acknowledge', async () => {
  const chain = cinemaChain(3);
  const t = start('journal', 'journal and ack')
    .request(Command.JOURNAL_READ, { since: 0, max: 2, kind: 0 })
    .response(Status.OK, { receipts: chain.slice(0, 2), next: 3, last: 3, acknowledged: 0 })
    .request(Command.JOURNAL_READ, { since: 3, max: 2, kind: 0 })
    .response(Status.OK, { receipts: chain.slice(2), next: 4, last: 3, acknowledged: 0 })
    .request(Command.JOURNAL_ACK, { upTo: 3, kind: 0 })
    .response(Status.OK, { acknowledged: 3 })
    .close().build();
  const { device, reader } = await connect(t);
  const page = await reader.journal({ batch: 2 });
  assert.is(page.receipts.length, 3);
  assert.is(page.raw.length, 3);
  assert.ok(page.chain!.ok);
  assert.equal(page.receipts.map((r) => r.seq), [1, 2, 3]);
  assert.is(page.receipts[1].prev, page.receipts[0].hash);
  assert.is(page.next, 4);
  assert.is(await reader.acknowledge(page.last), 3);
  await reader.close();
  device.assertDone();
});

test('journal: a gap in the chain is reported, not hidden', async () => {
  const chain = cinemaChain(3);
  const t = start('journal-gap', 'journal with a gap')
    .request(Command.JOURNAL_READ, { since: 0, kind: 0 })
    .response(Status.OK, { receipts: [chain[0], chain[2]], next: 4, last: 3, acknowledged: 0 })
    .close().build();
  const { device, reader } = await connect(t);
  const page = await reader.journal();
  assert.not.ok(page.chain!.ok);
  assert.is(page.chain!.problem, 'gap');
  assert.is(page.chain!.index, 1);
  assert.is(page.receipts.length, 1);
  assert.is(page.raw.length, 2);
  await reader.close();
  device.assertDone();
});

test('journal of passages', async () => {
  const t = start('journal-p', 'passages journal', { mode: 2 })
    .request(Command.JOURNAL_READ, { since: 5, kind: 1 })
    .response(Status.OK, { passages: [{ seq: 5, time: T0, allowed: true, reason: 0 }], next: 6, last: 5, acknowledged: 4 })
    .close().build();
  const { device, reader } = await connect(t);
  const page = await reader.journal({ since: 5, kind: 'passages' });
  assert.is(page.passages.length, 1);
  assert.is(page.passages[0].seq, 5);
  assert.is(page.acknowledged, 4);
  await reader.close();
  device.assertDone();
});

test('getTransaction: the receipt of an earlier request id', async () => {
  const requestId = new Uint8Array(16).fill(7);
  const t = start('gettx', 'get transaction')
    .request(Command.GET_TRANSACTION, { requestId })
    .response(Status.OK, { receipt: cinemaReceipt(requestId) })
    .request(Command.GET_TRANSACTION, { requestId: new Uint8Array(16).fill(8) })
    .response(Status.TRANSACTION_NOT_FOUND)
    .close().build();
  const { device, reader } = await connect(t);
  const r = await reader.getTransaction(toHex(requestId));
  assert.is(r.requestId, toHex(requestId));
  try {
    await reader.getTransaction(new Uint8Array(16).fill(8));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { name: string }).name, 'TRANSACTION_NOT_FOUND');
  }
  await reader.close();
  device.assertDone();
});

test.run();
