/** answerControlRequest: what a host's enumeration asks, truncation to wLength, STALL for the rest. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  answerControlRequest,
  bosDescriptor,
  configurationDescriptor,
  deviceDescriptor,
  msOs20DescriptorSet,
  stringDescriptor,
  urlDescriptor,
  type SetupPacket,
  type UsbIdentity,
} from '../../firmware/usb/index.js';
import { guidAt, hex, le16, toHex, walk } from './parse.js';

const ID: UsbIdentity = { readerId: hex('0123456789abcdef'), version: { major: 1, minor: 0, patch: 2 } };
const test = suite('firmware/usb control requests');

const getDescriptor = (type: number, index: number, wLength: number, wIndex = 0): SetupPacket => ({
  bmRequestType: 0x80, bRequest: 0x06, wValue: (type << 8) | index, wIndex, wLength,
});
const ask = (s: SetupPacket) => answerControlRequest(s, ID);
const hexOf = (b: Uint8Array | null) => (b === null ? 'STALL' : toHex(b));

/** The vendor codes as announced in the BOS, read back with the test parser. */
function vendorCodes(): { webusb: number; msos: number } {
  const caps = walk(bosDescriptor().subarray(5));
  const webusb = caps.find((c) => guidAt(c.bytes, 4) === '3408b638-09a9-47a0-8bfd-a0768815b665')!;
  const msos = caps.find((c) => guidAt(c.bytes, 4) === 'd8dd60df-4589-4cc7-9cd2-659d9e648a9f')!;
  return { webusb: webusb.bytes[22], msos: msos.bytes[26] };
}

test('enumeration: device descriptor, first 8 bytes then all of it', () => {
  const first = ask(getDescriptor(1, 0, 8))!;
  assert.is(first.length, 8);
  assert.is(first[7], 64, 'bMaxPacketSize0 is within the first 8 bytes');
  assert.is(hexOf(ask(getDescriptor(1, 0, 64))), toHex(deviceDescriptor(ID)));
  assert.is(ask(getDescriptor(1, 0, 0xffff))!.length, 18);
});

test('enumeration: configuration header (9 bytes), then wTotalLength', () => {
  const head = ask(getDescriptor(2, 0, 9))!;
  assert.is(head.length, 9);
  const total = le16(head, 2);
  assert.is(hexOf(ask(getDescriptor(2, 0, total))), toHex(configurationDescriptor()));
  assert.is(ask(getDescriptor(2, 0, 0xff))!.length, total, 'never more than the descriptor');
  assert.is(ask(getDescriptor(2, 1, 0xff)), null, 'there is only configuration index 0');
});

test('enumeration: BOS header (5 bytes), then wTotalLength', () => {
  const head = ask(getDescriptor(0x0f, 0, 5))!;
  assert.is(head.length, 5);
  assert.is(hexOf(ask(getDescriptor(0x0f, 0, le16(head, 2)))), toHex(bosDescriptor()));
});

test('strings: with the LANGID in wIndex (or 0 for the LANGID list)', () => {
  assert.is(hexOf(ask(getDescriptor(3, 0, 255, 0))), '04030904');
  assert.is(hexOf(ask(getDescriptor(3, 3, 255, 0x0409))), toHex(stringDescriptor(3, ID)!));
  assert.is(ask(getDescriptor(3, 3, 2, 0x0409))![0], stringDescriptor(3, ID)!.length, 'bLength read first');
  assert.is(ask(getDescriptor(3, 9, 255, 0x0409)), null);
  assert.is(ask(getDescriptor(3, 0xee, 255, 0)), null);
});

test('WebUSB GET_URL and the MS OS 2.0 descriptor request, with the vendor codes of the BOS', () => {
  const { webusb, msos } = vendorCodes();
  const url = ask({ bmRequestType: 0xc0, bRequest: webusb, wValue: 1, wIndex: 2, wLength: 255 });
  assert.is(hexOf(url), toHex(urlDescriptor(1)!));
  assert.is(ask({ bmRequestType: 0xc0, bRequest: webusb, wValue: 2, wIndex: 2, wLength: 255 }), null, 'no URL 2');
  const set = ask({ bmRequestType: 0xc0, bRequest: msos, wValue: 0, wIndex: 7, wLength: 162 });
  assert.is(hexOf(set), toHex(msOs20DescriptorSet()));
  const part = ask({ bmRequestType: 0xc0, bRequest: msos, wValue: 0, wIndex: 7, wLength: 10 })!;
  assert.is(toHex(part), toHex(msOs20DescriptorSet().subarray(0, 10)));
  // The two codes are not interchangeable.
  assert.is(ask({ bmRequestType: 0xc0, bRequest: msos, wValue: 1, wIndex: 2, wLength: 255 }), null);
  assert.is(ask({ bmRequestType: 0xc0, bRequest: webusb, wValue: 0, wIndex: 7, wLength: 255 }), null);
});

test('STALL: what a full-speed reader does not have or does not answer here', () => {
  const { webusb, msos } = vendorCodes();
  const stalls: SetupPacket[] = [
    getDescriptor(6, 0, 10), // DEVICE_QUALIFIER: full-speed only (USB 2.0 §9.6.2)
    getDescriptor(7, 0, 9), // OTHER_SPEED_CONFIGURATION
    getDescriptor(1, 1, 18), // device descriptor index must be 0
    getDescriptor(0x0f, 1, 5),
    getDescriptor(0x21, 0, 9), // HID descriptor: not a HID
    { bmRequestType: 0x81, bRequest: 0x06, wValue: 0x2200, wIndex: 0, wLength: 64 }, // interface recipient
    { bmRequestType: 0x00, bRequest: 0x09, wValue: 1, wIndex: 0, wLength: 0 }, // SET_CONFIGURATION: the stack's
    { bmRequestType: 0x80, bRequest: 0x00, wValue: 0, wIndex: 0, wLength: 2 }, // GET_STATUS: the stack's
    { bmRequestType: 0xc0, bRequest: msos, wValue: 0, wIndex: 8, wLength: 0 }, // SET_ALT_ENUMERATION: bAltEnumCode 0
    { bmRequestType: 0xc0, bRequest: msos, wValue: 1, wIndex: 7, wLength: 162 },
    { bmRequestType: 0x40, bRequest: webusb, wValue: 1, wIndex: 2, wLength: 0 }, // host-to-device
    { bmRequestType: 0xc1, bRequest: webusb, wValue: 1, wIndex: 2, wLength: 255 }, // interface recipient
    { bmRequestType: 0xc0, bRequest: 0x7f, wValue: 0, wIndex: 7, wLength: 255 },
  ];
  for (const s of stalls) assert.is(ask(s), null, JSON.stringify(s));
});

test('wLength 0 gives an empty data stage, not a STALL', () => {
  const r = ask(getDescriptor(1, 0, 0));
  assert.ok(r !== null);
  assert.is(r!.length, 0);
});

test('answers are fresh arrays: changing one does not change the next', () => {
  const a = ask(getDescriptor(1, 0, 18))!;
  a[0] = 0;
  assert.is(ask(getDescriptor(1, 0, 18))![0], 18);
  const cut = ask(getDescriptor(2, 0, 4))!;
  assert.is(cut.byteLength, cut.buffer.byteLength, 'a truncated answer owns its buffer');
});

test('property: any setup packet gives null or at most wLength bytes, a prefix of the full answer', () => {
  const u8 = fc.integer({ min: 0, max: 255 });
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const { webusb, msos } = vendorCodes();
  const setup = fc.record({
    bmRequestType: fc.oneof(fc.constantFrom(0x80, 0xc0), u8),
    bRequest: fc.oneof(fc.constantFrom(0x06, webusb, msos), u8),
    wValue: fc.oneof(fc.constantFrom(0x0100, 0x0200, 0x0300, 0x0303, 0x0f00, 0x0001), u16),
    wIndex: fc.oneof(fc.constantFrom(0, 2, 7, 0x0409), u16),
    wLength: u16,
  });
  fc.assert(
    fc.property(setup, (s) => {
      const r = ask(s);
      if (r === null) return;
      assert.ok(r.length <= s.wLength);
      const full = ask({ ...s, wLength: 0xffff })!;
      assert.is(toHex(r), toHex(full.subarray(0, r.length)));
      assert.is(r.length, Math.min(full.length, s.wLength));
    }),
    { numRuns: 2000 },
  );
});

test.run();
