/**
 * The virtual device's control pipe: descriptors read with controlTransferIn
 * and parsed back with the independent test parser (test/usb/parse.ts), the
 * USBDevice attributes agreeing with them, the WebUSB landing page and the
 * MS OS 2.0 set found the way a browser and Windows find them, STALL for the rest.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEVICE_INTERFACE_GUID, LANDING_PAGE_URL } from '../../firmware/usb/index.js';
import { USB_PRODUCT_ID, USB_VENDOR_ID } from '../../protocol/usb.js';
import { VirtualUsb, scriptedEndpoint } from '../../simulator/usb/index.js';
import { guidAt, le16, le32, utf16le, walk, walkMsOs20 } from '../usb/parse.js';
import { ID, bytesOf, openClaimed, readerGadget, rejects } from './fixture.js';

const test = suite('usb-device: descriptors over controlTransferIn');

const WEBUSB_UUID = '3408b638-09a9-47a0-8bfd-a0768815b665';
const MSOS20_UUID = 'd8dd60df-4589-4cc7-9cd2-659d9e648a9f';

async function openDevice(): Promise<USBDevice> {
  const usb = new VirtualUsb({ allowAllDevices: true });
  usb.plug(readerGadget(scriptedEndpoint()));
  const [device] = await usb.getDevices();
  await device.open();
  return device;
}

async function getDescriptor(d: USBDevice, type: number, index: number, length: number, langId = 0): Promise<Uint8Array> {
  const r = await d.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 0x06, value: (type << 8) | index, index: langId }, length);
  assert.is(r.status, 'ok', `GET_DESCRIPTOR ${type}/${index}`);
  return bytesOf(r);
}

async function stringOf(d: USBDevice, index: number): Promise<string> {
  const s = await getDescriptor(d, 3, index, 255, 0x0409);
  return utf16le(s, 2, s[0]);
}

test('device descriptor parsed back agrees with the USBDevice attributes', async () => {
  const d = await openDevice();
  const dev = await getDescriptor(d, 1, 0, 64);
  assert.is(dev.length, 18, 'never more than the descriptor');
  assert.is(le16(dev, 8), d.vendorId);
  assert.is(le16(dev, 10), d.productId);
  assert.is(d.vendorId, USB_VENDOR_ID);
  assert.is(d.productId, USB_PRODUCT_ID);
  assert.is(le16(dev, 2), 0x0210);
  assert.is([d.usbVersionMajor, d.usbVersionMinor, d.usbVersionSubminor].join('.'), '2.1.0');
  assert.is(le16(dev, 12), 0x0102);
  assert.is([d.deviceVersionMajor, d.deviceVersionMinor, d.deviceVersionSubminor].join('.'), '1.0.2');
  assert.equal([dev[4], dev[5], dev[6]], [d.deviceClass, d.deviceSubclass, d.deviceProtocol]);
  assert.is(await stringOf(d, dev[14]), d.manufacturerName);
  assert.is(await stringOf(d, dev[15]), d.productName);
  assert.is(await stringOf(d, dev[16]), d.serialNumber);
  assert.is(d.serialNumber, '0123456789abcdef');
  const first8 = await getDescriptor(d, 1, 0, 8);
  assert.is(first8.length, 8, 'a short wLength truncates the answer');
});

test('configuration descriptor parsed back agrees with configurations[]', async () => {
  const d = await openDevice();
  const head = await getDescriptor(d, 2, 0, 9);
  const all = await getDescriptor(d, 2, 0, le16(head, 2));
  const parts = walk(all);
  assert.is(all[5], d.configurations[0].configurationValue);
  const ifaces = parts.filter((p) => p.type === 4);
  const eps = parts.filter((p) => p.type === 5);
  const alt = d.configurations[0].interfaces[0].alternates[0];
  assert.is(ifaces.length, 1);
  assert.is(ifaces[0].bytes[5], alt.interfaceClass);
  assert.is(alt.interfaceClass, 0xff);
  assert.equal(
    eps.map((e) => [e.bytes[2] & 0x0f, e.bytes[2] & 0x80 ? 'in' : 'out', le16(e.bytes, 4)]),
    alt.endpoints.map((e) => [e.endpointNumber, e.direction, e.packetSize]),
  );
});

test('BOS: the WebUSB capability leads to the landing page URL (GET_URL)', async () => {
  const d = await openDevice();
  const head = await getDescriptor(d, 0x0f, 0, 5);
  const bos = await getDescriptor(d, 0x0f, 0, le16(head, 2));
  const caps = walk(bos.subarray(5));
  const webusb = caps.find((c) => c.bytes[2] === 0x05 && guidAt(c.bytes, 4) === WEBUSB_UUID);
  assert.ok(webusb, 'WebUSB platform capability present');
  const vendorCode = webusb!.bytes[22];
  const landing = webusb!.bytes[23];
  const r = await d.controlTransferIn({ requestType: 'vendor', recipient: 'device', request: vendorCode, value: landing, index: 0x02 }, 255);
  assert.is(r.status, 'ok');
  const url = bytesOf(r);
  assert.is(url[1], 0x03, 'WebUSB URL descriptor type');
  assert.is(url[2], 1, 'https://');
  assert.is(new TextDecoder().decode(url.subarray(3, url[0])), LANDING_PAGE_URL);
});

test('BOS: the MS OS 2.0 capability leads to the descriptor set (WINUSB, interface GUID)', async () => {
  const d = await openDevice();
  const bos = await getDescriptor(d, 0x0f, 0, 255);
  const ms = walk(bos.subarray(5)).find((c) => guidAt(c.bytes, 4) === MSOS20_UUID);
  assert.ok(ms, 'MS OS 2.0 platform capability present');
  const setLength = le16(ms!.bytes, 24);
  const vendorCode = ms!.bytes[26];
  const r = await d.controlTransferIn({ requestType: 'vendor', recipient: 'device', request: vendorCode, value: 0, index: 0x07 }, setLength);
  assert.is(r.status, 'ok');
  const set = bytesOf(r);
  assert.is(set.length, setLength);
  assert.is(le32(set, 4), 0x06030000);
  const parts = walkMsOs20(set);
  const compat = parts.find((p) => p.type === 0x03)!;
  assert.is(new TextDecoder().decode(compat.bytes.subarray(4, 10)), 'WINUSB');
  const prop = parts.find((p) => p.type === 0x04)!;
  const text = utf16le(prop.bytes, 0, prop.bytes.length);
  assert.ok(text.includes(DEVICE_INTERFACE_GUID), 'DeviceInterfaceGUIDs carries the GUID');
});

test('unknown requests STALL (status "stall", no data)', async () => {
  const d = await openDevice();
  const stalls = [
    { requestType: 'vendor', recipient: 'device', request: 0x7f, value: 0, index: 0 },
    { requestType: 'standard', recipient: 'device', request: 0x06, value: 0x0600, index: 0 }, // DEVICE_QUALIFIER
    { requestType: 'standard', recipient: 'device', request: 0x06, value: 0x0307, index: 0x0409 }, // string 7
    { requestType: 'class', recipient: 'device', request: 0x01, value: 0, index: 0 },
    { requestType: 'vendor', recipient: 'device', request: 0x01, value: 2, index: 0x02 }, // GET_URL index 2
  ] as USBControlTransferParameters[];
  for (const s of stalls) {
    const r = await d.controlTransferIn(s, 64);
    assert.is(r.status, 'stall', JSON.stringify(s));
    assert.is(r.data!.byteLength, 0);
  }
  const out = await d.controlTransferOut({ requestType: 'vendor', recipient: 'device', request: 0x10, value: 0, index: 0 }, new Uint8Array(4));
  assert.is(out.status, 'stall');
});

test('standard requests a device stack answers: GET_STATUS, GET_CONFIGURATION, GET_INTERFACE', async () => {
  const d = await openDevice();
  const cfg = await d.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 0x08, value: 0, index: 0 }, 1);
  assert.equal([...bytesOf(cfg)], [1]);
  const st = await d.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 0x00, value: 0, index: 0 }, 2);
  assert.equal([...bytesOf(st)], [0, 0], 'bus powered, no remote wakeup');
  // Interface and endpoint recipients need the interface claimed first (browser rule).
  await rejects(d.controlTransferIn({ requestType: 'standard', recipient: 'interface', request: 0x0a, value: 0, index: 0 }, 1), 'InvalidStateError');
  await rejects(d.controlTransferIn({ requestType: 'standard', recipient: 'endpoint', request: 0x00, value: 0, index: 0x81 }, 2), 'NotFoundError');
  await openClaimed(d);
  const alt = await d.controlTransferIn({ requestType: 'standard', recipient: 'interface', request: 0x0a, value: 0, index: 0 }, 1);
  assert.equal([...bytesOf(alt)], [0]);
  const ep = await d.controlTransferIn({ requestType: 'standard', recipient: 'endpoint', request: 0x00, value: 0, index: 0x81 }, 2);
  assert.equal([...bytesOf(ep)], [0, 0], 'IN endpoint not halted');
});

test('the identity reaches the attributes: another reader id, another serial number', async () => {
  const usb = new VirtualUsb({ allowAllDevices: true });
  usb.plug(readerGadget(scriptedEndpoint(), { ...ID, readerId: new Uint8Array(0) }));
  const [d] = await usb.getDevices();
  assert.is(d.serialNumber, null, 'no serial number before the reader has a key');
});

test.run();
