/**
 * The Binary device Object Store (BOS) with its two Platform capabilities
 * (WebUSB, Microsoft OS 2.0), and the WebUSB URL descriptor of the landing page.
 *
 * No USB 2.0 Extension capability: it announces Link Power Management, which
 * the reader does not support; hosts then assume no LPM.
 */
import {
  CAPABILITY_PLATFORM,
  DescriptorType,
  LANDING_PAGE_INDEX,
  LANDING_PAGE_SCHEME,
  LANDING_PAGE_URL,
  MS_OS_20_UUID_BYTES,
  MS_OS_20_VENDOR_CODE,
  MS_OS_20_WINDOWS_VERSION,
  WEBUSB_URL_DESCRIPTOR,
  WEBUSB_UUID_BYTES,
  WEBUSB_VENDOR_CODE,
} from './constants.js';
import { MS_OS_20_SET_LENGTH } from './msos20.js';
import { utf8Length, utf8Write } from '../../protocol/bytes/utf8.js';
import { put16, put32, putBytes } from './write.js';

const BOS_HEADER_LENGTH = 5;
/** WebUSB capability: 4-byte platform header, 16-byte UUID, bcdVersion, bVendorCode, iLandingPage. */
const WEBUSB_CAPABILITY_LENGTH = 24;
/** MS OS 2.0 capability: platform header, UUID, one 8-byte descriptor set information. */
const MS_OS_20_CAPABILITY_LENGTH = 28;
/** wTotalLength of the BOS (57 bytes). */
export const BOS_TOTAL_LENGTH = BOS_HEADER_LENGTH + WEBUSB_CAPABILITY_LENGTH + MS_OS_20_CAPABILITY_LENGTH;

/** Write a Platform capability header (length, type, platform, reserved) and its UUID at `p`. */
function putPlatformHeader(out: Uint8Array, p: number, length: number, uuid: number[]): number {
  out[p] = length;
  out[p + 1] = DescriptorType.DEVICE_CAPABILITY;
  out[p + 2] = CAPABILITY_PLATFORM;
  out[p + 3] = 0; // bReserved
  return putBytes(out, p + 4, uuid);
}

/** The BOS descriptor with the WebUSB and MS OS 2.0 platform capabilities. */
export function bosDescriptor(): Uint8Array {
  const d = new Uint8Array(BOS_TOTAL_LENGTH);
  d[0] = BOS_HEADER_LENGTH;
  d[1] = DescriptorType.BOS;
  put16(d, 2, BOS_TOTAL_LENGTH);
  d[4] = 2; // bNumDeviceCaps
  let p = putPlatformHeader(d, BOS_HEADER_LENGTH, WEBUSB_CAPABILITY_LENGTH, WEBUSB_UUID_BYTES);
  put16(d, p, 0x0100); // bcdVersion 1.00
  d[p + 2] = WEBUSB_VENDOR_CODE;
  d[p + 3] = LANDING_PAGE_INDEX;
  p = putPlatformHeader(d, p + 4, MS_OS_20_CAPABILITY_LENGTH, MS_OS_20_UUID_BYTES);
  put32(d, p, MS_OS_20_WINDOWS_VERSION);
  put16(d, p + 4, MS_OS_20_SET_LENGTH);
  d[p + 6] = MS_OS_20_VENDOR_CODE;
  d[p + 7] = 0; // bAltEnumCode: no alternate enumeration
  return d;
}

/**
 * The WebUSB URL descriptor `index` (GET_URL): bLength, bDescriptorType 3,
 * bScheme (0 http://, 1 https://), then the URL without its scheme, UTF-8.
 * Only the landing page (index 1) exists; null otherwise.
 */
export function urlDescriptor(index: number): Uint8Array | null {
  if (index !== LANDING_PAGE_INDEX) return null;
  const n = utf8Length(LANDING_PAGE_URL);
  const d = new Uint8Array(3 + n);
  d[0] = d.length;
  d[1] = WEBUSB_URL_DESCRIPTOR;
  d[2] = LANDING_PAGE_SCHEME;
  utf8Write(LANDING_PAGE_URL, d, 3);
  return d;
}
