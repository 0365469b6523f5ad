/**
 * The errors a USBDevice raises, named and worded as Chromium's WebUSB does
 * (callers must rely on `name` only), and the failures a device backend reports
 * to the USBDevice front end. Browser-safe.
 */

/** Messages Chromium uses, after its "Failed to execute 'op' on 'USBDevice': " prefix. */
export const Msg = {
  OPEN_REQUIRED: 'The device must be opened first.',
  DISCONNECTED: 'The device was disconnected.',
  STATE_CHANGE: 'An operation that changes the device state is in progress.',
  INTERFACE_STATE_CHANGE: 'An operation that changes interface state is in progress.',
  NO_CONFIGURATION: 'The device must have a configuration selected.',
  CONFIGURATION_NOT_FOUND: 'The configuration value provided is not supported by the device.',
  INTERFACE_NOT_FOUND: 'The interface number provided is not supported by the device in its current configuration.',
  ALTERNATE_NOT_FOUND: 'The alternate setting provided is not supported by the device in its current configuration.',
  NOT_CLAIMED: 'The specified interface has not been claimed.',
  ENDPOINT_RANGE: 'The specified endpoint number is out of range.',
  ENDPOINT_NOT_AVAILABLE: 'The specified endpoint is not part of a claimed and selected alternate interface.',
  TRANSFER_ERROR: 'A transfer error has occurred.',
  CANCELLED: 'The transfer was cancelled.',
  CLAIM_FAILED: 'Unable to claim interface.',
  RELEASE_FAILED: 'Unable to release interface.',
  CONFIGURATION_FAILED: 'Unable to set device configuration.',
  ALTERNATE_FAILED: 'Unable to set device interface.',
  CLEAR_HALT_FAILED: 'Unable to clear endpoint.',
  RESET_FAILED: 'Unable to reset the device.',
  NOT_ISOCHRONOUS: 'The specified endpoint is not an isochronous endpoint.',
  NO_DEVICE_SELECTED: 'No device selected.',
} as const;

/** A DOMException as a browser raises it from USBDevice.`op`. */
export function usbError(op: string, name: string, message: string, iface = 'USBDevice'): DOMException {
  return new DOMException(`Failed to execute '${op}' on '${iface}': ${message}`, name);
}

/** A TypeError with the browser's prefix (bad argument types and ranges). */
export function usbTypeError(op: string, message: string, iface = 'USBDevice'): TypeError {
  return new TypeError(`Failed to execute '${op}' on '${iface}': ${message}`);
}

/**
 * How a device operation failed below the WebUSB layer (the cases Chromium's
 * device service reports): the device is gone, the transfer was cancelled by a
 * close or reset, a transfer error on the bus, or the operation was refused
 * (an interface claimed by another handle, a configuration change refused).
 */
export type BackendFailure = 'disconnected' | 'cancelled' | 'transfer-error' | 'failed';

/** A failure reported by a device backend; the USBDevice front end turns it into a DOMException. */
export class BackendError extends Error {
  readonly failure: BackendFailure;
  constructor(failure: BackendFailure, message: string) {
    super(message);
    this.failure = failure;
    this.name = 'BackendError';
  }
}

/** True when `e` is a BackendError (checked by shape, so it also works across bundles). */
export function isBackendError(e: unknown): e is BackendError {
  return e instanceof Error && typeof (e as { failure?: unknown }).failure === 'string' && e.name === 'BackendError';
}
