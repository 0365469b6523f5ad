/**
 * Test-only init script (bundled as an IIFE, injected with page.addInitScript):
 * replaces `navigator.usb` by a WebUSB implementation whose devices are the
 * simulator's readers behind the bridge, so the page's own "Connect reader"
 * code path (navigator.usb.requestDevice -> Reader.connect) runs unchanged.
 * Headless Chromium cannot attach a fake USB device, hence this stand-in.
 *
 * Reads `window.__PASSREGION_TEST_USB__ = { bridgeUrl, serial }` set just before it:
 * the chooser picks the reader whose serial number (reader id hex) is `serial`.
 */
import { BridgeUsb } from '../../simulator/bridge/client.js';

interface ShimConfig {
  bridgeUrl: string;
  serial: string;
}

const cfg = (globalThis as { __PASSREGION_TEST_USB__?: ShimConfig }).__PASSREGION_TEST_USB__;

/** navigator.usb until the bridge connection is up, then forwarding to it. */
class LazyUsb extends EventTarget {
  readonly #ready: Promise<BridgeUsb>;
  onconnect: ((ev: Event) => unknown) | null = null;
  ondisconnect: ((ev: Event) => unknown) | null = null;

  constructor(c: ShimConfig) {
    super();
    this.#ready = BridgeUsb.connect(c.bridgeUrl, {
      chooser: (devices) => devices.find((d) => d.serialNumber === c.serial) ?? null,
    });
    void this.#ready.then((usb) => {
      for (const type of ['connect', 'disconnect'] as const) {
        usb.addEventListener(type, (ev) => {
          const copy = new Event(type) as Event & { device?: USBDevice };
          Object.defineProperty(copy, 'device', { value: (ev as USBConnectionEvent).device });
          this.dispatchEvent(copy);
          const h = type === 'connect' ? this.onconnect : this.ondisconnect;
          if (h) h.call(this, copy);
        });
      }
    });
  }

  async requestDevice(options: USBDeviceRequestOptions): Promise<USBDevice> {
    return (await this.#ready).requestDevice(options);
  }

  async getDevices(): Promise<USBDevice[]> {
    return (await this.#ready).getDevices();
  }
}

if (cfg) {
  const usb = new LazyUsb(cfg);
  Object.defineProperty(Navigator.prototype, 'usb', { configurable: true, get: () => usb });
}
