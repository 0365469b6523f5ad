/**
 * Node: readers through node-usb (`usb` 3.x) and its WebUSB class. Imported only by sdk/node.ts,
 * so browser bundles never include node-usb. On a machine without a USB subsystem (no
 * /sys/bus/usb: containers, CI) node-usb's getDevices rejects and a connect/disconnect listener
 * raises an unhandled rejection; this hub turns both into TransportError 'no-usb-subsystem'.
 */
import { TransportError } from '../errors.js';
import { READER_FILTERS, isReaderDevice } from './finders.js';
import type { UsbConnectionEventLike, UsbHub } from './hub.js';
import { usbFailure } from './usb-errors.js';

/** Options of {@link nodeUsb}. */
export interface NodeUsbOptions {
  /** Timeout of node-usb's control transfers, ms (node-usb's default is 1000). */
  deviceTimeout?: number;
  /** Told when connect/disconnect events cannot be delivered (default: one console.warn). */
  onError?: (e: TransportError) => void;
}

/** A navigator.usb-like hub over node-usb, plus reader finders. */
export interface NodeUsbHub extends UsbHub {
  /** Every USB device node-usb sees. Rejects with TransportError ('no-usb-subsystem'...). */
  getDevices(): Promise<USBDevice[]>;
  /** The first device matching the filters (node-usb has no chooser). */
  requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice>;
  /** The connected readers. */
  getReaders(): Promise<USBDevice[]>;
  /** The first connected reader; TransportError 'not-found' when none. */
  requestReader(): Promise<USBDevice>;
  addEventListener(type: 'connect' | 'disconnect', listener: (ev: UsbConnectionEventLike) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (ev: UsbConnectionEventLike) => void): void;
}

type Listener = (ev: UsbConnectionEventLike) => void;

interface WebUsbLike {
  getDevices(): Promise<USBDevice[]>;
  requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice>;
  addEventListener(type: string, listener: (ev: Event) => void): void;
  removeEventListener(type: string, listener: (ev: Event) => void): void;
}

/** node-usb's WebUSB object with `allowAllDevices: true`, loaded on first use. */
async function loadWebUsb(o: NodeUsbOptions): Promise<WebUsbLike> {
  let mod: { WebUSB: new (options: object) => WebUsbLike };
  try {
    mod = (await import('usb')) as unknown as typeof mod;
  } catch (e) {
    throw new TransportError('webusb-unsupported', {
      detail: `the 'usb' package (node-usb) could not be loaded: ${(e as Error).message}`,
      cause: e,
    });
  }
  const options: { allowAllDevices: boolean; deviceTimeout?: number } = { allowAllDevices: true };
  if (o.deviceTimeout !== undefined) options.deviceTimeout = o.deviceTimeout;
  return new mod.WebUSB(options);
}

/** A hub over node-usb. Nothing is loaded or probed until the first call. */
export function nodeUsb(options: NodeUsbOptions = {}): NodeUsbHub {
  let webusb: Promise<WebUsbLike> | null = null;
  const get = () => (webusb ??= loadWebUsb(options));
  const listeners = { connect: new Set<Listener>(), disconnect: new Set<Listener>() };
  let attached: WebUsbLike | null = null;
  let attaching = false;
  let warned = false;
  const report =
    options.onError ??
    ((e: TransportError) => {
      if (!warned) console.warn(`passregion sdk: USB connect/disconnect events are unavailable. ${e.message}`);
      warned = true;
    });
  const forward = (type: 'connect' | 'disconnect') => (ev: Event) => {
    const device = (ev as unknown as { device?: USBDevice }).device;
    if (!device) return;
    for (const l of [...listeners[type]]) l({ device });
  };
  const forwarders = { connect: forward('connect'), disconnect: forward('disconnect') };

  const getDevices = async (): Promise<USBDevice[]> => {
    const w = await get();
    try {
      return await w.getDevices();
    } catch (e) {
      throw usbFailure('getDevices', e);
    }
  };

  /** Attach node-usb's listeners only once getDevices has shown that a USB subsystem exists. */
  const attach = () => {
    if (attached || attaching) return;
    attaching = true;
    (async () => {
      const w = await get();
      await getDevices();
      return w;
    })().then(
      (w) => {
        attaching = false;
        if (listeners.connect.size + listeners.disconnect.size === 0) return;
        attached = w;
        w.addEventListener('connect', forwarders.connect);
        w.addEventListener('disconnect', forwarders.disconnect);
      },
      (e) => {
        attaching = false;
        report(e instanceof TransportError ? e : usbFailure('addEventListener', e));
      },
    );
  };
  const detachIfIdle = () => {
    if (!attached || listeners.connect.size + listeners.disconnect.size > 0) return;
    attached.removeEventListener('connect', forwarders.connect);
    attached.removeEventListener('disconnect', forwarders.disconnect);
    attached = null;
  };

  return {
    getDevices,
    async requestDevice(o) {
      const w = await get();
      try {
        return await w.requestDevice(o);
      } catch (e) {
        const name = (e as { name?: string }).name;
        if (name === 'NotFoundError') throw new TransportError('not-found', { detail: (e as Error).message, cause: e });
        throw usbFailure('requestDevice', e);
      }
    },
    async getReaders() {
      return (await getDevices()).filter(isReaderDevice);
    },
    async requestReader() {
      const readers = await this.getReaders();
      if (readers.length === 0) throw new TransportError('not-found', { detail: `no device ${hexId(READER_FILTERS[0])} connected` });
      return readers[0];
    },
    addEventListener(type, listener) {
      listeners[type].add(listener);
      attach();
    },
    removeEventListener(type, listener) {
      listeners[type].delete(listener);
      detachIfIdle();
    },
  };
}

function hexId(f: USBDeviceFilter): string {
  const h = (n: number | undefined) => (n ?? 0).toString(16).padStart(4, '0');
  return `${h(f.vendorId)}:${h(f.productId)}`;
}
