/**
 * What a host needs to find and talk to a reader over USB (spec §2.1):
 * the ids, the vendor interface and its two bulk endpoints. The firmware's
 * descriptors (firmware/usb/) and the SDK's device filters both use these.
 */

/** Vendor id: pid.codes, the shared VID for open-source hardware. */
export const USB_VENDOR_ID = 0x1209;
/**
 * Product id. PLACEHOLDER: 0x0001 is a pid.codes test PID, reserved for
 * in-house testing. It is not unique and MUST NOT ship on a reader that is
 * redistributed, sold or manufactured: get a PID of your own (pid.codes assigns
 * them free to open-source hardware), then change it here and in the udev rule.
 */
export const USB_PRODUCT_ID = 0x0001;
/** bConfigurationValue of the only configuration. */
export const CONFIGURATION_VALUE = 1;
/** The only interface: vendor class, claimed by the host SDK. */
export const INTERFACE_NUMBER = 0;
/** bInterfaceClass of the reader interface (vendor specific). */
export const INTERFACE_CLASS_VENDOR = 0xff;
/** Bulk endpoint number (OUT 0x01, IN 0x81): WebUSB transfers take the number. */
export const ENDPOINT_NUMBER = 1;
/** Bulk OUT endpoint address (host to reader). */
export const EP_OUT = 0x01;
/** Bulk IN endpoint address (reader to host). */
export const EP_IN = 0x81;
