/**
 * The built board bundles against the TypeScript sources, byte for byte. One
 * scripted session (deterministic issuer, cards, reader key and simulated
 * clock) runs on the firmware from source and on each board bundle inside its
 * engine profile; every USB packet and control answer the reader gives, every
 * screen, LED and beep must be identical. This guards the size steps of the
 * board build (scripts/firmware-size.mjs: error texts removed, property names
 * shortened, aliases), which must not change what the reader does: the session
 * covers provisioning, refused requests whose details name fields, a debit with
 * PIN and its replay, a wrong PIN, balance, card read, the journal, a denylist
 * in parts, a reboot, and an access reader with its event stream.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command } from '../../protocol/messages/codes.js';
import { encode } from '../../protocol/cbor/encode.js';
import type { CborMap } from '../../protocol/cbor/types.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { DenyKind } from '../../protocol/signed/denylist.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { defaultCrypto } from '../../sdk/crypto/index.js';
import { resolveConfig } from '../../firmware/app/config.js';
import type { Reader, ReaderPorts } from '../../firmware/app/ports.js';
import { createIssuer } from '../../simulator/issuer/issuer.js';
import { parisToUnix } from '../../simulator/issuer/paris-time.js';
import { VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import { createVirtualReader } from '../../simulator/reader/index.js';
import type { VirtualReader } from '../../simulator/reader/index.js';
import { createEngine } from '../../simulator/engine/quickjs.js';
import type { ProfileName } from '../../simulator/engine/quickjs.js';
import { readBundle } from '../../simulator/engine/bundles.js';
import { TestHost } from '../firmware/host.js';
import { engineStart } from '../../simulator/engine/reader.js';

type Start = ((ports: ReaderPorts) => Reader) | undefined;

const OCT_2024 = parisToUnix(2024, 10, 15, 14);
const PIN = '2468';
const CINEMA = 8;

/** Every observable output of a reader, in order, as text lines. */
class Recorder {
  readonly lines: string[] = [];
  add(what: string, bytes?: Uint8Array | null): void {
    this.lines.push(bytes === undefined ? what : `${what} ${bytes === null ? 'STALL' : toHex(bytes)}`);
  }
}

/** A virtual reader whose bulk IN packets are recorded as the host reads them. */
function recordedReader(rec: Recorder, start: Start, flash: VirtualFlash, crypto: CryptoPort, issuerRoot: Uint8Array, seed: string): VirtualReader {
  // The board entries apply their own layout defaults: give both firmwares the same full configuration.
  const config = resolveConfig({ issuerRoot }, flash);
  const reader = createVirtualReader({ flash, crypto, seed, config, start });
  const take = reader.take.bind(reader);
  reader.take = () => {
    const packets = take();
    for (const p of packets) rec.add('in', p);
    return packets;
  };
  return reader;
}

/** The screens, LEDs and beeps of a reader so far. */
function peripherals(rec: Recorder, r: VirtualReader, label: string): void {
  rec.add(`${label} screens ${JSON.stringify(r.display.history)}`);
  rec.add(`${label} leds ${r.signal.leds.join(',')} beeps ${r.signal.beeps.join(',')}`);
}

/** The whole session on one firmware; returns what it recorded. */
function session(start: Start): string[] {
  const rec = new Recorder();
  const crypto = defaultCrypto();
  const issuer = createIssuer('bundle differential', crypto);
  const flash = new VirtualFlash(4096, 16);
  let reader = recordedReader(rec, start, flash, crypto, issuer.rootPublicKey, 'merchant reader');
  let host = new TestHost(reader);
  const call = (command: number, args?: object) => {
    const a = host.call(command, args);
    rec.add(`answer ${command} status ${a.status}`, a.bytes);
    return a;
  };

  // USB control requests: descriptors, WebUSB URL, MS OS 2.0 set, a STALL.
  const setups: [number, number, number, number, number][] = [
    [0x80, 6, 0x0100, 0, 18], [0x80, 6, 0x0200, 0, 255], [0x80, 6, 0x0300, 0, 255], [0x80, 6, 0x0301, 0x409, 255],
    [0x80, 6, 0x0302, 0x409, 255], [0x80, 6, 0x0303, 0x409, 255], [0x80, 6, 0x0f00, 0, 255], [0xc0, 1, 1, 2, 255],
    [0xc0, 2, 0, 7, 255], [0x80, 6, 0x0600, 0, 10], [0xc0, 9, 0, 0, 8],
  ];
  for (const [bmRequestType, bRequest, wValue, wIndex, wLength] of setups) {
    rec.add(`control ${bmRequestType}/${bRequest}/${wValue}/${wIndex}`, reader.control({ bmRequestType, bRequest, wValue, wIndex, wLength }));
  }

  host.sync();
  const info = call(Command.GET_INFO);
  // Refusals whose details travel on the wire (field paths, limits, offsets), before and after provisioning.
  const raw = (command: number, request: Uint8Array) => {
    const a = host.wait(host.sendRaw(command, request));
    rec.add(`raw answer ${command} status ${a.status}`, a.bytes);
  };
  const bad = (command: number, args: CborMap | undefined) => {
    const env: CborMap = { 1: command };
    if (args !== undefined) env[2] = args;
    raw(command, encode(env));
  };
  call(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: new Uint8Array(16) });
  bad(Command.DEBIT, { 1: CINEMA, 2: 1 });
  bad(Command.DEBIT, { 1: CINEMA, 2: 1, 3: '', 4: new Uint8Array(16) });
  bad(Command.DEBIT, { 1: CINEMA, 2: 1, 4: new Uint8Array(16), 9: 1 });
  bad(Command.SET_TIME, { 1: -1 });
  bad(Command.SET_TIME, {});
  bad(Command.SET_TIME, undefined);
  bad(Command.JOURNAL_READ, { 1: 0, 2: 7 });
  bad(Command.PROVISION_DENYLIST, { 1: [1, 2] });
  bad(0x7f, undefined);
  raw(Command.GET_INFO, Uint8Array.of(0xa1, 0x01, 0x18, 0x01));
  raw(Command.GET_INFO, Uint8Array.of(0xa2, 0x02, 0xa0, 0x01, 0x01));
  raw(Command.GET_INFO, Uint8Array.of(0xff));
  call(Command.SET_TIME, { time: OCT_2024 });
  const cert = issuer.issueReaderCertificate({
    readerPublicKey: info.result.publicKey as Uint8Array, partnerId: 42, partnerName: 'Cinema Le Club', mode: 1,
    categories: [2, 3], notBefore: parisToUnix(2024, 6, 1, 0), notAfter: parisToUnix(2026, 6, 1, 0),
  });
  call(Command.PROVISION_CERTIFICATE, { certificate: cert.subarray(0, cert.length - 1) });
  call(Command.PROVISION_CERTIFICATE, { certificate: cert });
  call(Command.GET_INFO);

  // A debit with PIN, its replay, a conflicting replay, a wrong PIN, balance, card read.
  const card = issuer.issueCard('cap1-cooking', { pin: PIN, establishment: 38001, holderName: 'Camille Martin' });
  const rid = (n: number) => Uint8Array.of(0xa0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n);
  const holder = (command: number, args: object | undefined, pin: string) => {
    const p = host.send(command, args);
    reader.advance(100);
    reader.tap(card);
    reader.advance(200);
    if (pin !== '') reader.type(pin + '#');
    const a = host.wait(p);
    rec.add(`answer ${command} status ${a.status}`, a.bytes);
    return a;
  };
  holder(Command.DEBIT, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'Séance 14h' }, PIN);
  call(Command.DEBIT, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'Séance 14h' });
  call(Command.DEBIT, { benefit: CINEMA, amount: 3, requestId: rid(1) });
  reader.pull(card);
  holder(Command.DEBIT, { benefit: CINEMA, amount: 1, requestId: rid(2) }, '1111');
  reader.pull(card);
  holder(Command.BALANCE, undefined, PIN);
  reader.pull(card);
  holder(Command.READ_CARD, undefined, '');
  reader.pull(card);
  holder(Command.DEBIT, { benefit: 99, amount: 1, requestId: rid(3) }, '');
  reader.pull(card);
  call(Command.GET_TRANSACTION, { requestId: rid(1) });
  call(Command.GET_TRANSACTION, { requestId: rid(9) });
  call(Command.JOURNAL_READ, { since: 0, kind: 0 });
  call(Command.JOURNAL_ACK, { upTo: 1, kind: 0 });
  call(Command.JOURNAL_ACK, { upTo: 9, kind: 0 });

  // A denylist in two parts (out of order), then a reboot on the same flash.
  const entries = [];
  for (let i = 0; i < 400; i++) entries.push({ cardId: Uint8Array.of(1, 2, 3, 4, 5, 6, i >> 8, i & 255), kind: DenyKind.REVOKED, benefits: [], until: 0 });
  const parts = issuer.issueDenylist(3, entries, OCT_2024);
  for (let i = parts.length - 1; i >= 0; i--) call(Command.PROVISION_DENYLIST, { part: parts[i] });
  call(Command.PROVISION_DENYLIST, { part: parts[0] });
  peripherals(rec, reader, 'merchant');
  reader.reboot();
  host = new TestHost(reader);
  host.sync();
  call(Command.GET_INFO);

  // An access reader: allowed, double tap, the event stream, its journal.
  reader = recordedReader(rec, start, new VirtualFlash(4096, 16), crypto, issuer.rootPublicKey, 'access reader');
  host = new TestHost(reader);
  host.sync();
  const ai = call(Command.GET_INFO);
  call(Command.SET_TIME, { time: OCT_2024 });
  call(Command.PROVISION_CERTIFICATE, {
    certificate: issuer.issueReaderCertificate({
      readerPublicKey: ai.result.publicKey as Uint8Array, partnerId: 7, partnerName: 'Lycee Vaucanson', mode: 2, categories: [],
      establishment: 38001, notBefore: parisToUnix(2024, 6, 1, 0), notAfter: parisToUnix(2026, 6, 1, 0),
    }),
  });
  const check = () => {
    const p = host.send(Command.ACCESS_CHECK);
    reader.advance(50);
    reader.tap(card);
    const a = host.wait(p);
    rec.add(`access status ${a.status}`, a.bytes);
    reader.pull(card);
    reader.advance(50);
  };
  check();
  check();
  reader.advance(11_000);
  check();
  call(Command.ACCESS_STREAM, { enable: true });
  reader.tap(card);
  reader.advance(500);
  reader.pull(card);
  reader.advance(500);
  host.pump();
  for (const e of host.events) rec.add(`event ${e.seq} ${JSON.stringify(e.event, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v))}`);
  call(Command.ACCESS_STREAM, { enable: false });
  call(Command.JOURNAL_READ, { since: 0, kind: 1 });
  peripherals(rec, reader, 'access');
  return rec.lines;
}

let reference: string[] | null = null;
function fromSource(): string[] {
  if (!reference) reference = session(undefined);
  return reference;
}

test('the session is deterministic on the sources (so a difference below is the bundle)', () => {
  assert.equal(session(undefined), fromSource());
});

for (const [profile, bundle] of [['jerryscript', 'jerryscript.js'], ['espruino', 'espruino.js']] as [ProfileName, string][]) {
  test(`${bundle} (${profile} profile) gives the same bytes, screens and signals as the sources`, async () => {
    const engine = await createEngine(profile, { heapBudget: null, timeLimitMs: null });
    try {
      engine.load(readBundle(bundle), bundle);
      const got = session(engineStart(engine));
      const want = fromSource();
      for (let i = 0; i < Math.max(got.length, want.length); i++) {
        if (got[i] !== want[i]) assert.is(got[i], want[i], `first difference at output ${i} of ${want.length}`);
      }
      assert.is(got.length, want.length);
    } finally {
      engine.dispose();
    }
  });
}

test.run();
