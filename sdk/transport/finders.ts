/**
 * Finding readers through a navigator.usb-like hub: the browser's navigator.usb by default,
 * or any {@link UsbHub} (nodeUsb(), the simulator's hub).
 */
import { USB_PRODUCT_ID, USB_VENDOR_ID } from '../../protocol/usb.js';
import { TransportError } from '../errors.js';
import type { UsbHub } from './hub.js';
import { usbFailure } from './usb-errors.js';

/** The requestDevice filter that matches Pass'Région readers (VID 0x1209, PID from protocol/usb.ts). */
export const READER_FILTERS: USBDeviceFilter[] = [{ vendorId: USB_VENDOR_ID, productId: USB_PRODUCT_ID }];

/** True when the device has the reader's vendor and product ids. */
export function isReaderDevice(device: USBDevice): boolean {
  return device.vendorId === USB_VENDOR_ID && device.productId === USB_PRODUCT_ID;
}

/** The browser's navigator.usb; throws TransportError 'webusb-unsupported' when there is none. */
export function browserUsb(): UsbHub {
  const nav = (globalThis as { navigator?: { usb?: UsbHub } }).navigator;
  if (!nav || !nav.usb) throw new TransportError('webusb-unsupported');
  return nav.usb;
}

/**
 * Ask the user to choose a reader (the browser's chooser; call it from a click handler).
 * Throws TransportError: 'user-gesture-required', 'not-found' (no reader chosen),
 * 'webusb-unsupported', 'no-usb-subsystem'.
 */
export async function requestReader(hub: UsbHub = browserUsb()): Promise<USBDevice> {
  if (!hub.requestDevice) throw new TransportError('webusb-unsupported', { detail: 'this USB object has no requestDevice' });
  try {
    return await hub.requestDevice({ filters: READER_FILTERS });
  } catch (e) {
    if (e instanceof TransportError) throw e;
    const o = e as { name?: string; message?: string };
    if (o && o.name === 'SecurityError' && /gesture|activation/i.test(o.message ?? '')) {
      throw new TransportError('user-gesture-required', { detail: o.message, cause: e });
    }
    if (o && o.name === 'NotFoundError') throw new TransportError('not-found', { detail: o.message, cause: e });
    throw usbFailure('requestDevice', e);
  }
}

/** The readers this page (or program) may already open without a prompt, e.g. to reconnect after a reload. */
export async function getReaders(hub: UsbHub = browserUsb()): Promise<USBDevice[]> {
  let devices: USBDevice[];
  try {
    devices = await hub.getDevices();
  } catch (e) {
    throw usbFailure('getDevices', e);
  }
  return devices.filter(isReaderDevice);
}
