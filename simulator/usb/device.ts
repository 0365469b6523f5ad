/**
 * VirtualUsbDevice: a complete WebUSB `USBDevice` over a UsbDeviceBackend.
 *
 * This is the one implementation of the USBDevice rules in the project. It
 * follows Chromium's WebUSB (the browser tills run in): the same checks in the
 * same order, the same DOMException names and messages, the same state kept
 * per handle (opened, active configuration, claimed interfaces, selected
 * alternates, the set of available endpoints), "state change in progress"
 * guards, and the handling of a disconnection (every pending request rejects
 * NotFoundError, every later call too). The backend only moves data: an
 * in-process UsbGadget session or a remote session over the bridge.
 * Browser-safe.
 */
import type { UsbDeviceBackend } from './backend.js';
import { Msg, isBackendError, usbError, usbTypeError } from './errors.js';
import { bufferSourceBytes, controlParameters, enforceRange, setupPacket } from './idl.js';
import type { UsbDeviceInfo } from './info.js';
import {
  VirtualUsbConfiguration,
  VirtualUsbInTransferResult,
  VirtualUsbOutTransferResult,
  dataViewOf,
  type InterfaceStateSource,
} from './objects.js';

/** Endpoint numbers 1..15 (bit i-1 of a 15-entry table). */
const ENDPOINTS = 16;

/** What the owning context does on forget(); resolves when the permission is gone. */
export type ForgetHook = (device: VirtualUsbDevice) => Promise<void>;

interface Pending {
  op: string;
  fail(error: unknown): void;
}

/** A WebUSB USBDevice whose device side is a UsbDeviceBackend. */
export class VirtualUsbDevice implements USBDevice, InterfaceStateSource {
  readonly usbVersionMajor: number;
  readonly usbVersionMinor: number;
  readonly usbVersionSubminor: number;
  readonly deviceClass: number;
  readonly deviceSubclass: number;
  readonly deviceProtocol: number;
  readonly vendorId: number;
  readonly productId: number;
  readonly deviceVersionMajor: number;
  readonly deviceVersionMinor: number;
  readonly deviceVersionSubminor: number;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  readonly serialNumber: string | null;

  readonly #backend: UsbDeviceBackend;
  readonly #info: UsbDeviceInfo;
  readonly #configurations: VirtualUsbConfiguration[];
  readonly #forgetHook: ForgetHook | undefined;
  readonly #pending = new Set<Pending>();
  #connected = true;
  #opened = false;
  #deviceStateChange = false;
  #configurationIndex = -1;
  #claimed: boolean[] = [];
  #interfaceStateChange: boolean[] = [];
  #selectedAlternate: number[] = [];
  #inEndpoints: boolean[] = new Array<boolean>(ENDPOINTS).fill(false);
  #outEndpoints: boolean[] = new Array<boolean>(ENDPOINTS).fill(false);

  constructor(backend: UsbDeviceBackend, forget?: ForgetHook) {
    const info = backend.info;
    this.#backend = backend;
    this.#info = info;
    this.#forgetHook = forget;
    // Chromium keeps the bcd bytes as they are: major = high byte, then one nibble each.
    this.usbVersionMajor = info.bcdUSB >> 8;
    this.usbVersionMinor = (info.bcdUSB >> 4) & 0xf;
    this.usbVersionSubminor = info.bcdUSB & 0xf;
    this.deviceClass = info.deviceClass;
    this.deviceSubclass = info.deviceSubclass;
    this.deviceProtocol = info.deviceProtocol;
    this.vendorId = info.vendorId;
    this.productId = info.productId;
    this.deviceVersionMajor = info.bcdDevice >> 8;
    this.deviceVersionMinor = (info.bcdDevice >> 4) & 0xf;
    this.deviceVersionSubminor = info.bcdDevice & 0xf;
    this.manufacturerName = info.manufacturerName;
    this.productName = info.productName;
    this.serialNumber = info.serialNumber;
    this.#configurations = info.configurations.map((c, i) => new VirtualUsbConfiguration(c, this, i));
    const active = this.#findConfigurationIndex(backend.activeConfiguration);
    if (active !== -1) this.#onConfigurationSelected(active);
    backend.onDisconnect(() => this.markDisconnected());
  }

  // ---- attributes

  get opened(): boolean {
    return this.#opened;
  }

  get configuration(): USBConfiguration | null {
    return this.#configurationIndex === -1 ? null : this.#configurations[this.#configurationIndex];
  }

  get configurations(): USBConfiguration[] {
    return this.#configurations.slice();
  }

  /** False once the device was unplugged (or forgotten, or its bridge lost). Not part of WebUSB. */
  get connected(): boolean {
    return this.#connected;
  }

  /** The enumerated descriptors behind the attributes. Not part of WebUSB. */
  get info(): UsbDeviceInfo {
    return this.#info;
  }

  // ---- InterfaceStateSource (read by USBInterface objects)

  isInterfaceClaimed(configurationIndex: number, interfaceIndex: number): boolean {
    return this.#configurationIndex !== -1 && this.#configurationIndex === configurationIndex && this.#claimed[interfaceIndex] === true;
  }

  selectedAlternateIndex(interfaceIndex: number): number {
    return this.#selectedAlternate[interfaceIndex] ?? 0;
  }

  // ---- device state

  async open(): Promise<void> {
    this.#ensureNoDeviceOrInterfaceChange('open');
    if (this.#opened) return;
    this.#deviceStateChange = true;
    try {
      await this.#track('open', () => this.#backend.open(), 'SecurityError', 'Access denied.');
      this.#onOpenedOrClosed(true);
    } finally {
      this.#deviceStateChange = false;
    }
  }

  async close(): Promise<void> {
    this.#ensureNoDeviceOrInterfaceChange('close');
    if (!this.#opened) return;
    this.#deviceStateChange = true;
    try {
      await this.#track('close', () => this.#backend.close(), 'NetworkError', Msg.TRANSFER_ERROR);
      this.#onOpenedOrClosed(false);
    } finally {
      this.#deviceStateChange = false;
    }
  }

  async forget(): Promise<void> {
    if (this.#forgetHook) await this.#forgetHook(this);
    else this.dispose();
  }

  async selectConfiguration(configurationValue: number): Promise<void> {
    const op = 'selectConfiguration';
    const value = enforceRange(op, configurationValue, 0xff, 'octet');
    this.#ensureNoDeviceOrInterfaceChange(op);
    if (!this.#opened) throw usbError(op, 'InvalidStateError', Msg.OPEN_REQUIRED);
    const index = this.#findConfigurationIndex(value);
    if (index === -1) throw usbError(op, 'NotFoundError', Msg.CONFIGURATION_NOT_FOUND);
    if (index === this.#configurationIndex) return;
    this.#deviceStateChange = true;
    try {
      await this.#track(op, () => this.#backend.selectConfiguration(value), 'NetworkError', Msg.CONFIGURATION_FAILED);
      this.#onConfigurationSelected(index);
    } finally {
      this.#deviceStateChange = false;
    }
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    const op = 'claimInterface';
    const number = enforceRange(op, interfaceNumber, 0xff, 'octet');
    this.#ensureDeviceConfigured(op);
    const index = this.#findInterfaceIndex(number);
    if (index === -1) throw usbError(op, 'NotFoundError', Msg.INTERFACE_NOT_FOUND);
    if (this.#interfaceStateChange[index]) throw usbError(op, 'InvalidStateError', Msg.INTERFACE_STATE_CHANGE);
    if (this.#claimed[index]) return;
    this.#interfaceStateChange[index] = true;
    try {
      await this.#track(op, () => this.#backend.claimInterface(number), 'NetworkError', Msg.CLAIM_FAILED);
      this.#onInterfaceClaimedOrUnclaimed(true, index);
    } finally {
      this.#interfaceStateChange[index] = false;
    }
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    const op = 'releaseInterface';
    const number = enforceRange(op, interfaceNumber, 0xff, 'octet');
    this.#ensureDeviceConfigured(op);
    const index = this.#findInterfaceIndex(number);
    if (index === -1) throw usbError(op, 'NotFoundError', Msg.INTERFACE_NOT_FOUND);
    if (this.#interfaceStateChange[index]) throw usbError(op, 'InvalidStateError', Msg.INTERFACE_STATE_CHANGE);
    if (!this.#claimed[index]) return;
    this.#setEndpointsForInterface(index, false);
    this.#interfaceStateChange[index] = true;
    let released = false;
    try {
      await this.#track(op, () => this.#backend.releaseInterface(number), 'NetworkError', Msg.RELEASE_FAILED);
      released = true;
    } finally {
      this.#onInterfaceClaimedOrUnclaimed(!released, index);
      this.#interfaceStateChange[index] = false;
    }
  }

  async selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void> {
    const op = 'selectAlternateInterface';
    const number = enforceRange(op, interfaceNumber, 0xff, 'octet');
    const setting = enforceRange(op, alternateSetting, 0xff, 'octet');
    this.#ensureInterfaceClaimed(op, number);
    const index = this.#findInterfaceIndex(number);
    const alternates = this.#info.configurations[this.#configurationIndex].interfaces[index].alternates;
    const altIndex = alternates.findIndex((a) => a.alternateSetting === setting);
    if (altIndex === -1) throw usbError(op, 'NotFoundError', Msg.ALTERNATE_NOT_FOUND);
    this.#setEndpointsForInterface(index, false);
    this.#interfaceStateChange[index] = true;
    let ok = false;
    try {
      await this.#track(op, () => this.#backend.selectAlternateInterface(number, setting), 'NetworkError', Msg.ALTERNATE_FAILED);
      ok = true;
      this.#selectedAlternate[index] = altIndex;
    } finally {
      this.#setEndpointsForInterface(index, ok);
      this.#interfaceStateChange[index] = false;
    }
  }

  async reset(): Promise<void> {
    const op = 'reset';
    this.#ensureNoDeviceOrInterfaceChange(op);
    if (!this.#opened) throw usbError(op, 'InvalidStateError', Msg.OPEN_REQUIRED);
    await this.#track(op, () => this.#backend.reset(), 'NetworkError', Msg.RESET_FAILED);
  }

  // ---- transfers

  async controlTransferIn(setup: USBControlTransferParameters, length: number): Promise<USBInTransferResult> {
    const op = 'controlTransferIn';
    const len = enforceRange(op, length, 0xffff, 'unsigned short');
    this.#ensureNoDeviceOrInterfaceChange(op);
    if (!this.#opened) throw usbError(op, 'InvalidStateError', Msg.OPEN_REQUIRED);
    const params = this.#checkControlParameters(op, setup);
    const r = await this.#track(op, () => this.#backend.controlTransferIn(setupPacket(params, true, len)), 'NetworkError', Msg.TRANSFER_ERROR);
    return new VirtualUsbInTransferResult(r.status, dataViewOf(r.data));
  }

  async controlTransferOut(setup: USBControlTransferParameters, data?: BufferSource): Promise<USBOutTransferResult> {
    const op = 'controlTransferOut';
    this.#ensureNoDeviceOrInterfaceChange(op);
    if (!this.#opened) throw usbError(op, 'InvalidStateError', Msg.OPEN_REQUIRED);
    const params = this.#checkControlParameters(op, setup);
    const bytes = data === undefined ? new Uint8Array(0) : bufferSourceBytes(op, data);
    if (bytes.length > 0xffff) throw usbError(op, 'DataError', 'The data buffer exceeded its maximum size.');
    const r = await this.#track(op, () => this.#backend.controlTransferOut(setupPacket(params, false, bytes.length), bytes), 'NetworkError', Msg.TRANSFER_ERROR);
    return new VirtualUsbOutTransferResult(r.status, r.status === 'ok' ? bytes.length : (r.bytesWritten ?? 0));
  }

  async clearHalt(direction: USBDirection, endpointNumber: number): Promise<void> {
    const op = 'clearHalt';
    if (direction !== 'in' && direction !== 'out') {
      throw usbTypeError(op, `The provided value '${String(direction)}' is not a valid enum value of type USBDirection.`);
    }
    const number = enforceRange(op, endpointNumber, 0xff, 'octet');
    this.#ensureEndpointAvailable(op, direction === 'in', number);
    await this.#track(op, () => this.#backend.clearHalt(direction, number), 'NetworkError', Msg.CLEAR_HALT_FAILED);
  }

  async transferIn(endpointNumber: number, length: number): Promise<USBInTransferResult> {
    const op = 'transferIn';
    const number = enforceRange(op, endpointNumber, 0xff, 'octet');
    const len = enforceRange(op, length, 0xffffffff, 'unsigned long');
    this.#ensureEndpointAvailable(op, true, number);
    const r = await this.#track(op, () => this.#backend.transferIn(number, len), 'NetworkError', Msg.TRANSFER_ERROR);
    return new VirtualUsbInTransferResult(r.status, dataViewOf(r.data));
  }

  async transferOut(endpointNumber: number, data: BufferSource): Promise<USBOutTransferResult> {
    const op = 'transferOut';
    const number = enforceRange(op, endpointNumber, 0xff, 'octet');
    const bytes = bufferSourceBytes(op, data);
    this.#ensureEndpointAvailable(op, false, number);
    const r = await this.#track(op, () => this.#backend.transferOut(number, bytes), 'NetworkError', Msg.TRANSFER_ERROR);
    return new VirtualUsbOutTransferResult(r.status, r.bytesWritten ?? 0);
  }

  async isochronousTransferIn(endpointNumber: number, packetLengths: number[]): Promise<USBIsochronousInTransferResult> {
    const op = 'isochronousTransferIn';
    const number = enforceRange(op, endpointNumber, 0xff, 'octet');
    if (!Array.isArray(packetLengths)) throw usbTypeError(op, "The provided value cannot be converted to a sequence.");
    this.#ensureEndpointAvailable(op, true, number);
    this.#ensureIsochronous(op, 'in', number);
    throw usbError(op, 'InvalidAccessError', Msg.NOT_ISOCHRONOUS);
  }

  async isochronousTransferOut(endpointNumber: number, data: BufferSource, packetLengths: number[]): Promise<USBIsochronousOutTransferResult> {
    const op = 'isochronousTransferOut';
    const number = enforceRange(op, endpointNumber, 0xff, 'octet');
    bufferSourceBytes(op, data);
    if (!Array.isArray(packetLengths)) throw usbTypeError(op, "The provided value cannot be converted to a sequence.");
    this.#ensureEndpointAvailable(op, false, number);
    this.#ensureIsochronous(op, 'out', number);
    throw usbError(op, 'InvalidAccessError', Msg.NOT_ISOCHRONOUS);
  }

  // ---- lifecycle hooks for contexts and backends (not part of WebUSB)

  /**
   * The device went away: every pending request rejects NotFoundError, the
   * handle is closed, and every later call rejects NotFoundError. Idempotent.
   */
  markDisconnected(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#opened = false;
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const p of pending) p.fail(usbError(p.op, 'NotFoundError', Msg.DISCONNECTED));
  }

  /** Drop the handle (forget(), context closed): disconnect it and release its backend. */
  dispose(): void {
    this.markDisconnected();
    this.#backend.dispose();
  }

  // ---- checks (the order Chromium uses)

  #ensureNoDeviceChange(op: string): void {
    if (!this.#connected) throw usbError(op, 'NotFoundError', Msg.DISCONNECTED);
    if (this.#deviceStateChange) throw usbError(op, 'InvalidStateError', Msg.STATE_CHANGE);
  }

  #ensureNoDeviceOrInterfaceChange(op: string): void {
    this.#ensureNoDeviceChange(op);
    if (this.#interfaceStateChange.some((b) => b)) throw usbError(op, 'InvalidStateError', Msg.INTERFACE_STATE_CHANGE);
  }

  #ensureDeviceConfigured(op: string): void {
    this.#ensureNoDeviceChange(op);
    if (!this.#opened) throw usbError(op, 'InvalidStateError', Msg.OPEN_REQUIRED);
    if (this.#configurationIndex === -1) throw usbError(op, 'InvalidStateError', Msg.NO_CONFIGURATION);
  }

  #ensureInterfaceClaimed(op: string, interfaceNumber: number): void {
    this.#ensureDeviceConfigured(op);
    const index = this.#findInterfaceIndex(interfaceNumber);
    if (index === -1) throw usbError(op, 'NotFoundError', Msg.INTERFACE_NOT_FOUND);
    if (this.#interfaceStateChange[index]) throw usbError(op, 'InvalidStateError', Msg.INTERFACE_STATE_CHANGE);
    if (!this.#claimed[index]) throw usbError(op, 'InvalidStateError', Msg.NOT_CLAIMED);
  }

  #ensureEndpointAvailable(op: string, dirIn: boolean, endpointNumber: number): void {
    this.#ensureDeviceConfigured(op);
    if (endpointNumber === 0 || endpointNumber >= ENDPOINTS) throw usbError(op, 'IndexSizeError', Msg.ENDPOINT_RANGE);
    const available = dirIn ? this.#inEndpoints : this.#outEndpoints;
    if (!available[endpointNumber]) throw usbError(op, 'NotFoundError', Msg.ENDPOINT_NOT_AVAILABLE);
  }

  #ensureIsochronous(op: string, direction: USBDirection, endpointNumber: number): void {
    const config = this.#info.configurations[this.#configurationIndex];
    for (let i = 0; i < config.interfaces.length; i++) {
      if (!this.#claimed[i]) continue;
      const alt = config.interfaces[i].alternates[this.#selectedAlternate[i] ?? 0];
      const ep = alt.endpoints.find((e) => e.direction === direction && e.endpointNumber === endpointNumber);
      if (ep && ep.type === 'isochronous') return;
    }
    throw usbError(op, 'InvalidAccessError', Msg.NOT_ISOCHRONOUS);
  }

  #checkControlParameters(op: string, setup: unknown) {
    const params = controlParameters(op, setup);
    if (params.recipient === 'interface') this.#ensureInterfaceClaimed(op, params.index & 0xff);
    else if (params.recipient === 'endpoint') this.#ensureEndpointAvailable(op, (params.index & 0x80) !== 0, params.index & 0x0f);
    return params;
  }

  // ---- state updates

  #findConfigurationIndex(value: number | null): number {
    if (value === null) return -1;
    return this.#info.configurations.findIndex((c) => c.configurationValue === value);
  }

  #findInterfaceIndex(interfaceNumber: number): number {
    return this.#info.configurations[this.#configurationIndex].interfaces.findIndex((i) => i.interfaceNumber === interfaceNumber);
  }

  #onOpenedOrClosed(opened: boolean): void {
    this.#opened = opened;
    if (!opened) {
      this.#claimed.fill(false);
      this.#selectedAlternate.fill(0);
      this.#inEndpoints.fill(false);
      this.#outEndpoints.fill(false);
    }
  }

  #onConfigurationSelected(index: number): void {
    this.#configurationIndex = index;
    const n = this.#info.configurations[index].interfaces.length;
    this.#claimed = new Array<boolean>(n).fill(false);
    this.#interfaceStateChange = new Array<boolean>(n).fill(false);
    this.#selectedAlternate = new Array<number>(n).fill(0);
    this.#inEndpoints.fill(false);
    this.#outEndpoints.fill(false);
  }

  #onInterfaceClaimedOrUnclaimed(claimed: boolean, index: number): void {
    this.#claimed[index] = claimed;
    if (!claimed) this.#selectedAlternate[index] = 0;
    this.#setEndpointsForInterface(index, claimed);
  }

  #setEndpointsForInterface(index: number, set: boolean): void {
    const alt = this.#info.configurations[this.#configurationIndex].interfaces[index].alternates[this.#selectedAlternate[index] ?? 0];
    for (const ep of alt.endpoints) {
      if (ep.endpointNumber === 0 || ep.endpointNumber >= ENDPOINTS) continue;
      (ep.direction === 'in' ? this.#inEndpoints : this.#outEndpoints)[ep.endpointNumber] = set;
    }
  }

  /**
   * Run a backend operation as a pending request: it rejects NotFoundError if
   * the device disconnects first, and backend failures become the DOMException
   * a browser raises (`failedName`/`failedMessage` for a refused operation).
   */
  #track<T>(op: string, start: () => Promise<T>, failedName: string, failedMessage: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const entry: Pending = {
        op,
        fail: (e) => {
          if (settled) return;
          settled = true;
          reject(e);
        },
      };
      this.#pending.add(entry);
      let started: Promise<T>;
      try {
        started = start();
      } catch (e) {
        started = Promise.reject(e);
      }
      started.then(
        (value) => {
          this.#pending.delete(entry);
          if (settled) return;
          settled = true;
          resolve(value);
        },
        (e: unknown) => {
          this.#pending.delete(entry);
          entry.fail(this.#mapFailure(op, e, failedName, failedMessage));
        },
      );
    });
  }

  #mapFailure(op: string, e: unknown, failedName: string, failedMessage: string): unknown {
    if (!isBackendError(e)) return e;
    switch (e.failure) {
      case 'disconnected':
        return usbError(op, 'NotFoundError', Msg.DISCONNECTED);
      case 'cancelled':
        return usbError(op, 'AbortError', Msg.CANCELLED);
      case 'transfer-error':
        return usbError(op, 'NetworkError', Msg.TRANSFER_ERROR);
      default:
        return usbError(op, failedName, failedMessage);
    }
  }
}
