/** The firmware's PN532 driver against the virtual PN532, and against a bus of garbage. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Pn532, Pn532Fault } from '../../firmware/drivers/pn532/index.js';
import type { Pn532Options } from '../../firmware/drivers/pn532/index.js';
import { VirtualPn532, chipFrame } from '../../simulator/hw/pn532/index.js';
import type { VirtualPn532Options } from '../../simulator/hw/pn532/index.js';
import type { NfcBus } from '../../firmware/ports/nfc.js';
import { isCodedError } from '../../protocol/errors.js';
import { Status } from '../../protocol/status.js';
import { FakeCard, hex, steppingClock, unhex } from './fake-card.js';

const test = suite('pn532/driver');

const SELECT = unhex('00a4040007a0000000000001' + '00'); // SELECT by AID, Le 00

function setup(chipOptions?: VirtualPn532Options, driverOptions?: Pn532Options) {
  const chip = new VirtualPn532(chipOptions);
  const clock = steppingClock();
  const nfc = new Pn532(chip, clock, driverOptions);
  return { chip, nfc, clock };
}

function errorOf(f: () => unknown): { code: number; at?: number } {
  try {
    f();
  } catch (e) {
    if (isCodedError(e)) return { code: e.code, at: e.at };
    throw e;
  }
  throw new Error('no error thrown');
}

test('init: checks the chip, sets normal SAM mode and few passive retries', () => {
  const { chip, nfc } = setup();
  assert.is(nfc.init(), 0x32010607);
  assert.is(chip.samMode, 1);
  assert.equal(chip.maxRetries, [0xff, 0x01, 0x01]);
  assert.equal(chip.stats.byCommand, { GetFirmwareVersion: 1, SAMConfiguration: 1, RFConfiguration: 1 });
  assert.is(nfc.firmwareVersion(), 0x32010607);
});

test('init refuses a chip that is not a PN532', () => {
  const { nfc } = setup({ firmware: [0x33, 0x02, 0x07, 0x07] });
  assert.equal(errorOf(() => nfc.init()), { code: Status.INTERNAL, at: Pn532Fault.WrongChip });
});

test('poll: no card -> count 0, and exchange refuses with NO_CARD without touching the bus', () => {
  const { chip, nfc } = setup();
  nfc.init();
  assert.equal(nfc.poll(), { count: 0 });
  const writes = chip.stats.hostWrites;
  assert.is(errorOf(() => nfc.exchange(SELECT)).code, Status.NO_CARD);
  assert.is(chip.stats.hostWrites, writes);
});

test('poll: one card -> its UID, ATQA, SAK, ATS; APDUs round trip; release ends the session', () => {
  const { chip, nfc } = setup();
  nfc.init();
  const card = new FakeCard(unhex('04a1b2c3d4e5f6'), unhex('0675778102' + '80'));
  chip.placeCard(card);
  const r = nfc.poll();
  assert.is(r.count, 1);
  assert.is(hex(r.uid!), '04a1b2c3d4e5f6');
  assert.is(r.atqa, 0x0344);
  assert.is(r.sak, 0x20);
  assert.is(r.isoDep, true);
  assert.is(hex(r.ats!), '067577810280');
  assert.is(hex(nfc.exchange(SELECT)), hex(SELECT) + '9000');
  card.responseLength = 40;
  const resp = nfc.exchange(unhex('00b0000028'));
  assert.is(resp.length, 42);
  assert.is(hex(resp.subarray(40)), '9000');
  assert.is(card.received.length, 2);
  nfc.release();
  assert.is(chip.activeTargets().length, 0);
  assert.is(errorOf(() => nfc.exchange(SELECT)).code, Status.NO_CARD);
});

test('poll: two cards -> count 2, exchange refuses with MULTIPLE_CARDS; one removed -> count 1', () => {
  const { chip, nfc } = setup();
  nfc.init();
  const a = new FakeCard(unhex('01020304'));
  const b = new FakeCard(unhex('04b1b2b3b4b5b6'));
  chip.placeCard(a);
  chip.placeCard(b);
  const r = nfc.poll();
  assert.is(r.count, 2);
  assert.is(errorOf(() => nfc.exchange(SELECT)).code, Status.MULTIPLE_CARDS);
  assert.is(a.received.length + b.received.length, 0);
  nfc.release();
  chip.removeCard(a);
  const r2 = nfc.poll();
  assert.is(r2.count, 1);
  assert.is(hex(r2.uid!), '04b1b2b3b4b5b6');
});

test('a card that is not ISO/IEC 14443-4 is listed with isoDep false and no ATS', () => {
  const { chip, nfc } = setup();
  nfc.init();
  const classic = Object.assign(new FakeCard(unhex('deadbeef')), { sak: 0x08, atqa: 0x0004 });
  chip.placeCard(classic);
  const r = nfc.poll();
  assert.equal({ count: r.count, isoDep: r.isoDep, ats: r.ats, atqa: r.atqa }, { count: 1, isoDep: false, ats: undefined, atqa: 4 });
});

test('card pulled before exchange N sees the APDU: CARD_REMOVED (status 01), then no bus traffic', () => {
  const { chip, nfc } = setup();
  nfc.init();
  const card = new FakeCard(unhex('01020304'));
  chip.placeCard(card);
  nfc.poll();
  chip.hooks.beforeExchange = (e) => {
    if (e.index === 2) chip.removeCard(e.card);
  };
  nfc.exchange(SELECT);
  assert.equal(errorOf(() => nfc.exchange(unhex('00b0000000'))), { code: Status.CARD_REMOVED, at: 0x01 });
  assert.is(card.received.length, 1); // the card never saw the second APDU
  const writes = chip.stats.hostWrites;
  assert.is(errorOf(() => nfc.exchange(SELECT)).code, Status.CARD_REMOVED);
  assert.is(chip.stats.hostWrites, writes);
  nfc.release();
  assert.equal(nfc.poll(), { count: 0 });
});

test('card pulled after it answered (response lost): CARD_REMOVED, and the card did process the APDU', () => {
  const { chip, nfc } = setup();
  nfc.init();
  const card = new FakeCard(unhex('01020304'));
  chip.placeCard(card);
  nfc.poll();
  chip.hooks.afterExchange = (e) => chip.removeCard(e.card);
  assert.is(errorOf(() => nfc.exchange(SELECT)).code, Status.CARD_REMOVED);
  assert.is(card.received.length, 1);
  assert.is(card.resets, 1); // activation only: a card out of the field is not called
  nfc.release();
  chip.placeCard(card);
  assert.is(nfc.poll().count, 1);
  assert.is(card.resets, 2); // reactivated: fresh session
});

test('a tear (coded error from the card) reads as CARD_REMOVED; the chip keeps the fault', () => {
  const { chip, nfc } = setup();
  nfc.init();
  const card = new FakeCard(unhex('01020304'));
  chip.placeCard(card);
  nfc.poll();
  card.tearNext = true;
  assert.is(errorOf(() => nfc.exchange(SELECT)).code, Status.CARD_REMOVED);
  assert.ok(isCodedError(chip.lastCardFault));
  assert.is(chip.stats.tears, 1);
  assert.equal(chip.cards(), []);
});

test('corrupted response: one NACK, the resent frame is used', () => {
  const { chip, nfc } = setup();
  nfc.init();
  chip.placeCard(new FakeCard(unhex('01020304')));
  nfc.poll();
  chip.faults.corruptResponses = 1;
  assert.is(hex(nfc.exchange(SELECT)), hex(SELECT) + '9000');
  assert.is(nfc.counters.nacks, 1);
  assert.is(chip.stats.nacks, 1);
  assert.is(chip.stats.exchanges, 1); // the card saw the APDU once
});

test('corrupted twice: INTERNAL (BadFrame)', () => {
  const { chip, nfc } = setup();
  nfc.init();
  chip.faults.corruptResponses = 2;
  assert.equal(errorOf(() => nfc.firmwareVersion()), { code: Status.INTERNAL, at: Pn532Fault.BadFrame });
});

test('lost command (no ACK): sent once more; lost twice: INTERNAL (NoAck); dead chip: INTERNAL', () => {
  const { chip, nfc } = setup();
  nfc.init();
  chip.faults.dropCommands = 1;
  assert.is(nfc.firmwareVersion(), 0x32010607);
  assert.is(nfc.counters.resends, 1);
  chip.faults.dropCommands = 2;
  assert.equal(errorOf(() => nfc.firmwareVersion()), { code: Status.INTERNAL, at: Pn532Fault.NoAck });
  chip.faults.mute = true;
  assert.equal(errorOf(() => nfc.poll()), { code: Status.INTERNAL, at: Pn532Fault.NoAck });
});

test('no response before the deadline: the command is aborted with an ACK, INTERNAL (NoResponse)', () => {
  const { chip, nfc } = setup({ responseDelayPolls: 1000 }, { responseTimeoutMs: 50 });
  assert.equal(errorOf(() => nfc.firmwareVersion()), { code: Status.INTERNAL, at: Pn532Fault.NoResponse });
  assert.is(chip.stats.aborts, 1);
});

test('without init the power-on retries make poll wait until the deadline; the abort clears it', () => {
  const { chip, nfc } = setup({}, { pollTimeoutMs: 40 });
  assert.equal(errorOf(() => nfc.poll()), { code: Status.INTERNAL, at: Pn532Fault.NoResponse });
  chip.placeCard(new FakeCard(unhex('01020304')));
  for (let i = 0; i < 5; i++) assert.not.ok(chip.ready()); // the aborted InListPassiveTarget answers nothing
});

test('large APDUs: extended frames both ways; a response longer than readSize costs one NACK', () => {
  const { chip, nfc } = setup({}, { readSize: 64 });
  nfc.init();
  const card = new FakeCard(unhex('01020304'));
  chip.placeCard(card);
  nfc.poll();
  const big = new Uint8Array(262).map((_, i) => (i * 13) & 0xff);
  card.responseLength = 256;
  const resp = nfc.exchange(big);
  assert.is(resp.length, 258);
  assert.is(hex(card.received[0]), hex(big));
  assert.is(nfc.counters.nacks, 1);
  assert.is(errorOf(() => nfc.exchange(new Uint8Array(263))).code, Status.MESSAGE_TOO_LONG);
  card.responseLength = 300; // more than the PN532 passes without chaining
  assert.equal(errorOf(() => nfc.exchange(SELECT)), { code: Status.CARD_ERROR, at: 0x07 });
});

test('slow chip (delayed ACK and response) still works', () => {
  const { chip, nfc } = setup({ ackDelayPolls: 3, responseDelayPolls: 20 });
  nfc.init();
  chip.placeCard(new FakeCard(unhex('01020304')));
  assert.is(nfc.poll().count, 1);
  assert.is(hex(nfc.exchange(SELECT)), hex(SELECT) + '9000');
});

test('cost of one exchange: one command, n+10 bytes out, 6 + m+10 frame bytes back', () => {
  const { chip, nfc } = setup({}, { readSize: 96 });
  nfc.init();
  const card = new FakeCard(unhex('01020304'));
  chip.placeCard(card);
  nfc.poll();
  card.responseLength = 70; // m = 72 with the status word
  chip.resetStats();
  const c0 = { ...nfc.counters };
  nfc.exchange(SELECT); // n = 13
  assert.is(chip.stats.commands, 1);
  assert.is(chip.stats.bytesFromHost, 13 + 10);
  assert.is(chip.stats.bytesToHost, 6 + 72 + 10);
  assert.is(chip.stats.busBytesRead, 7 + 97);
  assert.is(nfc.counters.written - c0.written, 23);
  assert.is(nfc.counters.read - c0.read, 104);
  assert.is(chip.stats.apduBytesToCard, 13);
  assert.is(chip.stats.apduBytesFromCard, 72);
});

/** A bus that answers garbage, stray ACKs and random (well-formed) chip frames. */
function garbageBus(seed: number, readyRate: number): NfcBus {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
  return {
    write: () => undefined,
    ready: () => rnd() < readyRate,
    read: (n) => {
      const out = new Uint8Array(n);
      const kind = rnd();
      let body: Uint8Array;
      if (kind < 0.3) body = Uint8Array.of(0, 0, 0xff, 0, 0xff, 0);
      else if (kind < 0.6) {
        const payload = new Uint8Array(Math.floor(rnd() * 20)).map(() => Math.floor(rnd() * 256));
        if (payload.length > 0 && rnd() < 0.5) payload[0] = [0x03, 0x15, 0x33, 0x41, 0x4b, 0x53][Math.floor(rnd() * 6)];
        body = chipFrame(payload);
      } else body = new Uint8Array(n).map(() => Math.floor(rnd() * 256));
      out[0] = rnd() < 0.9 ? 0x01 : 0x00;
      out.set(body.subarray(0, n - 1), 1);
      return out;
    },
  };
}

test('property: a bus of garbage gives results or coded errors only, and every call ends', () => {
  const allowed = [Status.INTERNAL, Status.NO_CARD, Status.MULTIPLE_CARDS, Status.CARD_REMOVED, Status.CARD_ERROR];
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 0x7fffffff }),
      fc.double({ min: 0.05, max: 1, noNaN: true }),
      fc.array(fc.constantFrom('init', 'version', 'poll', 'exchange', 'release'), { minLength: 1, maxLength: 8 }),
      (seed, readyRate, ops) => {
        const nfc = new Pn532(garbageBus(seed, readyRate), steppingClock(), { pollTimeoutMs: 30, exchangeTimeoutMs: 30 });
        for (const op of ops) {
          try {
            if (op === 'init') nfc.init();
            else if (op === 'version') nfc.firmwareVersion();
            else if (op === 'poll') {
              const r = nfc.poll();
              assert.ok(r.count >= 0 && r.count <= 2);
            } else if (op === 'exchange') assert.instance(nfc.exchange(SELECT), Uint8Array);
            else nfc.release();
          } catch (e) {
            assert.ok(isCodedError(e), `not a coded error: ${String(e)}`);
            assert.ok(allowed.includes(e.code), `unexpected code ${e.code}`);
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

test.run();
