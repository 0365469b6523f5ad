/**
 * One host handle on a UsbGadget: the UsbDeviceBackend behind one USBDevice
 * object (a browser tab's, a process's, a bridge client's). Claims belong to a
 * session; closing or disposing it releases them and cancels its transfers.
 */
import type { TransferOutcome, UsbDeviceBackend } from './backend.js';
import { BackendError } from './errors.js';
import type { PacketDirection } from './faults.js';
import { disconnected, type GadgetCore } from './gadget-core.js';
import type { ControlSetup, UsbDeviceInfo } from './info.js';

/** One host handle on the gadget (the backend of one USBDevice object). */
export class Session implements UsbDeviceBackend {
  readonly info: UsbDeviceInfo;
  readonly activeConfiguration: number | null;
  #dead = false;
  #opened = false;
  #disconnectCallbacks: Array<() => void> = [];

  constructor(readonly core: GadgetCore) {
    this.info = core.info;
    this.activeConfiguration = core.activeConfiguration;
    core.sessions.add(this);
  }

  onDisconnect(cb: () => void): void {
    if (this.#dead) return;
    this.#disconnectCallbacks.push(cb);
  }

  /** The gadget was unplugged: this handle is gone for good. */
  kill(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#opened = false;
    const cbs = this.#disconnectCallbacks;
    this.#disconnectCallbacks = [];
    for (const cb of cbs) cb();
  }

  dispose(): void {
    if (this.#dead) return;
    this.#releaseAll();
    this.#dead = true;
    this.#opened = false;
    this.#disconnectCallbacks = [];
    this.core.sessions.delete(this);
  }

  #alive(): void {
    if (this.#dead || !this.core.plugged) throw disconnected();
  }

  #releaseAll(): void {
    for (const [n, owner] of [...this.core.owners]) {
      if (owner === this) {
        this.core.owners.delete(n);
        this.core.alternates.delete(n);
      }
    }
    this.core.failWaiters((w) => w.session === this, () => new BackendError('cancelled', 'The transfer was cancelled.'));
  }

  async open(): Promise<void> {
    this.#alive();
    this.#opened = true;
  }

  async close(): Promise<void> {
    this.#alive();
    this.#releaseAll();
    this.#opened = false;
  }

  async selectConfiguration(value: number): Promise<void> {
    this.#alive();
    if (!this.info.configurations.some((c) => c.configurationValue === value)) throw new BackendError('failed', 'no such configuration');
    for (const owner of this.core.owners.values()) {
      if (owner !== this) throw new BackendError('failed', 'interfaces are claimed by another handle');
    }
    this.#releaseAll();
    this.core.alternates.clear();
    this.core.activeConfiguration = value;
  }

  async claimInterface(n: number): Promise<void> {
    this.#alive();
    const config = this.info.configurations.find((c) => c.configurationValue === this.core.activeConfiguration);
    if (!this.#opened || !config?.interfaces.some((i) => i.interfaceNumber === n)) throw new BackendError('failed', 'cannot claim');
    const owner = this.core.owners.get(n);
    if (owner && owner !== this) throw new BackendError('failed', 'interface claimed by another handle');
    this.core.owners.set(n, this);
  }

  async releaseInterface(n: number): Promise<void> {
    this.#alive();
    if (this.core.owners.get(n) !== this) throw new BackendError('failed', 'interface not claimed by this handle');
    this.core.owners.delete(n);
    this.core.alternates.delete(n);
    this.core.failWaiters((w) => w.session === this && this.core.endpointOwner('in', w.endpoint)?.interfaceNumber === n,
      () => new BackendError('cancelled', 'The transfer was cancelled.'));
  }

  async selectAlternateInterface(n: number, setting: number): Promise<void> {
    this.#alive();
    if (this.core.owners.get(n) !== this) throw new BackendError('failed', 'interface not claimed by this handle');
    const config = this.info.configurations.find((c) => c.configurationValue === this.core.activeConfiguration);
    const iface = config?.interfaces.find((i) => i.interfaceNumber === n);
    if (!iface?.alternates.some((a) => a.alternateSetting === setting)) throw new BackendError('failed', 'no such alternate setting');
    this.core.alternates.set(n, setting);
  }

  async controlTransferIn(setup: ControlSetup): Promise<TransferOutcome> {
    this.#alive();
    return this.core.control(setup, null);
  }

  async controlTransferOut(setup: ControlSetup, data: Uint8Array): Promise<TransferOutcome> {
    this.#alive();
    return this.core.control(setup, data);
  }

  #ownedEndpoint(direction: PacketDirection, endpoint: number): { packetSize: number } {
    const owner = this.core.endpointOwner(direction, endpoint);
    if (!this.#opened || !owner || this.core.owners.get(owner.interfaceNumber) !== this) {
      throw new BackendError('transfer-error', 'endpoint not owned by this handle');
    }
    return owner;
  }

  transferIn(endpoint: number, length: number): Promise<TransferOutcome> {
    try {
      this.#alive();
      this.#ownedEndpoint('in', endpoint);
    } catch (e) {
      return Promise.reject(e);
    }
    if (this.core.halted.has(`in:${endpoint}`)) return Promise.resolve({ status: 'stall', data: new Uint8Array(0) });
    return new Promise<TransferOutcome>((resolve, reject) => {
      this.core.waiters.push({ session: this, endpoint, length, chunks: [], received: 0, resolve, reject });
      this.core.pump();
    });
  }

  async transferOut(endpoint: number, data: Uint8Array): Promise<TransferOutcome> {
    this.#alive();
    const { packetSize } = this.#ownedEndpoint('out', endpoint);
    if (this.core.halted.has(`out:${endpoint}`)) return { status: 'stall', bytesWritten: 0 };
    this.core.counters.outTransfers++;
    let p = 0;
    do {
      const end = Math.min(p + packetSize, data.length);
      this.core.toDevice(data.slice(p, end));
      if (this.#dead || !this.core.plugged) throw disconnected();
      p = end;
    } while (p < data.length);
    return { status: 'ok', bytesWritten: data.length };
  }

  async clearHalt(direction: 'in' | 'out', endpoint: number): Promise<void> {
    this.#alive();
    this.#ownedEndpoint(direction, endpoint);
    this.core.clearHalt(direction, endpoint);
  }

  async reset(): Promise<void> {
    this.#alive();
    this.core.failWaiters(() => true, () => new BackendError('cancelled', 'The transfer was cancelled.'));
    this.core.inQueue = [];
    this.core.halted.clear();
    this.core.options.endpoint.onBusReset?.();
  }
}

