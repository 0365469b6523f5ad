/**
 * USB 2.0 chapter 9 descriptors of the reader: device, configuration (with its
 * interface and two bulk endpoints) and strings. Pure functions: each call
 * returns a fresh array.
 */
import { toHex } from '../../protocol/bytes/hex.js';
import {
  BCD_USB,
  BULK_PACKET_SIZE,
  CONFIGURATION_VALUE,
  DEFAULT_MANUFACTURER,
  DEFAULT_PRODUCT,
  DescriptorType,
  EP0_SIZE,
  EP_IN,
  EP_OUT,
  INTERFACE_CLASS_VENDOR,
  INTERFACE_NUMBER,
  LANGID_EN_US,
  MAX_POWER_MA,
  StringIndex,
  USB_PRODUCT_ID,
  USB_VENDOR_ID,
} from './constants.js';
import { bcdDevice, type UsbIdentity } from './identity.js';
import { put16, putUtf16 } from './write.js';

/** Length of the device descriptor. */
export const DEVICE_DESCRIPTOR_LENGTH = 18;
/** wTotalLength of the configuration: configuration 9 + interface 9 + two endpoints of 7. */
export const CONFIGURATION_TOTAL_LENGTH = 9 + 9 + 7 + 7;
/** Most UTF-16 code units a string descriptor holds (bLength is one byte). */
const MAX_STRING_UNITS = 126;
/** bmAttributes of a bulk endpoint. */
const ENDPOINT_BULK = 0x02;
/** bmAttributes of the configuration: bit 7 (reserved, set), bus powered, no remote wakeup. */
const CONFIG_BUS_POWERED = 0x80;

/** The device descriptor (18 bytes). */
export function deviceDescriptor(id: UsbIdentity): Uint8Array {
  const d = new Uint8Array(DEVICE_DESCRIPTOR_LENGTH);
  d[0] = DEVICE_DESCRIPTOR_LENGTH;
  d[1] = DescriptorType.DEVICE;
  put16(d, 2, BCD_USB);
  d[4] = 0x00; // bDeviceClass: per interface
  d[5] = 0x00; // bDeviceSubClass
  d[6] = 0x00; // bDeviceProtocol
  d[7] = EP0_SIZE;
  put16(d, 8, USB_VENDOR_ID);
  put16(d, 10, USB_PRODUCT_ID);
  put16(d, 12, bcdDevice(id.version));
  d[14] = StringIndex.MANUFACTURER;
  d[15] = StringIndex.PRODUCT;
  d[16] = id.readerId.length > 0 ? StringIndex.SERIAL : 0;
  d[17] = 1; // bNumConfigurations
  return d;
}

/** Write one bulk endpoint descriptor at `p`. */
function putBulkEndpoint(out: Uint8Array, p: number, address: number): void {
  out[p] = 7;
  out[p + 1] = DescriptorType.ENDPOINT;
  out[p + 2] = address;
  out[p + 3] = ENDPOINT_BULK;
  put16(out, p + 4, BULK_PACKET_SIZE);
  out[p + 6] = 0; // bInterval: unused for full-speed bulk
}

/**
 * The configuration descriptor with everything it carries (32 bytes): one
 * vendor-class interface with a bulk OUT (0x01) and a bulk IN (0x81) endpoint.
 */
export function configurationDescriptor(): Uint8Array {
  const d = new Uint8Array(CONFIGURATION_TOTAL_LENGTH);
  d[0] = 9;
  d[1] = DescriptorType.CONFIGURATION;
  put16(d, 2, CONFIGURATION_TOTAL_LENGTH);
  d[4] = 1; // bNumInterfaces
  d[5] = CONFIGURATION_VALUE;
  d[6] = 0; // iConfiguration
  d[7] = CONFIG_BUS_POWERED;
  d[8] = MAX_POWER_MA >> 1; // bMaxPower, in 2 mA units
  d[9] = 9;
  d[10] = DescriptorType.INTERFACE;
  d[11] = INTERFACE_NUMBER;
  d[12] = 0; // bAlternateSetting
  d[13] = 2; // bNumEndpoints
  d[14] = INTERFACE_CLASS_VENDOR;
  d[15] = 0x00; // bInterfaceSubClass
  d[16] = 0x00; // bInterfaceProtocol
  d[17] = 0; // iInterface
  putBulkEndpoint(d, 18, EP_OUT);
  putBulkEndpoint(d, 25, EP_IN);
  return d;
}

/** A string descriptor of `s` in UTF-16LE, cut to 126 code units (never inside a surrogate pair). */
export function unicodeString(s: string): Uint8Array {
  let n = s.length < MAX_STRING_UNITS ? s.length : MAX_STRING_UNITS;
  if (n < s.length) {
    const last = s.charCodeAt(n - 1);
    if (last >= 0xd800 && last <= 0xdbff) n--;
  }
  const d = new Uint8Array(2 + 2 * n);
  d[0] = d.length;
  d[1] = DescriptorType.STRING;
  putUtf16(d, 2, n < s.length ? s.substring(0, n) : s);
  return d;
}

/**
 * String descriptor `index`: 0 the LANGID list (0x0409), 1 manufacturer,
 * 2 product, 3 serial number (lower-case hex of the reader id). Null for an
 * index the reader does not have (the request is then STALLed).
 */
export function stringDescriptor(index: number, id: UsbIdentity): Uint8Array | null {
  if (index === StringIndex.LANGIDS) {
    const d = new Uint8Array(4);
    d[0] = 4;
    d[1] = DescriptorType.STRING;
    put16(d, 2, LANGID_EN_US);
    return d;
  }
  if (index === StringIndex.MANUFACTURER) return unicodeString(id.manufacturer || DEFAULT_MANUFACTURER);
  if (index === StringIndex.PRODUCT) return unicodeString(id.product || DEFAULT_PRODUCT);
  if (index === StringIndex.SERIAL && id.readerId.length > 0) return unicodeString(toHex(id.readerId));
  return null;
}
