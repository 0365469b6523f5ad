/**
 * Platform USB errors (WebUSB DOMExceptions, node-usb messages) to TransportError kinds.
 * WebUSB rejects with DOMException names; node-usb with plain Errors whose message says
 * which call failed and why ("claimInterface error: resource busy").
 */
import { TransportError, type TransportErrorKind } from '../errors.js';

function describe(e: unknown): { name: string; message: string } {
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; message?: unknown };
    return { name: typeof o.name === 'string' ? o.name : '', message: typeof o.message === 'string' ? o.message : String(e) };
  }
  return { name: '', message: String(e) };
}

const DISCONNECTED = /not found|no such device|disconnected|ENODEV|NO_DEVICE|device gone|has been lost/i;
const PERMISSION = /access denied|permission denied|EACCES|EPERM|LIBUSB_ERROR_ACCESS|not allowed/i;
const CLAIMED = /unable to claim|resource busy|EBUSY|LIBUSB_ERROR_BUSY|already claimed|in use/i;
const NO_SUBSYSTEM = /\/sys\/bus\/usb|no usb subsystem|udev.*not available/i;
const TIMED_OUT = /timed? ?out|LIBUSB_ERROR_TIMEOUT|ETIMEDOUT/i;

/** True when a failed transfer only ran out of time (node-usb transfers time out after 1 s by default). */
export function isTransferTimeout(e: unknown): boolean {
  const d = describe(e);
  return d.name === 'TimeoutError' || TIMED_OUT.test(d.message);
}

/** True when the error says the device is gone. */
export function isDisconnectError(e: unknown): boolean {
  const d = describe(e);
  return d.name === 'NotFoundError' || DISCONNECTED.test(d.message);
}

/**
 * The TransportError for a failure of `step` (open, claimInterface, transferIn...). The
 * platform's own message is kept as the detail and the original error as the cause.
 */
export function usbFailure(step: string, e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  const d = describe(e);
  let kind: TransportErrorKind = 'usb-error';
  if (NO_SUBSYSTEM.test(d.message)) kind = 'no-usb-subsystem';
  else if (d.name === 'NotFoundError' || DISCONNECTED.test(d.message)) kind = 'disconnected';
  else if (d.name === 'SecurityError' || PERMISSION.test(d.message)) kind = 'permission-denied';
  else if (step === 'claimInterface' && (d.name === 'NetworkError' || d.name === 'InvalidStateError' || CLAIMED.test(d.message)))
    kind = 'interface-claimed';
  else if (CLAIMED.test(d.message)) kind = 'interface-claimed';
  return new TransportError(kind, { detail: `${step}: ${d.name ? d.name + ': ' : ''}${d.message}`, cause: e });
}
