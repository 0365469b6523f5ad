/**
 * The WebUSB USBDevice state rules of VirtualUsbDevice: what must be open,
 * configured or claimed first, and the DOMException names Chromium raises.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualUsb, scriptedEndpoint } from '../../simulator/usb/index.js';
import { openClaimed, readerGadget, rejects, settle } from './fixture.js';

const test = suite('usb-device: USBDevice rules');

async function fresh(endpoint = scriptedEndpoint()) {
  const gadget = readerGadget(endpoint);
  const usb = new VirtualUsb({ allowAllDevices: true });
  usb.plug(gadget);
  const [device] = await usb.getDevices();
  return { gadget, usb, device, endpoint };
}

test('attributes before open: configuration selected by the OS, nothing claimed', async () => {
  const { device } = await fresh();
  assert.is(device.opened, false);
  assert.ok(device.configuration, 'the host OS set configuration 1 at enumeration');
  assert.is(device.configuration!.configurationValue, 1);
  assert.is(device.configurations.length, 1);
  const iface = device.configuration!.interfaces[0];
  assert.is(iface.interfaceNumber, 0);
  assert.is(iface.claimed, false);
  assert.is(iface.alternate.alternateSetting, 0);
  assert.equal(
    iface.alternate.endpoints.map((e) => [e.endpointNumber, e.direction, e.type, e.packetSize]),
    [[1, 'out', 'bulk', 64], [1, 'in', 'bulk', 64]],
  );
});

test('everything but open/close/forget needs an opened device: InvalidStateError', async () => {
  const { device } = await fresh();
  await rejects(device.claimInterface(0), 'InvalidStateError', 'opened first');
  await rejects(device.releaseInterface(0), 'InvalidStateError');
  await rejects(device.selectConfiguration(1), 'InvalidStateError');
  await rejects(device.selectAlternateInterface(0, 0), 'InvalidStateError');
  await rejects(device.transferIn(1, 64), 'InvalidStateError');
  await rejects(device.transferOut(1, new Uint8Array(64)), 'InvalidStateError');
  await rejects(device.clearHalt('in', 1), 'InvalidStateError');
  await rejects(device.reset(), 'InvalidStateError');
  await rejects(
    device.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value: 0x0100, index: 0 }, 18),
    'InvalidStateError',
  );
  await device.close(); // closing a closed device resolves
});

test('open twice resolves; a concurrent state change is refused while one is in progress', async () => {
  const { device } = await fresh();
  const first = device.open();
  const second = device.open();
  const claimDuring = device.claimInterface(0);
  await rejects(second, 'InvalidStateError', 'in progress');
  await rejects(claimDuring, 'InvalidStateError', 'in progress');
  await first;
  assert.is(device.opened, true);
  await device.open();
  const claim = device.claimInterface(0);
  const claimAgain = device.claimInterface(0);
  const closeDuring = device.close();
  await rejects(claimAgain, 'InvalidStateError', 'interface state');
  await rejects(closeDuring, 'InvalidStateError', 'interface state');
  await claim;
  assert.is(device.configuration!.interfaces[0].claimed, true);
});

test('unknown configuration, interface, alternate setting: NotFoundError', async () => {
  const { device } = await fresh();
  await device.open();
  await rejects(device.selectConfiguration(2), 'NotFoundError', 'configuration value');
  await rejects(device.claimInterface(1), 'NotFoundError', 'interface number');
  await rejects(device.selectAlternateInterface(0, 0), 'InvalidStateError', 'not been claimed');
  await device.claimInterface(0);
  await rejects(device.selectAlternateInterface(0, 1), 'NotFoundError', 'alternate setting');
  await device.selectAlternateInterface(0, 0);
  await device.selectConfiguration(1); // already active: resolves
});

test('transfers need the endpoint of a claimed interface: NotFoundError / IndexSizeError', async () => {
  const { device } = await fresh();
  await device.open();
  await rejects(device.transferIn(1, 64), 'NotFoundError', 'not part of a claimed');
  await rejects(device.transferOut(1, new Uint8Array(64)), 'NotFoundError', 'not part of a claimed');
  await device.claimInterface(0);
  await rejects(device.transferIn(0, 64), 'IndexSizeError');
  await rejects(device.transferIn(16, 64), 'IndexSizeError');
  await rejects(device.transferIn(2, 64), 'NotFoundError');
  await rejects(device.transferOut(2, new Uint8Array(64)), 'NotFoundError');
  await device.releaseInterface(0);
  assert.is(device.configuration!.interfaces[0].claimed, false);
  await rejects(device.transferOut(1, new Uint8Array(64)), 'NotFoundError');
  await device.releaseInterface(0); // releasing an unclaimed interface resolves
});

test('bad argument types and ranges: TypeError', async () => {
  const { device } = await openClaimed((await fresh()).device).then((d) => ({ device: d }));
  await rejects(device.transferIn(256, 64), 'TypeError');
  await rejects(device.transferIn(Number.NaN, 64), 'TypeError');
  await rejects(device.transferOut(1, 'abc' as unknown as BufferSource), 'TypeError');
  await rejects(device.controlTransferIn({ requestType: 'weird', recipient: 'device', request: 6, value: 0, index: 0 } as unknown as USBControlTransferParameters, 8), 'TypeError');
  await rejects(device.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value: 0 } as unknown as USBControlTransferParameters, 8), 'TypeError');
  await rejects(device.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value: 0, index: 0 }, 0x10000), 'TypeError');
  await rejects(device.clearHalt('sideways' as USBDirection, 1), 'TypeError');
});

test('isochronous transfers on the bulk endpoints: InvalidAccessError', async () => {
  const device = await openClaimed((await fresh()).device);
  await rejects(device.isochronousTransferIn(1, [64]), 'InvalidAccessError');
  await rejects(device.isochronousTransferOut(1, new Uint8Array(64), [64]), 'InvalidAccessError');
  await rejects(device.isochronousTransferIn(3, [64]), 'NotFoundError');
});

test('close() aborts a pending transferIn with AbortError and releases the interface', async () => {
  const { device, gadget } = await fresh();
  await openClaimed(device);
  const pending = device.transferIn(1, 64);
  await settle();
  await device.close();
  await rejects(pending, 'AbortError', 'cancelled');
  assert.is(device.opened, false);
  assert.is(device.configuration!.interfaces[0].claimed, false);
  assert.is(gadget.isClaimed(0), false, 'the device-wide claim is gone too');
  await rejects(device.transferIn(1, 64), 'InvalidStateError');
});

test('unplug: pending transferIn rejects NotFoundError, every later call too', async () => {
  const { device, gadget } = await fresh();
  await openClaimed(device);
  const pending = device.transferIn(1, 64);
  const pendingOut = device.transferIn(1, 64);
  await settle();
  gadget.unplug();
  await rejects(pending, 'NotFoundError', 'disconnected');
  await rejects(pendingOut, 'NotFoundError', 'disconnected');
  assert.is(device.opened, false);
  await rejects(device.open(), 'NotFoundError');
  await rejects(device.transferOut(1, new Uint8Array(64)), 'NotFoundError');
  await rejects(device.close(), 'NotFoundError');
});

test('reset(): pending transfers abort, the device sees a bus reset, claims stay', async () => {
  const { device, endpoint } = await fresh();
  await openClaimed(device);
  const pending = device.transferIn(1, 64);
  await settle();
  await device.reset();
  await rejects(pending, 'AbortError');
  assert.is(endpoint.resets, 1);
  assert.is(device.configuration!.interfaces[0].claimed, true);
  endpoint.send(new Uint8Array(64).fill(9));
  const r = await device.transferIn(1, 64);
  assert.is(r.status, 'ok');
});

test('a halted endpoint STALLs until clearHalt()', async () => {
  const { device, gadget, endpoint } = await fresh();
  await openClaimed(device);
  const pending = device.transferIn(1, 64);
  await settle();
  gadget.halt('in', 1);
  assert.is((await pending).status, 'stall');
  endpoint.send(new Uint8Array(64).fill(1));
  assert.is((await device.transferIn(1, 64)).status, 'stall');
  await device.clearHalt('in', 1);
  const r = await device.transferIn(1, 64);
  assert.is(r.status, 'ok');
  assert.is(r.data!.byteLength, 64);
  gadget.halt('out', 1);
  const w = await device.transferOut(1, new Uint8Array(64));
  assert.is(w.status, 'stall');
  assert.is(w.bytesWritten, 0);
  assert.is(endpoint.received.length, 0, 'a stalled OUT transfer delivers nothing');
  // CLEAR_FEATURE(ENDPOINT_HALT) on endpoint 0x01 through the control pipe.
  const c = await device.controlTransferOut({ requestType: 'standard', recipient: 'endpoint', request: 1, value: 0, index: 0x01 });
  assert.is(c.status, 'ok');
  assert.is((await device.transferOut(1, new Uint8Array(64))).status, 'ok');
});

test('forget(): the device disappears from getDevices and the old object is dead', async () => {
  const gadget = readerGadget(scriptedEndpoint());
  const usb = new VirtualUsb();
  usb.plug(gadget);
  const device = await usb.requestDevice({ filters: [{ vendorId: 0x1209 }] });
  await openClaimed(device);
  assert.is((await usb.getDevices()).length, 1);
  await device.forget();
  assert.is((await usb.getDevices()).length, 0);
  assert.is(gadget.isClaimed(0), false, 'forget released the claim');
  await rejects(device.open(), 'NotFoundError');
  const again = await usb.requestDevice({ filters: [{ vendorId: 0x1209 }] });
  assert.is.not(again, device);
  await again.open();
  assert.is(again.opened, true);
});

test.run();
