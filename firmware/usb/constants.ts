/**
 * USB identity and constants of the reader: ids, endpoints, request codes,
 * vendor codes and the GUIDs of the BOS platform capabilities. The layouts
 * that use them are in standard.ts, bos.ts and msos20.ts (the generator; the firmware answers
 * from its precomputed bytes, precomputed.ts); firmware/PORTING.md §USB tabulates them.
 */
import { PACKET_SIZE } from '../../protocol/framing/constants.js';

export {
  USB_VENDOR_ID, USB_PRODUCT_ID, EP_OUT, EP_IN, INTERFACE_NUMBER, INTERFACE_CLASS_VENDOR, CONFIGURATION_VALUE,
} from '../../protocol/usb.js';
/** bcdUSB 2.10: hosts ask a 2.01+ device for its BOS (WebUSB, MS OS 2.0). */
export const BCD_USB = 0x0210;
/** Packet size of the default control endpoint. */
export const EP0_SIZE = 64;
/** wMaxPacketSize of both bulk endpoints: one framing packet. */
export const BULK_PACKET_SIZE = PACKET_SIZE;
/**
 * Current declared to the host, in mA. Peak budget: PN532 with the RF field
 * on up to ~150 mA, MCU ~20 mA, OLED ~20 mA, buzzer ~30 mA, LED ~10 mA.
 */
export const MAX_POWER_MA = 250;
/** The one language of the string descriptors: English (United States). */
export const LANGID_EN_US = 0x0409;

/** String descriptor indices. */
export const enum StringIndex {
  LANGIDS = 0,
  MANUFACTURER = 1,
  PRODUCT = 2,
  SERIAL = 3,
}

/** Default manufacturer string (ASCII: Espruino source handling keeps bytes only). */
export const DEFAULT_MANUFACTURER = "Pass'Region open reader";
/** Default product string. */
export const DEFAULT_PRODUCT = "Pass'Region NFC PIN reader";

/** bRequest of the standard GET_DESCRIPTOR request. */
export const GET_DESCRIPTOR = 0x06;
/** Descriptor types (bDescriptorType) of USB 2.0 chapter 9 and the BOS. */
export const enum DescriptorType {
  DEVICE = 0x01,
  CONFIGURATION = 0x02,
  STRING = 0x03,
  INTERFACE = 0x04,
  ENDPOINT = 0x05,
  DEVICE_QUALIFIER = 0x06,
  OTHER_SPEED_CONFIGURATION = 0x07,
  BOS = 0x0f,
  DEVICE_CAPABILITY = 0x10,
}
/** Device-to-host, standard, recipient device. */
export const REQUEST_TYPE_STANDARD_IN = 0x80;
/** Device-to-host, vendor, recipient device (WebUSB and MS OS 2.0 requests). */
export const REQUEST_TYPE_VENDOR_IN = 0xc0;
/** bDevCapabilityType of a Platform capability. */
export const CAPABILITY_PLATFORM = 0x05;

/** bRequest of WebUSB vendor requests (bVendorCode of the WebUSB capability). */
export const WEBUSB_VENDOR_CODE = 0x01;
/** bRequest of MS OS 2.0 vendor requests (bMS_VendorCode); differs from the WebUSB one. */
export const MS_OS_20_VENDOR_CODE = 0x02;
/** wIndex of the WebUSB GET_URL request. */
export const WEBUSB_GET_URL = 0x02;
/** bDescriptorType of a WebUSB URL descriptor. */
export const WEBUSB_URL_DESCRIPTOR = 0x03;
/** wIndex of the MS OS 2.0 descriptor set request. */
export const MS_OS_20_DESCRIPTOR_INDEX = 0x07;
/** wIndex of MS_OS_20_SET_ALT_ENUMERATION (never sent: bAltEnumCode is 0). */
export const MS_OS_20_SET_ALT_ENUMERATION = 0x08;
/** dwWindowsVersion: Windows 8.1, the first to read MS OS 2.0 descriptors. */
export const MS_OS_20_WINDOWS_VERSION = 0x06030000;

/** WebUSB landing page: URL descriptor index, scheme (1 = https://) and the rest of the URL. */
export const LANDING_PAGE_INDEX = 1;
export const LANDING_PAGE_SCHEME = 1;
/** Placeholder under the reserved .example domain: a deployment puts its own page here. */
export const LANDING_PAGE_URL = 'passregion.example/reader';

/**
 * Device interface GUID registered by WinUSB (DeviceInterfaceGUIDs). Generated
 * once for this project; host programs that use WinUSB directly look it up.
 * Never change it for an existing product.
 */
export const DEVICE_INTERFACE_GUID = '{1a7e5473-e92e-4b1e-b9fd-0820ba3345e1}';

/**
 * Platform capability UUIDs as they appear in the descriptor: the first three
 * fields of the GUID little-endian, the last eight bytes in order.
 * WebUSB {3408b638-09a9-47a0-8bfd-a0768815b665}.
 */
export const WEBUSB_UUID_BYTES = [
  0x38, 0xb6, 0x08, 0x34, 0xa9, 0x09, 0xa0, 0x47, 0x8b, 0xfd, 0xa0, 0x76, 0x88, 0x15, 0xb6, 0x65,
];
/** Microsoft OS 2.0 {D8DD60DF-4589-4CC7-9CD2-659D9E648A9F}, same byte order. */
export const MS_OS_20_UUID_BYTES = [
  0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c, 0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f,
];
