/**
 * The part of `navigator.usb` the SDK uses. The browser's navigator.usb, node-usb's WebUSB
 * object (through nodeUsb()) and the simulator's hub all provide it.
 */

/** A connect / disconnect event: the device it is about. */
export interface UsbConnectionEventLike {
  readonly device: USBDevice;
}

/** A `navigator.usb`-like object. Only getDevices is required. */
export interface UsbHub {
  getDevices(): Promise<USBDevice[]>;
  requestDevice?(options: USBDeviceRequestOptions): Promise<USBDevice>;
  addEventListener?(type: 'connect' | 'disconnect', listener: (ev: UsbConnectionEventLike) => void): void;
  removeEventListener?(type: 'connect' | 'disconnect', listener: (ev: UsbConnectionEventLike) => void): void;
}

/** Wrappers (transcript recorders) expose the device they wrap under this symbol. */
export const UNDERLYING_DEVICE: unique symbol = Symbol.for('passregion.sdk.underlyingDevice');

/** The device a wrapper stands for (the device itself when it is not a wrapper). */
export function underlyingDevice(device: USBDevice): USBDevice {
  let d = device;
  for (let i = 0; i < 8; i++) {
    const inner = (d as unknown as { [UNDERLYING_DEVICE]?: USBDevice })[UNDERLYING_DEVICE];
    if (!inner || inner === d) break;
    d = inner;
  }
  return d;
}
