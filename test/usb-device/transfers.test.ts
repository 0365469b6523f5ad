/**
 * Bulk transfers through the virtual device: packets pass through unchanged,
 * transfers split into max-packet-size packets the way USB bulk does, IN
 * transfers complete on a full buffer or a short packet, babble, and fault
 * injection (drop, garble, unplug at a packet number) with its counters.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { VirtualUsb, echoEndpoint, scriptedEndpoint, type ScriptedEndpoint, type UsbGadget } from '../../simulator/usb/index.js';
import { bytesOf, openClaimed, packet, readerGadget, rejects, settle } from './fixture.js';

const test = suite('usb-device: bulk transfers and faults');

async function setup(endpoint: ScriptedEndpoint = scriptedEndpoint()): Promise<{ gadget: UsbGadget; device: USBDevice; endpoint: ScriptedEndpoint }> {
  const gadget = readerGadget(endpoint);
  const usb = new VirtualUsb({ allowAllDevices: true });
  usb.plug(gadget);
  const [device] = await usb.getDevices();
  await openClaimed(device);
  return { gadget, device, endpoint };
}

test('an echo endpoint gets every packet unchanged and sends it back unchanged', async () => {
  const { device, endpoint, gadget } = await setup(echoEndpoint());
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 64, maxLength: 64 }), async (p) => {
      const w = await device.transferOut(1, p);
      assert.is(w.status, 'ok');
      assert.is(w.bytesWritten, 64);
      const r = await device.transferIn(1, 64);
      assert.is(r.status, 'ok');
      assert.equal([...bytesOf(r)], [...p]);
      assert.equal([...endpoint.received[endpoint.received.length - 1]], [...p]);
    }),
    { numRuns: 100 },
  );
  const c = gadget.counters;
  assert.is(c.outPackets, endpoint.received.length);
  assert.is(c.inPackets, c.outPackets);
  assert.is(c.outBytes, 64 * c.outPackets);
  assert.is(c.inTransfers, c.outTransfers);
});

test('the device cannot tamper with the caller buffer, nor the caller with queued packets', async () => {
  const { device, endpoint } = await setup();
  const mine = packet(1);
  await device.transferOut(1, mine);
  endpoint.received[0][0] = 0xee;
  assert.is(mine[0], 1);
  const reused = packet(7);
  endpoint.send(reused);
  reused.fill(0); // the firmware reuses its buffer at once
  assert.equal([...bytesOf(await device.transferIn(1, 64))], [...packet(7)]);
});

test('OUT transfers leave as max-packet-size packets: 150 -> 64+64+22, 128 -> 64+64, 0 -> one ZLP', async () => {
  const { device, endpoint } = await setup();
  const big = packet(3, 150);
  const w = await device.transferOut(1, big);
  assert.is(w.bytesWritten, 150);
  assert.equal(endpoint.received.map((p) => p.length), [64, 64, 22]);
  assert.equal([...endpoint.received[2]], [...big.subarray(128)]);
  endpoint.received.length = 0;
  await device.transferOut(1, packet(0, 128));
  assert.equal(endpoint.received.map((p) => p.length), [64, 64], 'no zero-length packet after a multiple of 64');
  endpoint.received.length = 0;
  await device.transferOut(1, new Uint8Array(0));
  assert.equal(endpoint.received.map((p) => p.length), [0]);
});

test('IN transfers: complete on a full buffer or a short packet; babble when a packet does not fit', async () => {
  const { device, endpoint } = await setup();
  const two = device.transferIn(1, 128);
  endpoint.send(packet(1));
  await settle();
  endpoint.send(packet(2));
  const r = await two;
  assert.is(r.status, 'ok');
  assert.equal([...bytesOf(r)], [...packet(1), ...packet(2)], 'full-size packets do not end a transfer');
  endpoint.send(packet(4, 10));
  const short = await device.transferIn(1, 640);
  assert.is(short.status, 'ok');
  assert.is(short.data!.byteLength, 10, 'a short packet ends the transfer');
  endpoint.send(packet(5));
  const babble = await device.transferIn(1, 32);
  assert.is(babble.status, 'babble');
  assert.equal([...bytesOf(babble)], [...packet(5, 32)]);
  endpoint.send(packet(6));
  assert.equal([...bytesOf(await device.transferIn(1, 64))], [...packet(6)], 'the babbled packet is gone, the next one is intact');
});

test('IN packets wait in the device until the host reads them, in order; pending reads are served in order', async () => {
  const { device, endpoint, gadget } = await setup();
  endpoint.send(packet(1));
  endpoint.send(packet(2));
  assert.is(gadget.pendingInPackets, 2);
  const a = device.transferIn(1, 64);
  const b = device.transferIn(1, 64);
  const c = device.transferIn(1, 64);
  endpoint.send(packet(3));
  assert.equal([(await a), (await b), (await c)].map((r) => bytesOf(r)[0]), [1, 2, 3]);
  assert.is(gadget.pendingInPackets, 0);
});

test('fault: drop OUT packet N and IN packet N, counted', async () => {
  const { device, endpoint, gadget } = await setup(echoEndpoint());
  gadget.faults.drop('out', 2).drop('in', 3);
  for (let i = 1; i <= 4; i++) await device.transferOut(1, packet(i));
  assert.equal(endpoint.received.map((p) => p[0]), [1, 3, 4], 'OUT packet 2 never reached the device');
  // The device echoed 3 packets (IN 1, 2, 3); IN packet 3 (the echo of 4) was dropped.
  assert.equal([bytesOf(await device.transferIn(1, 64))[0], bytesOf(await device.transferIn(1, 64))[0]], [1, 3]);
  assert.is(gadget.pendingInPackets, 0);
  const c = gadget.counters;
  assert.is(c.outPackets, 4);
  assert.is(c.outDropped, 1);
  assert.is(c.inPackets, 3);
  assert.is(c.inDropped, 1);
  assert.is(gadget.faults.pending, 0);
});

test('fault: garble flips the chosen bytes of packet N only', async () => {
  const { device, endpoint, gadget } = await setup(echoEndpoint());
  gadget.faults.garble('out', 1, { offsets: [0, 63], mask: 0x0f }).garble('in', 2);
  await device.transferOut(1, packet(0));
  await device.transferOut(1, packet(0));
  const expectedOut = packet(0);
  expectedOut[0] ^= 0x0f;
  expectedOut[63] ^= 0x0f;
  assert.equal([...endpoint.received[0]], [...expectedOut]);
  const first = bytesOf(await device.transferIn(1, 64));
  assert.equal([...first], [...expectedOut], 'IN packet 1 is the echo, untouched on the way back');
  const second = bytesOf(await device.transferIn(1, 64));
  const expectedIn = packet(0);
  expectedIn[10] ^= 0xff;
  assert.equal([...second], [...expectedIn], 'default garble: byte 10 inverted');
  assert.is(gadget.counters.outGarbled, 1);
  assert.is(gadget.counters.inGarbled, 1);
});

test('fault: unplug at OUT packet N fails that transfer NotFoundError; the packet is lost', async () => {
  const { device, endpoint, gadget } = await setup();
  gadget.faults.unplugAt('out', gadget.counters.outPackets + 2);
  await rejects(device.transferOut(1, packet(0, 150)), 'NotFoundError', 'disconnected');
  assert.is(endpoint.received.length, 1, 'only the first packet of the transfer got through');
  assert.is(gadget.plugged, false);
  assert.equal(endpoint.power, [false], 'the bus-powered device lost power');
});

test('fault: unplug at IN packet N while the host waits: pending transferIn rejects NotFoundError', async () => {
  const { device, endpoint, gadget } = await setup();
  gadget.faults.unplugAt('in', 2);
  endpoint.send(packet(1));
  assert.is(bytesOf(await device.transferIn(1, 64))[0], 1);
  const pending = device.transferIn(1, 64);
  await settle();
  endpoint.send(packet(2));
  await rejects(pending, 'NotFoundError');
  assert.is(gadget.plugged, false);
  endpoint.send(packet(3)); // an unpowered device sends nothing
  assert.is(gadget.counters.inPackets, 2);
  gadget.plug();
  assert.equal(endpoint.power, [false, true]);
  assert.is(gadget.pendingInPackets, 0, 'nothing survives a power cycle');
});

test('resetCounters restarts packet numbering', async () => {
  const { device, endpoint, gadget } = await setup();
  await device.transferOut(1, packet(1));
  gadget.resetCounters();
  assert.is(gadget.counters.outPackets, 0);
  gadget.faults.drop('out', 1);
  await device.transferOut(1, packet(2));
  assert.is(endpoint.received.length, 1);
  assert.is(gadget.counters.outDropped, 1);
});

test.run();
