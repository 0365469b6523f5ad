/**
 * USBDeviceFilter validation and matching, as the WebUSB specification and
 * Chromium define them. Browser-safe.
 */
import { usbTypeError } from './errors.js';

/** Check the filter rules a browser enforces before showing its chooser (TypeError otherwise). */
export function validateFilters(op: string, filters: readonly USBDeviceFilter[]): void {
  for (const f of filters) {
    if (f === null || typeof f !== 'object') throw usbTypeError(op, "The provided value is not of type 'USBDeviceFilter'.", 'USB');
    if (f.productId !== undefined && f.vendorId === undefined) {
      throw usbTypeError(op, 'A filter containing a productId must also contain a vendorId.', 'USB');
    }
    if (f.subclassCode !== undefined && f.classCode === undefined) {
      throw usbTypeError(op, 'A filter containing a subclassCode must also contain a classCode.', 'USB');
    }
    if (f.protocolCode !== undefined && f.subclassCode === undefined) {
      throw usbTypeError(op, 'A filter containing a protocolCode must also contain a subclassCode.', 'USB');
    }
  }
}

/** True when class/subclass/protocol match the filter's codes (absent codes match anything). */
function classMatches(f: USBDeviceFilter, cls: number, sub: number, proto: number): boolean {
  if (f.classCode !== undefined && f.classCode !== cls) return false;
  if (f.subclassCode !== undefined && f.subclassCode !== sub) return false;
  if (f.protocolCode !== undefined && f.protocolCode !== proto) return false;
  return true;
}

/**
 * The spec's "matches a device filter": ids, serial number, then the class
 * codes against the device class or any alternate setting of any interface.
 */
export function matchesFilter(device: USBDevice, f: USBDeviceFilter): boolean {
  if (f.vendorId !== undefined && f.vendorId !== device.vendorId) return false;
  if (f.productId !== undefined && f.productId !== device.productId) return false;
  if (f.serialNumber !== undefined && f.serialNumber !== device.serialNumber) return false;
  if (f.classCode === undefined) return true;
  if (classMatches(f, device.deviceClass, device.deviceSubclass, device.deviceProtocol)) return true;
  for (const c of device.configurations) {
    for (const i of c.interfaces) {
      for (const a of i.alternates) {
        if (classMatches(f, a.interfaceClass, a.interfaceSubclass, a.interfaceProtocol)) return true;
      }
    }
  }
  return false;
}

/** True when `device` matches some filter (or `filters` is empty) and no exclusion filter. */
export function matchesRequest(device: USBDevice, filters: readonly USBDeviceFilter[], exclusions: readonly USBDeviceFilter[]): boolean {
  if (filters.length > 0 && !filters.some((f) => matchesFilter(device, f))) return false;
  return !exclusions.some((f) => matchesFilter(device, f));
}
