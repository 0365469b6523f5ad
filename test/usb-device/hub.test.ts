/**
 * VirtualUsb as navigator.usb: requestDevice filters and chooser, getDevices
 * permissions, connect/disconnect events, replugging, and two contexts (two
 * tabs or processes) competing for the reader's interface.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { USB_VENDOR_ID } from '../../protocol/usb.js';
import { VirtualUsb, VirtualUsbBus, scriptedEndpoint } from '../../simulator/usb/index.js';
import { ID2, openClaimed, readerGadget, rejects } from './fixture.js';

const test = suite('usb-device: VirtualUsb hub');

test('requestDevice: filters by ids, class codes, serial number; exclusions', async () => {
  const usb = new VirtualUsb();
  const a = readerGadget(scriptedEndpoint());
  const b = readerGadget(scriptedEndpoint(), ID2);
  usb.plug(a);
  usb.plug(b);
  const pick = (filters: USBDeviceFilter[], exclusionFilters?: USBDeviceFilter[]) =>
    usb.requestDevice({ filters, exclusionFilters }).then((d) => d.serialNumber);
  assert.is(await pick([{ vendorId: USB_VENDOR_ID }]), '0123456789abcdef', 'default chooser takes the first match');
  assert.is(await pick([{ vendorId: USB_VENDOR_ID, productId: 1, serialNumber: 'fedcba9876543210' }]), 'fedcba9876543210');
  assert.is(await pick([{ classCode: 0xff }]), '0123456789abcdef', 'class code matches the vendor interface');
  assert.is(await pick([{ classCode: 0xff, subclassCode: 0, protocolCode: 0 }]), '0123456789abcdef');
  assert.is(await pick([], [{ serialNumber: '0123456789abcdef' }]), 'fedcba9876543210', 'empty filters = every device');
  await rejects(usb.requestDevice({ filters: [{ vendorId: 0x1234 }] }), 'NotFoundError', 'No device selected.');
  await rejects(usb.requestDevice({ filters: [{ classCode: 0x03 }] }), 'NotFoundError');
  await rejects(usb.requestDevice({ filters: [{ vendorId: USB_VENDOR_ID, productId: 2 }] }), 'NotFoundError');
  await rejects(usb.requestDevice({ filters: [{ vendorId: USB_VENDOR_ID }] , exclusionFilters: [{ vendorId: USB_VENDOR_ID }] }), 'NotFoundError');
  await rejects(usb.requestDevice({ filters: [{ productId: 1 }] }), 'TypeError', 'productId must also contain a vendorId');
  await rejects(usb.requestDevice({ filters: [{ subclassCode: 0 }] }), 'TypeError', 'classCode');
  await rejects(usb.requestDevice({ filters: [{ classCode: 0xff, protocolCode: 0 }] }), 'TypeError', 'subclassCode');
  await rejects(usb.requestDevice(), 'TypeError');
});

test('requestDevice: a chooser picks, or cancels (NotFoundError)', async () => {
  let offered = 0;
  const usb = new VirtualUsb({ chooser: (ds) => { offered = ds.length; return ds.find((d) => d.serialNumber === 'fedcba9876543210'); } });
  usb.plug(readerGadget(scriptedEndpoint()));
  usb.plug(readerGadget(scriptedEndpoint(), ID2));
  const d = await usb.requestDevice({ filters: [{ vendorId: USB_VENDOR_ID }] });
  assert.is(offered, 2);
  assert.is(d.serialNumber, 'fedcba9876543210');
  const cancel = new VirtualUsb({ chooser: () => null });
  cancel.plug(readerGadget(scriptedEndpoint()));
  await rejects(cancel.requestDevice({ filters: [] }), 'NotFoundError', 'No device selected.');
});

test('getDevices: only granted devices (browser rule), all with allowAllDevices', async () => {
  const usb = new VirtualUsb();
  usb.plug(readerGadget(scriptedEndpoint()));
  usb.plug(readerGadget(scriptedEndpoint(), ID2));
  assert.is((await usb.getDevices()).length, 0);
  const d = await usb.requestDevice({ filters: [{ serialNumber: 'fedcba9876543210' }] });
  const listed = await usb.getDevices();
  assert.is(listed.length, 1);
  assert.is(listed[0], d, 'the same USBDevice object each time');
  const all = new VirtualUsb({ allowAllDevices: true, bus: usb.bus });
  assert.is((await all.getDevices()).length, 2);
});

test('connect/disconnect events for granted devices; a replug gives a new USBDevice object', async () => {
  const usb = new VirtualUsb();
  const gadget = readerGadget(scriptedEndpoint());
  usb.plug(gadget);
  const events: string[] = [];
  usb.addEventListener('connect', (e) => events.push(`connect ${e.device.serialNumber}`));
  usb.addEventListener('disconnect', (e) => events.push(`disconnect ${e.device.serialNumber}`));
  let viaHandler = 0;
  usb.ondisconnect = () => viaHandler++;
  gadget.unplug();
  gadget.plug();
  assert.equal(events, [], 'no events for a device the page was never granted');
  const first = await usb.requestDevice({ filters: [{ vendorId: USB_VENDOR_ID }] });
  usb.unplug(gadget);
  assert.is(first.opened, false);
  assert.is((await usb.getDevices()).length, 0);
  usb.plug(gadget);
  assert.equal(events, ['disconnect 0123456789abcdef', 'connect 0123456789abcdef']);
  assert.is(viaHandler, 1, 'ondisconnect handler called');
  const [second] = await usb.getDevices();
  assert.is.not(second, first);
  await openClaimed(second);
  await rejects(first.open(), 'NotFoundError', 'disconnected'); // the old object stays dead
});

test('two contexts on one bus: one claim owner at a time (NetworkError), released by close', async () => {
  const bus = new VirtualUsbBus();
  const tab1 = new VirtualUsb({ bus, allowAllDevices: true });
  const tab2 = new VirtualUsb({ bus, allowAllDevices: true });
  const gadget = readerGadget(scriptedEndpoint());
  bus.plug(gadget);
  const [d1] = await tab1.getDevices();
  const [d2] = await tab2.getDevices();
  assert.is.not(d1, d2);
  await openClaimed(d1);
  await d2.open(); // opening is shared, as on Linux and macOS
  await rejects(d2.claimInterface(0), 'NetworkError', 'Unable to claim interface.');
  assert.is(d2.configuration!.interfaces[0].claimed, false);
  await rejects(d2.transferIn(1, 64), 'NotFoundError');
  await d1.close();
  await d2.claimInterface(0);
  assert.is(gadget.isClaimed(0), true);
  await rejects(d1.open().then(() => d1.claimInterface(0)), 'NetworkError');
  tab2.dispose(); // closing the second page releases its claim
  assert.is(gadget.isClaimed(0), false);
  await d1.claimInterface(0);
});

test.run();
