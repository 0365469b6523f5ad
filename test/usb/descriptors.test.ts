/**
 * The reader's USB descriptors, parsed field by field with an independent
 * reader (parse.ts) and checked against USB 2.0 chapter 9, the WebUSB
 * specification and the Microsoft OS 2.0 descriptors specification.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  bcdDevice,
  bosDescriptor,
  configurationDescriptor,
  deviceDescriptor,
  msOs20DescriptorSet,
  stringDescriptor,
  urlDescriptor,
  DEVICE_INTERFACE_GUID,
  LANDING_PAGE_URL,
  USB_PRODUCT_ID,
  USB_VENDOR_ID,
  type UsbIdentity,
} from '../../firmware/usb/index.js';
import { guidAt, hex, le16, le32, toHex, utf16le, walk, walkMsOs20 } from './parse.js';

const READER_ID = hex('0123456789abcdef');
const ID: UsbIdentity = { readerId: READER_ID, version: { major: 0, minor: 1, patch: 0 } };
const test = suite('firmware/usb descriptors');

test('device descriptor: golden bytes (hand-assembled from USB 2.0 table 9-8)', () => {
  const expected = hex(
    '12 01' + // bLength 18, bDescriptorType DEVICE
      '10 02' + // bcdUSB 2.10
      '00 00 00' + // class, subclass, protocol: per interface
      '40' + // bMaxPacketSize0 64
      '09 12' + // idVendor 0x1209 (pid.codes)
      '01 00' + // idProduct 0x0001 (pid.codes test PID)
      '10 00' + // bcdDevice 0.1.0
      '01 02 03' + // iManufacturer, iProduct, iSerialNumber
      '01', // bNumConfigurations
  );
  assert.is(toHex(deviceDescriptor(ID)), toHex(expected));
});

test('device descriptor: fields', () => {
  const d = deviceDescriptor({ readerId: READER_ID, version: { major: 12, minor: 3, patch: 4 } });
  assert.is(d.length, 18);
  assert.is(d[0], 18, 'bLength');
  assert.is(d[1], 0x01, 'bDescriptorType DEVICE');
  assert.is(le16(d, 2), 0x0210, 'bcdUSB 2.10 so that the host asks for the BOS');
  assert.is(d[4], 0x00, 'bDeviceClass: defined per interface');
  assert.ok([8, 16, 32, 64].includes(d[7]), 'bMaxPacketSize0 is a legal full-speed size');
  assert.is(d[7], 64);
  assert.is(le16(d, 8), 0x1209);
  assert.is(le16(d, 8), USB_VENDOR_ID);
  assert.is(le16(d, 10), USB_PRODUCT_ID);
  assert.is(le16(d, 12), 0x1234, 'bcdDevice 12.3.4');
  assert.is(d[17], 1, 'one configuration');
});

test('bcdDevice: BCD of major, minor, patch; out of range is BAD_REQUEST', () => {
  assert.is(bcdDevice({ major: 1, minor: 2, patch: 3 }), 0x0123);
  assert.is(bcdDevice({ major: 99, minor: 9, patch: 9 }), 0x9999);
  assert.is(bcdDevice({ major: 0, minor: 0, patch: 0 }), 0x0000);
  for (const v of [{ major: 100, minor: 0, patch: 0 }, { major: 1, minor: 10, patch: 0 }, { major: 1, minor: 0, patch: -1 }, { major: 1.5, minor: 0, patch: 0 }]) {
    try {
      bcdDevice(v);
      assert.unreachable('accepted ' + JSON.stringify(v));
    } catch (e) {
      assert.is((e as { code?: number }).code, 0x01);
    }
  }
});

test('no reader id yet: no serial number string', () => {
  const id: UsbIdentity = { readerId: new Uint8Array(0), version: ID.version };
  assert.is(deviceDescriptor(id)[16], 0, 'iSerialNumber 0');
  assert.is(stringDescriptor(3, id), null);
});

test('configuration: wTotalLength, one vendor interface, two 64-byte bulk endpoints', () => {
  const c = configurationDescriptor();
  const parts = walk(c);
  assert.equal(parts.map((p) => p.type), [0x02, 0x04, 0x05, 0x05]);
  const [cfg, itf, ep1, ep2] = parts;
  assert.is(cfg.length, 9);
  assert.is(le16(c, 2), c.length, 'wTotalLength covers every descriptor');
  assert.is(le16(c, 2), parts.reduce((n, p) => n + p.length, 0));
  assert.is(c[4], parts.filter((p) => p.type === 0x04).length, 'bNumInterfaces');
  assert.ok(c[5] >= 1, 'bConfigurationValue is not 0 (0 means unconfigured)');
  assert.is(c[7] & 0x80, 0x80, 'bmAttributes bit 7 is reserved, set to one');
  assert.is(c[7] & 0x1f, 0, 'bmAttributes bits 4..0 are reserved, zero');
  assert.is(c[7] & 0x40, 0, 'bus powered');
  assert.is(c[8] * 2, 250, 'bMaxPower in 2 mA units: 250 mA');
  assert.ok(c[8] * 2 <= 500, 'within what a USB 2.0 port gives');

  assert.is(itf.length, 9);
  assert.is(itf.bytes[2], 0, 'bInterfaceNumber');
  assert.is(itf.bytes[3], 0, 'bAlternateSetting');
  assert.is(itf.bytes[4], 2, 'bNumEndpoints');
  assert.is(itf.bytes[4], parts.filter((p) => p.type === 0x05).length);
  assert.equal([itf.bytes[5], itf.bytes[6], itf.bytes[7]], [0xff, 0x00, 0x00], 'vendor class 0xFF/0/0');

  for (const ep of [ep1, ep2]) {
    assert.is(ep.length, 7);
    assert.is(ep.bytes[3] & 0x03, 0x02, 'transfer type bulk');
    assert.is(ep.bytes[3], 0x02, 'no other attribute bits for bulk');
    assert.is(le16(ep.bytes, 4), 64, 'wMaxPacketSize 64');
    assert.is(ep.bytes[6], 0, 'bInterval');
  }
  assert.is(ep1.bytes[2], 0x01, 'bulk OUT endpoint 1');
  assert.is(ep2.bytes[2], 0x81, 'bulk IN endpoint 1');
});

test('BOS: header, capabilities, WebUSB golden bytes', () => {
  const b = bosDescriptor();
  assert.is(b[0], 5, 'BOS bLength');
  assert.is(b[1], 0x0f, 'bDescriptorType BOS');
  assert.is(le16(b, 2), b.length, 'wTotalLength');
  const caps = walk(b.subarray(5));
  assert.is(b[4], caps.length, 'bNumDeviceCaps');
  assert.is(caps.length, 2);
  for (const c of caps) {
    assert.is(c.type, 0x10, 'DEVICE CAPABILITY');
    assert.is(c.bytes[2], 0x05, 'bDevCapabilityType PLATFORM');
    assert.is(c.bytes[3], 0, 'bReserved');
  }
  const webusb = caps.find((c) => guidAt(c.bytes, 4) === '3408b638-09a9-47a0-8bfd-a0768815b665');
  const msos = caps.find((c) => guidAt(c.bytes, 4) === 'd8dd60df-4589-4cc7-9cd2-659d9e648a9f');
  assert.ok(webusb, 'a WebUSB platform capability');
  assert.ok(msos, 'a Microsoft OS 2.0 platform capability');

  // WebUSB: the UUID as the WebUSB specification lists its bytes, bcdVersion 1.00,
  // bVendorCode (ours: 0x01) and iLandingPage 1.
  assert.is(
    toHex(webusb!.bytes),
    toHex(hex('18 10 05 00  38 B6 08 34 A9 09 A0 47 8B FD A0 76 88 15 B6 65  00 01  01  01')),
  );
  assert.is(le16(webusb!.bytes, 20), 0x0100, 'bcdVersion');
});

test('BOS: Microsoft OS 2.0 capability and descriptor set information', () => {
  const caps = walk(bosDescriptor().subarray(5));
  const msos = caps.find((c) => guidAt(c.bytes, 4) === 'd8dd60df-4589-4cc7-9cd2-659d9e648a9f')!;
  assert.is(msos.length, 28, 'one descriptor set information (8 bytes)');
  assert.equal(Array.from(msos.bytes.subarray(4, 20)), [0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c, 0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f]);
  assert.is(le32(msos.bytes, 20), 0x06030000, 'dwWindowsVersion: Windows 8.1');
  assert.is(le16(msos.bytes, 24), msOs20DescriptorSet().length, 'wMSOSDescriptorSetTotalLength matches the set');
  assert.is(msos.bytes[27], 0, 'bAltEnumCode');
  const webusb = caps.find((c) => c !== msos)!;
  assert.is.not(msos.bytes[26], webusb.bytes[22], 'the two vendor codes differ');
});

test('MS OS 2.0 set: header, compatible ID WINUSB, DeviceInterfaceGUIDs', () => {
  const s = msOs20DescriptorSet();
  const parts = walkMsOs20(s);
  const [header, compat, prop] = parts;
  assert.is(header.length, 10);
  assert.is(header.type, 0x00, 'MS_OS_20_SET_HEADER_DESCRIPTOR');
  assert.is(le32(s, 4), 0x06030000, 'dwWindowsVersion');
  assert.is(le16(s, 8), s.length, 'wTotalLength');
  // Not composite: the features follow the header, with no subset headers.
  assert.equal(parts.map((p) => p.type), [0x00, 0x03, 0x04]);

  assert.is(compat.length, 20);
  assert.is(compat.type, 0x03, 'MS_OS_20_FEATURE_COMPATBLE_ID');
  assert.is(toHex(compat.bytes.subarray(4, 12)), toHex(new TextEncoder().encode('WINUSB\0\0')));
  assert.is(toHex(compat.bytes.subarray(12, 20)), '00'.repeat(8), 'SubCompatibleID');

  const p = prop.bytes;
  assert.is(prop.type, 0x04, 'MS_OS_20_FEATURE_REG_PROPERTY');
  assert.is(le16(p, 4), 7, 'wPropertyDataType REG_MULTI_SZ');
  const nameLength = le16(p, 6);
  assert.is(utf16le(p, 8, 8 + nameLength), 'DeviceInterfaceGUIDs\0');
  const dataLength = le16(p, 8 + nameLength);
  assert.is(prop.length, 10 + nameLength + dataLength, 'wLength = header + name + data');
  const data = utf16le(p, 10 + nameLength, 10 + nameLength + dataLength);
  assert.is(data, DEVICE_INTERFACE_GUID + '\0\0', 'one string, NUL, list-ending NUL');
  assert.match(data, /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}\0\0$/i);
  assert.is(s.length, 162);
});

test('strings: LANGID 0x0409, names, serial = reader id hex; unknown indices STALL', () => {
  assert.is(toHex(stringDescriptor(0, ID)!), '04030904');
  for (const i of [1, 2, 3]) {
    const d = stringDescriptor(i, ID)!;
    assert.is(d[0], d.length, 'bLength');
    assert.is(d[1], 0x03, 'STRING');
    assert.is(d.length % 2, 0);
    assert.ok(d.length > 2);
  }
  assert.is(utf16le(stringDescriptor(3, ID)!, 2, 34), '0123456789abcdef');
  assert.match(utf16le(stringDescriptor(2, ID)!, 2, stringDescriptor(2, ID)!.length), /reader/i);
  assert.is(stringDescriptor(4, ID), null);
  assert.is(stringDescriptor(0xee, ID), null, 'no MS OS 1.0 string');
});

test('strings: names can be overridden; long ones are cut to fit bLength', () => {
  const id: UsbIdentity = { ...ID, manufacturer: 'Atelier \u00e9lectronique', product: 'x'.repeat(300) };
  const m = stringDescriptor(1, id)!;
  assert.is(utf16le(m, 2, m.length), 'Atelier \u00e9lectronique');
  const p = stringDescriptor(2, id)!;
  assert.ok(p[0] <= 255 && p[0] === p.length);
  assert.is(p.length, 2 + 2 * 126);
  const pair = stringDescriptor(2, { ...ID, product: 'a'.repeat(125) + '\u{1F600}' })!;
  assert.is(pair.length, 2 + 2 * 125, 'a surrogate pair is never split');
});

test('WebUSB URL descriptor: landing page over https', () => {
  const u = urlDescriptor(1)!;
  assert.is(u[0], u.length, 'bLength');
  assert.is(u[1], 0x03, 'bDescriptorType WEBUSB_URL');
  assert.is(u[2], 1, 'bScheme 1 = https://');
  const url = new TextDecoder().decode(u.subarray(3));
  assert.is(url, LANDING_PAGE_URL);
  assert.not.match(url, /^https?:\/\//, 'the scheme is not repeated in the URL');
  assert.is(urlDescriptor(0), null);
  assert.is(urlDescriptor(2), null);
});

test.run();
