/** Shared helpers of the USBDevice tests: a reader gadget with the firmware's descriptors, rejection checks. */
import * as assert from 'uvu/assert';
import type { UsbIdentity } from '../../firmware/usb/index.js';
import { UsbGadget, firmwareDescriptorSource, echoEndpoint, type PacketEndpoint } from '../../simulator/usb/index.js';

export const ID: UsbIdentity = { readerId: Uint8Array.of(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef), version: { major: 1, minor: 0, patch: 2 } };
export const ID2: UsbIdentity = { readerId: Uint8Array.of(0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10), version: { major: 1, minor: 0, patch: 2 } };

/** A gadget with the reader's descriptors and `endpoint` (an echo endpoint by default). */
export function readerGadget(endpoint: PacketEndpoint = echoEndpoint(), id: UsbIdentity = ID, name = 'reader'): UsbGadget {
  return new UsbGadget({ endpoint, descriptors: firmwareDescriptorSource(id), name });
}

/** Open `device` and claim interface 0, as the SDK does. */
export async function openClaimed(device: USBDevice): Promise<USBDevice> {
  await device.open();
  if (device.configuration === null) await device.selectConfiguration(1);
  await device.claimInterface(0);
  return device;
}

/** Await `p` and assert that it rejects with an error named `name` (DOMException or TypeError). */
export async function rejects(p: Promise<unknown>, name: string, messagePart?: string): Promise<Error> {
  try {
    await p;
  } catch (e) {
    const err = e as Error;
    assert.is(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    if (messagePart) assert.ok(err.message.includes(messagePart), `message "${err.message}" lacks "${messagePart}"`);
    return err;
  }
  assert.unreachable(`expected a rejection with ${name}`);
  throw new Error('unreachable');
}

/** A 64-byte packet whose bytes are (seed + i) mod 256. */
export function packet(seed: number, length = 64): Uint8Array<ArrayBuffer> {
  const p = new Uint8Array(length);
  for (let i = 0; i < length; i++) p[i] = (seed + i) & 0xff;
  return p;
}

/** The bytes of a transfer result's DataView. */
export function bytesOf(r: USBInTransferResult): Uint8Array {
  const d = r.data!;
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** Let every queued microtask and immediate run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
