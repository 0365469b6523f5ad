/**
 * Finding readers: requestReader / getReaders over any navigator.usb-like hub (the simulator's
 * VirtualUsb here), and the browser's failures mapped to actionable TransportErrors.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { READER_FILTERS, TransportError, browserUsb, getReaders, requestReader } from '../../sdk/index.js';
import type { UsbHub } from '../../sdk/transport/hub.js';
import { rig } from './sim.js';

const test = suite('sdk: finders');

async function failure(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TransportError, String(e));
    return e as TransportError;
  }
  assert.unreachable();
  throw new Error();
}

test('the filter is the reader VID/PID', () => {
  assert.equal(READER_FILTERS, [{ vendorId: 0x1209, productId: 0x0001 }]);
});

test('requestReader and getReaders through the simulator navigator.usb', async () => {
  const r = rig('finders');
  const device = await requestReader(r.usb);
  assert.is(device.vendorId, 0x1209);
  const readers = await getReaders(r.usb);
  assert.is(readers.length, 1);
  r.gadget.unplug();
  assert.is((await getReaders(r.usb)).length, 0);
  assert.is((await failure(requestReader(r.usb))).kind, 'not-found');
});

test('browser failures: no WebUSB, no user gesture, chooser closed, no permission', async () => {
  const nav = (globalThis as { navigator?: unknown }).navigator;
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  try {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
    assert.throws(() => browserUsb(), (e: unknown) => e instanceof TransportError && e.kind === 'webusb-unsupported');
    const hub = (name: string, message: string): UsbHub => ({
      getDevices: async () => {
        throw Object.assign(new Error(message), { name });
      },
      requestDevice: async () => {
        throw Object.assign(new Error(message), { name });
      },
    });
    assert.is((await failure(requestReader(hub('SecurityError', "Failed to execute 'requestDevice' on 'USB': Must be handling a user gesture to show a permission request.")))).kind, 'user-gesture-required');
    assert.is((await failure(requestReader(hub('NotFoundError', 'No device selected.')))).kind, 'not-found');
    assert.is((await failure(getReaders(hub('SecurityError', 'Access to the feature "usb" is disallowed by permissions policy.')))).kind, 'permission-denied');
  } finally {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete (globalThis as { navigator?: unknown }).navigator;
    void nav;
  }
});

test.run();
