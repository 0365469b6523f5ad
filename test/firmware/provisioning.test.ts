/** Reader identity, clock and provisioning, end to end through USB packets. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command, Mode } from '../../protocol/messages/codes.js';
import { readerIdOf } from '../../protocol/signed/reader-cert.js';
import { createIssuer } from '../../simulator/issuer/issuer.js';
import { parisToUnix } from '../../simulator/issuer/paris-time.js';
import { VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import { FrameType } from '../../protocol/framing/constants.js';
import { splitFrame } from '../../protocol/framing/split.js';
import { encodeRequest } from '../../protocol/messages/envelope.js';
import { crypto, issuer, newBench, provision, expectStatus, OCT_2024, CAT_CINEMA, rid, CINEMA } from './fixtures.js';

test('GET_INFO of a new reader: its own key, unprovisioned, clock not set', () => {
  const b = newBench();
  const i = b.info;
  assert.is(i.protocolVersion, 1);
  assert.is(i.mode, Mode.UNPROVISIONED);
  assert.is(i.certificate, undefined);
  assert.is(i.time, 0);
  assert.is(i.lastReceiptTime, 0);
  assert.is(i.denylistVersion, 0);
  assert.is(i.maxMessage, 4096);
  assert.is((i.publicKey as Uint8Array).length, 32);
  assert.equal(Array.from(i.readerId as Uint8Array), Array.from(readerIdOf(i.publicKey as Uint8Array, crypto)));
  assert.equal(i.journal, { used: 0, capacity: (i.journal as { capacity: number }).capacity, unacknowledged: 0 });
  assert.ok((i.journal as { capacity: number }).capacity > 10);
  assert.is((i.capabilities as number) & 0x03, 0x03, 'EVENTS and PINPAD');
});

test('two readers generate different keys; a seeded reader is reproducible', () => {
  const a = newBench();
  const c = newBench();
  assert.not.equal(Array.from(a.info.publicKey as Uint8Array), Array.from(c.info.publicKey as Uint8Array));
  const s1 = newBench({ seed: 'reader-7' });
  const s2 = newBench({ seed: 'reader-7' });
  assert.equal(Array.from(s1.info.publicKey as Uint8Array), Array.from(s2.info.publicKey as Uint8Array));
});

test('SET_TIME sets the clock; GET_INFO reports it', () => {
  const b = newBench();
  const a = b.host.call(Command.SET_TIME, { time: OCT_2024 });
  expectStatus(a, Status.OK);
  assert.is(a.result.time, OCT_2024);
  b.reader.advance(5000);
  const i = b.host.call(Command.GET_INFO);
  assert.ok((i.result.time as number) >= OCT_2024 + 5 && (i.result.time as number) <= OCT_2024 + 6);
});

test('PROVISION_CERTIFICATE: clock needed, other key / other issuer refused, expired refused, then merchant mode', () => {
  const b = newBench();
  const good = {
    readerPublicKey: b.info.publicKey as Uint8Array, partnerId: 1, partnerName: 'Cinema', mode: 1, categories: [CAT_CINEMA],
    notBefore: parisToUnix(2024, 6, 1), notAfter: parisToUnix(2025, 6, 1),
  };
  const cert = issuer.issueReaderCertificate(good);
  expectStatus(b.host.call(Command.PROVISION_CERTIFICATE, { certificate: cert }), Status.CLOCK_NOT_SET);
  b.host.call(Command.SET_TIME, { time: OCT_2024 });
  const other = issuer.issueReaderCertificate({ ...good, readerPublicKey: issuer.readerKey('someone else').publicKey });
  expectStatus(b.host.call(Command.PROVISION_CERTIFICATE, { certificate: other }), Status.CERTIFICATE_INVALID);
  const foreign = createIssuer('another region', crypto).issueReaderCertificate(good);
  expectStatus(b.host.call(Command.PROVISION_CERTIFICATE, { certificate: foreign }), Status.CERTIFICATE_INVALID);
  const garbage = cert.slice();
  garbage[garbage.length - 1] ^= 1;
  expectStatus(b.host.call(Command.PROVISION_CERTIFICATE, { certificate: garbage }), Status.CERTIFICATE_INVALID);
  const expired = issuer.issueReaderCertificate({ ...good, notAfter: OCT_2024 - 1 });
  expectStatus(b.host.call(Command.PROVISION_CERTIFICATE, { certificate: expired }), Status.CERTIFICATE_EXPIRED);
  assert.is(b.host.call(Command.GET_INFO).result.mode, 0, 'still unprovisioned');
  const a = b.host.call(Command.PROVISION_CERTIFICATE, { certificate: cert });
  expectStatus(a, Status.OK);
  assert.is(a.result.mode, Mode.MERCHANT);
  const i = b.host.call(Command.GET_INFO).result;
  assert.is(i.mode, Mode.MERCHANT);
  assert.equal(Array.from(i.certificate as Uint8Array), Array.from(cert));
  assert.ok(b.reader.display.text().includes('Cinema'), b.reader.display.text());
});

test('identity and certificate survive a reboot; the channel must be reopened', () => {
  const flash = new VirtualFlash(4096, 16);
  const b = newBench({ flash });
  const cert = provision(b);
  b.reader.reboot();
  const before = b.host.cid;
  b.host.sync();
  assert.is.not(b.host.cid, 0);
  const i = b.host.call(Command.GET_INFO).result;
  assert.equal(Array.from(i.publicKey as Uint8Array), Array.from(b.info.publicKey as Uint8Array));
  assert.equal(Array.from(i.certificate as Uint8Array), Array.from(cert));
  assert.is(i.mode, Mode.MERCHANT);
  assert.ok((i.time as number) > 0, 'the RTC kept the time');
  assert.ok(before > 0);
});

test('mode gates: unprovisioned DEBIT is NOT_PROVISIONED; merchant ACCESS_CHECK is WRONG_MODE {mode}', () => {
  const b = newBench();
  b.host.call(Command.SET_TIME, { time: OCT_2024 });
  expectStatus(b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(1) }), Status.NOT_PROVISIONED);
  expectStatus(b.host.call(Command.BALANCE), Status.NOT_PROVISIONED);
  expectStatus(b.host.call(Command.GET_TRANSACTION, { requestId: rid(1) }), Status.NOT_PROVISIONED);
  provision(b);
  const a = b.host.call(Command.ACCESS_CHECK);
  expectStatus(a, Status.WRONG_MODE);
  assert.equal(a.details, { mode: 1 });
  expectStatus(b.host.call(Command.ACCESS_STREAM, { enable: true }), Status.WRONG_MODE);
});

test('request checks: unknown command, non-canonical CBOR, bad argument with its key', () => {
  const b = newBench();
  expectStatus(b.host.wait(b.host.sendRaw(0x30, Uint8Array.of(0xa1, 0x01, 0x18, 0x30))), Status.UNKNOWN_COMMAND);
  // {1: 2, 2: {1: 5}} with the time written on two bytes: not the shortest form.
  expectStatus(b.host.wait(b.host.sendRaw(Command.SET_TIME, Uint8Array.of(0xa2, 0x01, 0x02, 0x02, 0xa1, 0x01, 0x18, 0x05))), Status.NON_CANONICAL);
  // DEBIT with an unknown argument key 6.
  const a = b.host.wait(b.host.sendRaw(Command.DEBIT, Uint8Array.of(0xa2, 0x01, 0x11, 0x02, 0xa4, 0x01, 0x08, 0x02, 0x01, 0x04, 0x41, 0xaa, 0x06, 0x00)));
  expectStatus(a, Status.BAD_REQUEST);
  assert.equal(a.details, { field: 6 });
});

test('a second request while one is pending is answered BUSY; CANCEL ends the first', () => {
  const b = newBench();
  provision(b);
  const first = b.host.send(Command.READ_CARD);
  b.reader.advance(100);
  const second = b.host.send(Command.GET_INFO);
  expectStatus(b.host.wait(second), Status.BUSY);
  b.host.cancel(first);
  const a = b.host.wait(first);
  expectStatus(a, Status.CANCELLED);
  assert.ok(a.keepalives.length >= 1 && a.keepalives[0].progress === 1, 'WAITING_FOR_CARD');
});

test('keepalives every 400 ms while waiting for a card, TIMEOUT after the card timeout', () => {
  const b = newBench({ config: { cardTimeoutMs: 5000 } });
  provision(b);
  const p = b.host.send(Command.READ_CARD);
  const a = b.host.wait(p);
  expectStatus(a, Status.TIMEOUT);
  assert.ok(a.keepalives.length >= 11 && a.keepalives.length <= 14, `${a.keepalives.length} keepalives in 5 s`);
  assert.ok(a.keepalives.every((k) => k.progress === 1));
});

test('a corrupted request frame is answered FRAME_CRC and not executed; a stale channel gets FRAME_CHANNEL', () => {
  const b = newBench();
  const p = b.host.send(Command.SET_TIME, { time: OCT_2024 }); // sent intact
  expectStatus(b.host.wait(p), Status.OK);
  const packets = splitFrame(b.host.cid, FrameType.MSG, 0x42, encodeRequest(Command.SET_TIME, { time: OCT_2024 + 999 }));
  packets[0][12] ^= 0xff;
  for (const pk of packets) b.reader.send(pk);
  b.host.pump();
  assert.equal(b.host.errors.at(-1), { seq: 0x42, status: Status.FRAME_CRC });
  assert.ok((b.host.call(Command.GET_INFO).result.time as number) < OCT_2024 + 999, 'not executed');
  const old = b.host.cid;
  b.host.sync();
  for (const pk of splitFrame(old, FrameType.MSG, 7, encodeRequest(Command.GET_INFO))) b.reader.send(pk);
  const raw = b.reader.take();
  assert.is(raw.length, 1);
  assert.is(raw[0][2], 0xbf, 'an ERROR frame');
  assert.is(raw[0][10], Status.FRAME_CHANNEL);
  assert.is((raw[0][0] << 8) | raw[0][1], old, 'on the stale channel');
});

test('USB descriptors: the serial number is the reader id in hex', () => {
  const b = newBench();
  const dev = b.reader.control({ bmRequestType: 0x80, bRequest: 6, wValue: 0x0100, wIndex: 0, wLength: 18 }) as Uint8Array;
  assert.is(dev.length, 18);
  assert.is(dev[16], 3, 'iSerialNumber');
  const s = b.reader.control({ bmRequestType: 0x80, bRequest: 6, wValue: 0x0303, wIndex: 0x0409, wLength: 255 }) as Uint8Array;
  const text = Buffer.from(s.subarray(2)).toString('utf16le');
  assert.is(text, Buffer.from(b.info.readerId as Uint8Array).toString('hex'));
  assert.is(b.reader.control({ bmRequestType: 0x80, bRequest: 6, wValue: 0x0600, wIndex: 0, wLength: 10 }), null, 'no qualifier');
});

test.run();
