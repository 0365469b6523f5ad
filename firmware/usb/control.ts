/**
 * Answers to the control requests whose data the firmware owns: standard
 * GET_DESCRIPTOR (device, configuration, string, BOS) and the two vendor
 * requests (WebUSB GET_URL, MS OS 2.0 descriptor set). A board's USB stack or
 * the simulator's virtual device calls it from its EP0 setup handler; the stack
 * itself handles SET_ADDRESS, SET_CONFIGURATION, GET_STATUS and the rest.
 *
 * The constant descriptors come precomputed from the generator (precomputed.ts);
 * only what varies per reader is written here: bcdDevice and iSerialNumber of the
 * device descriptor, and the manufacturer, product and serial number strings.
 */
import {
  DEFAULT_MANUFACTURER,
  DEFAULT_PRODUCT,
  DescriptorType,
  GET_DESCRIPTOR,
  LANDING_PAGE_INDEX,
  MS_OS_20_DESCRIPTOR_INDEX,
  MS_OS_20_VENDOR_CODE,
  REQUEST_TYPE_STANDARD_IN,
  REQUEST_TYPE_VENDOR_IN,
  StringIndex,
  WEBUSB_GET_URL,
  WEBUSB_VENDOR_CODE,
} from './constants.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { bcdDevice, type UsbIdentity } from './identity.js';
import { unicodeString } from './standard.js';
import { unpackDescriptor } from './packed.js';
import { BOS, CONFIGURATION, DEVICE, LANDING_PAGE, LANGIDS, MS_OS_20_SET } from './precomputed.js';

/** The eight bytes of a SETUP packet, as fields. */
export interface SetupPacket {
  bmRequestType: number;
  bRequest: number;
  wValue: number;
  wIndex: number;
  wLength: number;
}

/**
 * The full answer to `setup`, before truncation, or null to STALL. The same bytes
 * as the generator functions (deviceDescriptor, stringDescriptor, ... of
 * standard.ts, bos.ts, msos20.ts): test/usb/precomputed.test.ts checks it.
 */
function fullAnswer(setup: SetupPacket, id: UsbIdentity): Uint8Array | null {
  const value = setup.wValue;
  const index = value & 0xff;
  if (setup.bmRequestType === REQUEST_TYPE_STANDARD_IN && setup.bRequest === GET_DESCRIPTOR) {
    // wValue = type << 8 | index. wIndex carries the LANGID for strings; any value is
    // accepted (there is one language).
    const type = (value >>> 8) & 0xff;
    if (type === DescriptorType.STRING) {
      if (index === StringIndex.LANGIDS) return unpackDescriptor(LANGIDS);
      const text = index === StringIndex.MANUFACTURER ? id.manufacturer || DEFAULT_MANUFACTURER
        : index === StringIndex.PRODUCT ? id.product || DEFAULT_PRODUCT
          : index === StringIndex.SERIAL && id.readerId.length > 0 ? toHex(id.readerId) : null;
      return text === null ? null : unicodeString(text);
    }
    if (index !== 0) return null;
    if (type === DescriptorType.DEVICE) {
      const d = unpackDescriptor(DEVICE);
      const bcd = bcdDevice(id.version);
      d[12] = bcd & 0xff;
      d[13] = bcd >> 8;
      if (id.readerId.length > 0) d[16] = StringIndex.SERIAL;
      return d;
    }
    if (type === DescriptorType.CONFIGURATION) return unpackDescriptor(CONFIGURATION);
    if (type === DescriptorType.BOS) return unpackDescriptor(BOS);
    // DEVICE_QUALIFIER and OTHER_SPEED_CONFIGURATION: a full-speed-only device
    // answers with a request error (USB 2.0 §9.6.2), as for every unknown type.
    return null;
  }
  if (setup.bmRequestType === REQUEST_TYPE_VENDOR_IN) {
    if (setup.bRequest === WEBUSB_VENDOR_CODE && setup.wIndex === WEBUSB_GET_URL) {
      // Only the landing page exists.
      return value === LANDING_PAGE_INDEX ? unpackDescriptor(LANDING_PAGE) : null;
    }
    if (setup.bRequest === MS_OS_20_VENDOR_CODE && setup.wIndex === MS_OS_20_DESCRIPTOR_INDEX && value === 0) {
      return unpackDescriptor(MS_OS_20_SET);
    }
  }
  return null;
}

/**
 * The data stage of the answer to `setup`: a fresh array of at most wLength
 * bytes (the host reads a descriptor's first bytes, then all of it), or null
 * when the request is not one of ours and must be STALLed.
 */
export function answerControlRequest(setup: SetupPacket, id: UsbIdentity): Uint8Array | null {
  const data = fullAnswer(setup, id);
  if (data === null) return null;
  const max = setup.wLength > 0 ? setup.wLength : 0;
  if (data.length <= max) return data;
  const out = new Uint8Array(max);
  out.set(data.subarray(0, max));
  return out;
}
