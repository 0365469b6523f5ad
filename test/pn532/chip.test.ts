/** The virtual PN532 at the byte level: hand-written host frames, exact bytes back. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualPn532 } from '../../simulator/hw/pn532/index.js';
import { FakeCard, hex, unhex } from './fake-card.js';

const test = suite('pn532/virtual chip');

const GET_VERSION = unhex('0000ff02fed4022a00');
const ACK_READ = '01' + '0000ff00ff00';

/** Poll until ready (bounded) and read n bytes. */
function readWhenReady(chip: VirtualPn532, n: number, maxPolls = 50): Uint8Array {
  for (let i = 0; i < maxPolls; i++) if (chip.ready()) return chip.read(n);
  throw new Error('chip never ready');
}

test('GetFirmwareVersion: ACK at once, response after the processing polls, then idle', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 2 });
  assert.not.ok(chip.ready());
  chip.write(GET_VERSION);
  assert.ok(chip.ready());
  assert.is(hex(chip.read(7)), ACK_READ);
  assert.not.ok(chip.ready());
  assert.is(hex(chip.read(4)), '00000000'); // busy read: status 0, counts as a poll
  assert.ok(chip.ready());
  assert.is(hex(chip.read(16)), '01' + '0000ff06fad50332010607e800' + '0000');
  assert.not.ok(chip.ready());
  assert.is(chip.stats.commands, 1);
  assert.is(chip.stats.byCommand.GetFirmwareVersion, 1);
  assert.is(chip.stats.bytesFromHost, 9);
  assert.is(chip.stats.bytesToHost, 6 + 13);
  assert.is(chip.stats.busBytesRead, 7 + 4 + 16);
});

test('a short read consumes the frame; NACK resends the last response in full', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 0 });
  chip.write(GET_VERSION);
  readWhenReady(chip, 7);
  assert.is(hex(readWhenReady(chip, 6)), '010000ff06fa');
  assert.not.ok(chip.ready());
  chip.write(unhex('0000ffff0000'));
  assert.is(hex(readWhenReady(chip, 14)), '01' + '0000ff06fad50332010607e800');
  assert.is(chip.stats.nacks, 1);
});

test('checksum errors get the error frame instead of the ACK; noise is ignored', () => {
  const chip = new VirtualPn532();
  chip.write(unhex('0000ff02fed4022b00')); // DCS off by one
  assert.is(hex(readWhenReady(chip, 9)), '01' + '0000ff01ff7f8100');
  chip.write(unhex('0000ff03fed4022a00')); // LCS wrong
  assert.is(hex(readWhenReady(chip, 9)), '01' + '0000ff01ff7f8100');
  chip.write(unhex('deadbeef'));
  assert.not.ok(chip.ready());
  assert.is(chip.stats.ignored, 1);
  assert.is(chip.stats.commands, 0);
});

test('unknown command and bad parameters: ACK then the syntax-error frame', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 0 });
  chip.write(frame('f0')); // command 0xF0
  assert.is(hex(readWhenReady(chip, 7)), ACK_READ);
  assert.is(hex(readWhenReady(chip, 9)), '01' + '0000ff01ff7f8100');
  chip.write(unhex('0000ff03fdd41409' + '0f00')); // SAMConfiguration mode 9
  assert.is(hex(readWhenReady(chip, 7)), ACK_READ);
  assert.is(hex(readWhenReady(chip, 9)), '01' + '0000ff01ff7f8100');
});

test('host ACK aborts the command in progress', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 5 });
  chip.write(GET_VERSION);
  readWhenReady(chip, 7);
  chip.write(unhex('0000ff00ff00'));
  for (let i = 0; i < 10; i++) assert.not.ok(chip.ready());
  assert.is(chip.stats.aborts, 1);
});

test('InListPassiveTarget with power-on retries (for ever) waits until a card comes', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 0 });
  chip.write(unhex('0000ff04fcd44a0100e100'));
  readWhenReady(chip, 7);
  for (let i = 0; i < 20; i++) assert.not.ok(chip.ready());
  const card = new FakeCard(unhex('04a1b2c3d4e5f6'), unhex('0578807002'));
  chip.placeCard(card);
  const r = readWhenReady(chip, 40);
  // D5 4B NbTg=1 Tg=1 SENS_RES 03 44 SEL_RES 20 len 7 UID ATS
  assert.is(hex(parseBody(r)), '4b' + '01' + '01' + '0344' + '20' + '07' + '04a1b2c3d4e5f6' + '0578807002');
  assert.is(card.resets, 1); // activation starts a fresh session
});

test('RFConfiguration MaxRetries: no card answers NbTg 0 at once', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 0 });
  chip.write(frame('32' + '05ff0101'));
  readWhenReady(chip, 7);
  assert.is(hex(parseBody(readWhenReady(chip, 12))), '33');
  assert.equal(chip.maxRetries, [0xff, 0x01, 0x01]);
  chip.write(frame('4a0200'));
  readWhenReady(chip, 7);
  assert.is(hex(parseBody(readWhenReady(chip, 12))), '4b00');
});

test('two cards: MaxTg 1 selects one (anticollision), MaxTg 2 lists both', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 0 });
  chip.write(frame('3205ff0101'));
  readWhenReady(chip, 7);
  readWhenReady(chip, 12);
  const a = new FakeCard(unhex('08000001')); // first byte LSB 0
  const b = new FakeCard(unhex('09000002')); // first byte LSB 1: wins the first collision
  chip.placeCard(a);
  chip.placeCard(b);
  chip.write(frame('4a0100'));
  readWhenReady(chip, 7);
  const one = parseBody(readWhenReady(chip, 60));
  assert.is(one[1], 1);
  assert.is(hex(one.subarray(7, 11)), '09000002');
  chip.write(frame('4a0200'));
  readWhenReady(chip, 7);
  const two = parseBody(readWhenReady(chip, 80));
  assert.is(two[1], 2);
  assert.is(chip.activeTargets().length, 2);
  assert.equal(chip.cards(), [a, b]);
});

test('InDataExchange: APDU to the card, status 00 + response; removed card -> status 01; unknown Tg -> 27', () => {
  const chip = new VirtualPn532({ responseDelayPolls: 0 });
  chip.write(frame('3205ff0101'));
  readWhenReady(chip, 7);
  readWhenReady(chip, 12);
  const card = new FakeCard(unhex('01020304'));
  chip.placeCard(card);
  chip.write(frame('4a0100'));
  readWhenReady(chip, 7);
  readWhenReady(chip, 60);
  chip.write(frame('40' + '01' + '00a4040000'));
  readWhenReady(chip, 7);
  assert.is(hex(parseBody(readWhenReady(chip, 40))), '41' + '00' + '00a4040000' + '9000');
  chip.write(frame('40' + '02' + '00'));
  readWhenReady(chip, 7);
  assert.is(hex(parseBody(readWhenReady(chip, 40))), '4127');
  chip.removeCard(card);
  chip.write(frame('40' + '01' + '00b0000000'));
  readWhenReady(chip, 7);
  assert.is(hex(parseBody(readWhenReady(chip, 40))), '4101');
  assert.is(card.received.length, 1);
  assert.is(chip.stats.exchanges, 1);
});

test('mute chip: nothing is executed nor answered', () => {
  const chip = new VirtualPn532();
  chip.faults.mute = true;
  chip.write(GET_VERSION);
  for (let i = 0; i < 5; i++) assert.not.ok(chip.ready());
  assert.is(hex(chip.read(3)), '000000');
  assert.is(chip.stats.commands, 0);
});

/** A host frame for payload hex (command code first). */
function frame(payloadHex: string): Uint8Array {
  const p = unhex('d4' + payloadHex);
  const sum = p.reduce((s, b) => s + b, 0);
  return Uint8Array.of(0, 0, 0xff, p.length, (256 - p.length) & 0xff, ...p, (256 - (sum & 0xff)) & 0xff, 0);
}

/** PD0..PDn of a normal chip frame read with its I2C status byte. */
function parseBody(r: Uint8Array): Uint8Array {
  assert.is(hex(r.subarray(0, 4)), '010000ff');
  const len = r[4];
  assert.is((len + r[5]) & 0xff, 0);
  assert.is(r[6], 0xd5);
  return r.subarray(7, 6 + len);
}

test.run();
