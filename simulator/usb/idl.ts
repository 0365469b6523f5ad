/**
 * WebIDL argument conversions of the WebUSB methods, with the TypeErrors a
 * browser raises for bad arguments: [EnforceRange] integers, BufferSource,
 * USBControlTransferParameters. Browser-safe.
 */
import { usbTypeError } from './errors.js';
import type { ControlSetup } from './info.js';

/** [EnforceRange] unsigned integer of at most `max` (octet 255, unsigned short 65535, unsigned long 2^32-1). */
export function enforceRange(op: string, value: unknown, max: number, typeName: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw usbTypeError(op, `Value is not of type '${typeName}'.`);
  const t = Math.trunc(n);
  if (t < 0 || t > max) throw usbTypeError(op, `Value is outside the '${typeName}' value range.`);
  return t;
}

/** A copy of the bytes of a BufferSource (ArrayBuffer or ArrayBufferView), as browsers copy at call time. */
export function bufferSourceBytes(op: string, data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) {
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return new Uint8Array(view);
  }
  throw usbTypeError(op, "The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
}

const REQUEST_TYPES: Record<string, number> = { standard: 0x00, class: 0x20, vendor: 0x40 };
const RECIPIENTS: Record<string, number> = { device: 0, interface: 1, endpoint: 2, other: 3 };

/** The fields of a USBControlTransferParameters dictionary, checked and converted. */
export interface ControlParameters {
  requestType: USBRequestType;
  recipient: USBRecipient;
  request: number;
  value: number;
  index: number;
}

/** Convert a USBControlTransferParameters dictionary (TypeError when a member is missing or invalid). */
export function controlParameters(op: string, setup: unknown): ControlParameters {
  if (setup === null || typeof setup !== 'object') {
    throw usbTypeError(op, "parameter 1 is not of type 'USBControlTransferParameters'.");
  }
  const s = setup as Record<string, unknown>;
  for (const member of ['requestType', 'recipient', 'request', 'value', 'index']) {
    if (s[member] === undefined) {
      throw usbTypeError(op, `Failed to read the '${member}' property from 'USBControlTransferParameters': Required member is undefined.`);
    }
  }
  const requestType = String(s.requestType);
  if (!(requestType in REQUEST_TYPES)) {
    throw usbTypeError(op, `The provided value '${requestType}' is not a valid enum value of type USBRequestType.`);
  }
  const recipient = String(s.recipient);
  if (!(recipient in RECIPIENTS)) {
    throw usbTypeError(op, `The provided value '${recipient}' is not a valid enum value of type USBRecipient.`);
  }
  return {
    requestType: requestType as USBRequestType,
    recipient: recipient as USBRecipient,
    request: enforceRange(op, s.request, 0xff, 'octet'),
    value: enforceRange(op, s.value, 0xffff, 'unsigned short'),
    index: enforceRange(op, s.index, 0xffff, 'unsigned short'),
  };
}

/** The SETUP packet of a control transfer in direction `dirIn` carrying `length` data bytes. */
export function setupPacket(p: ControlParameters, dirIn: boolean, length: number): ControlSetup {
  return {
    bmRequestType: (dirIn ? 0x80 : 0x00) | REQUEST_TYPES[p.requestType] | RECIPIENTS[p.recipient],
    bRequest: p.request,
    wValue: p.value,
    wIndex: p.index,
    wLength: length,
  };
}
