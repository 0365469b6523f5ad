/**
 * UsbContext: what `navigator.usb` is for one page (or node-usb's WebUSB for
 * one process): the devices this context may see, requestDevice with filters
 * and a chooser, getDevices, forget, and connect/disconnect events. Subclasses
 * only report devices appearing and disappearing (VirtualUsb for in-process
 * gadgets, BridgeUsb for readers behind the WebSocket bridge). Browser-safe.
 */
import type { UsbDeviceBackend } from './backend.js';
import { VirtualUsbDevice } from './device.js';
import { Msg, usbError, usbTypeError } from './errors.js';
import { matchesRequest, validateFilters } from './filters.js';

/** Picks a device among the matching ones, as a browser's chooser dialog does; null = the user cancelled. */
export type DeviceChooser = (devices: USBDevice[]) => USBDevice | null | undefined | Promise<USBDevice | null | undefined>;

/** Options of a context. */
export interface UsbContextOptions {
  /**
   * false (default): browser rules, getDevices() lists only devices granted
   * by requestDevice() and events fire only for them. true: every connected
   * device is visible and fires events (node-usb's `allowAllDevices`).
   */
  allowAllDevices?: boolean;
  /** The chooser of requestDevice(); default: the first matching device. */
  chooser?: DeviceChooser;
}

/** The event of navigator.usb's connect/disconnect. */
export class UsbConnectionEvent extends Event implements USBConnectionEvent {
  readonly device: USBDevice;
  constructor(type: string, init: USBConnectionEventInit) {
    super(type, init);
    this.device = init.device;
  }
}

type AnyHandler = ((this: any, ev: USBConnectionEvent) => unknown) | null;

interface Entry {
  device: VirtualUsbDevice;
  attach: () => UsbDeviceBackend;
}

/** A navigator.usb-like object over devices reported by a subclass. */
export class UsbContext extends EventTarget implements USB {
  readonly #options: UsbContextOptions;
  /** key (the physical device) -> its current USBDevice object. */
  readonly #entries = new Map<unknown, Entry>();
  /** Keys of the devices this context was granted (kept across replugs, as browsers do). */
  readonly #granted = new Set<unknown>();
  readonly #handlers: { connect: AnyHandler; disconnect: AnyHandler } = { connect: null, disconnect: null };
  #closed = false;

  constructor(options: UsbContextOptions = {}) {
    super();
    this.#options = options;
    super.addEventListener('connect', (ev) => this.#handlers.connect?.call(this, ev as USBConnectionEvent));
    super.addEventListener('disconnect', (ev) => this.#handlers.disconnect?.call(this, ev as USBConnectionEvent));
  }

  get onconnect(): ((this: this, ev: USBConnectionEvent) => any) | null {
    return this.#handlers.connect as ((this: this, ev: USBConnectionEvent) => any) | null;
  }
  set onconnect(h: ((this: this, ev: USBConnectionEvent) => any) | null) {
    this.#handlers.connect = typeof h === 'function' ? h : null;
  }
  get ondisconnect(): ((this: this, ev: USBConnectionEvent) => any) | null {
    return this.#handlers.disconnect as ((this: this, ev: USBConnectionEvent) => any) | null;
  }
  set ondisconnect(h: ((this: this, ev: USBConnectionEvent) => any) | null) {
    this.#handlers.disconnect = typeof h === 'function' ? h : null;
  }

  override addEventListener(
    type: 'connect' | 'disconnect',
    listener: (this: this, ev: USBConnectionEvent) => any,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: unknown, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  override removeEventListener(
    type: 'connect' | 'disconnect',
    listener: (this: this, ev: USBConnectionEvent) => any,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: unknown, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  /** The devices this context may use (granted ones, or all with allowAllDevices). */
  async getDevices(): Promise<USBDevice[]> {
    const out: USBDevice[] = [];
    for (const [key, e] of this.#entries) if (this.#visible(key)) out.push(e.device);
    return out;
  }

  /**
   * Pick a connected device matching `options.filters` (and no exclusion
   * filter) with the chooser, grant it and return it. Rejects TypeError for
   * invalid filters and NotFoundError "No device selected." when nothing
   * matches or the chooser returns null. No user-gesture check.
   */
  async requestDevice(options?: USBDeviceRequestOptions): Promise<USBDevice> {
    const op = 'requestDevice';
    if (options === undefined || options === null || typeof options !== 'object') {
      throw usbTypeError(op, "1 argument required, but only 0 present.", 'USB');
    }
    if (!Array.isArray(options.filters)) {
      throw usbTypeError(op, "Failed to read the 'filters' property from 'USBDeviceRequestOptions': Required member is undefined.", 'USB');
    }
    const exclusions = options.exclusionFilters ?? [];
    validateFilters(op, options.filters);
    validateFilters(op, exclusions);
    const candidates = [...this.#entries.values()].map((e) => e.device).filter((d) => matchesRequest(d, options.filters, exclusions));
    const chosen = candidates.length === 0 ? null : this.#options.chooser ? await this.#options.chooser(candidates) : candidates[0];
    const entry = chosen ? [...this.#entries].find(([, e]) => e.device === chosen) : undefined;
    if (!entry || !entry[1].device.connected) throw usbError(op, 'NotFoundError', Msg.NO_DEVICE_SELECTED, 'USB');
    this.#granted.add(entry[0]);
    return entry[1].device;
  }

  /** Close every device of this context (like closing the page) and stop reporting events. */
  dispose(): void {
    this.#closed = true;
    for (const e of this.#entries.values()) e.device.dispose();
    this.#entries.clear();
  }

  /** True once dispose() ran. */
  protected get disposed(): boolean {
    return this.#closed;
  }

  /** A subclass reports that the device `key` is connected and how to open host handles on it. */
  protected deviceConnected(key: unknown, attach: () => UsbDeviceBackend): void {
    if (this.#closed) return;
    const old = this.#entries.get(key);
    if (old) old.device.dispose();
    const entry: Entry = { device: this.#newDevice(key, attach), attach };
    this.#entries.set(key, entry);
    if (this.#visible(key)) this.dispatchEvent(new UsbConnectionEvent('connect', { device: entry.device }));
  }

  /** A subclass reports that the device `key` went away. */
  protected deviceDisconnected(key: unknown): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    entry.device.markDisconnected();
    entry.device.dispose();
    if (!this.#closed && this.#visible(key)) this.dispatchEvent(new UsbConnectionEvent('disconnect', { device: entry.device }));
  }

  #visible(key: unknown): boolean {
    return this.#options.allowAllDevices === true || this.#granted.has(key);
  }

  #newDevice(key: unknown, attach: () => UsbDeviceBackend): VirtualUsbDevice {
    return new VirtualUsbDevice(attach(), async (device) => {
      // forget(): revoke the grant and drop this object; the device itself stays
      // connected, so a later requestDevice() returns a new USBDevice object.
      this.#granted.delete(key);
      const entry = this.#entries.get(key);
      device.dispose();
      if (entry && entry.device === device) {
        entry.device = this.#newDevice(key, entry.attach);
      }
    });
  }
}
