/**
 * The internal state of a UsbGadget, shared by the gadget and its host
 * sessions: the enumerated descriptors, plug state, active configuration,
 * interface owners, halted endpoints, the IN FIFO and the pending IN
 * transfers, the control pipe, faults and counters. Behaviour: gadget.ts.
 */
import type { TransferOutcome } from './backend.js';
import { BackendError } from './errors.js';
import { UsbFaults, garbled, zeroCounters, type PacketDirection, type UsbCounters } from './faults.js';
import { enumerate, type ControlSetup, type DescriptorSource, type UsbDeviceInfo } from './info.js';

/**
 * The device's end of the bulk pipes. The firmware (or a test double) plugs in
 * here: the gadget calls `write` with each OUT packet as the device's bulk OUT
 * endpoint receives it (normally 64 bytes; a short transfer gives a short
 * packet), and the device gives each IN packet to the callback registered with
 * `onPacket` (at most wMaxPacketSize bytes; the gadget copies it).
 */
export interface PacketEndpoint {
  /** Host OUT -> device: one packet received on the bulk OUT endpoint. */
  write(packet: Uint8Array): void;
  /** Register the receiver of the device's IN packets (called once, by the gadget). */
  onPacket(cb: (packet: Uint8Array) => void): void;
  /** Optional: VBUS went on (plug) or off (unplug); a bus-powered reader loses power. */
  onPower?(on: boolean): void;
  /** Optional: the host reset the device (USBDevice.reset()). */
  onBusReset?(): void;
}

/** How to build a gadget. */
export interface UsbGadgetOptions {
  /** The device's firmware end of the bulk pipes. */
  endpoint: PacketEndpoint;
  /** Control answers (GET_DESCRIPTOR and vendor requests); see firmwareDescriptorSource. */
  descriptors: DescriptorSource;
  /** A label for logs and the bridge (default "reader"). */
  name?: string;
  /** Start plugged in (default true). */
  plugged?: boolean;
  /** The host's OS selects the first configuration on plug, as Linux, macOS and Windows do (default true). */
  autoConfigure?: boolean;
}

/** A pending IN transfer. */
export interface InWaiter {
  /** The session that submitted the transfer. */
  session: object;
  endpoint: number;
  length: number;
  chunks: Uint8Array[];
  received: number;
  resolve(o: TransferOutcome): void;
  reject(e: BackendError): void;
}

/** The failure of an operation on an unplugged device. */
export const disconnected = () => new BackendError('disconnected', 'The device is not connected.');

/** The gadget's internal state, shared with its sessions. */
export class GadgetCore {
  readonly info: UsbDeviceInfo;
  readonly faults = new UsbFaults();
  counters: UsbCounters = zeroCounters();
  plugged: boolean;
  generation = 1;
  activeConfiguration: number | null = null;
  /** interfaceNumber -> owning session. */
  readonly owners = new Map<number, object>();
  /** interfaceNumber -> selected alternate setting. */
  readonly alternates = new Map<number, number>();
  /** Halted endpoints, as 'in:1' / 'out:1'. */
  readonly halted = new Set<string>();
  inQueue: Uint8Array[] = [];
  waiters: InWaiter[] = [];
  readonly sessions = new Set<{ kill(): void }>();
  readonly plugListeners: Array<(plugged: boolean) => void> = [];

  constructor(readonly options: Required<UsbGadgetOptions>) {
    this.info = enumerate(options.descriptors);
    this.plugged = options.plugged;
    if (this.plugged) this.autoConfigure();
    options.endpoint.onPacket((p) => this.fromDevice(p));
  }

  autoConfigure(): void {
    const first = this.info.configurations[0];
    this.activeConfiguration = this.options.autoConfigure && first ? first.configurationValue : null;
  }

  /** The active configuration's interface that owns endpoint (direction, number) in its selected alternate. */
  endpointOwner(direction: PacketDirection, number: number): { interfaceNumber: number; packetSize: number } | null {
    const config = this.info.configurations.find((c) => c.configurationValue === this.activeConfiguration);
    if (!config) return null;
    for (const iface of config.interfaces) {
      const setting = this.alternates.get(iface.interfaceNumber) ?? 0;
      const alt = iface.alternates.find((a) => a.alternateSetting === setting) ?? iface.alternates[0];
      const ep = alt?.endpoints.find((e) => e.direction === direction && e.endpointNumber === number);
      if (ep) return { interfaceNumber: iface.interfaceNumber, packetSize: ep.packetSize };
    }
    return null;
  }

  /** The largest IN packet the device may send: the first IN bulk/interrupt endpoint's size, default 64. */
  inPacketSize(): number {
    for (const c of this.info.configurations) {
      for (const i of c.interfaces) {
        for (const a of i.alternates) {
          const ep = a.endpoints.find((e) => e.direction === 'in');
          if (ep) return ep.packetSize;
        }
      }
    }
    return 64;
  }

  /** An IN packet from the device's firmware. */
  fromDevice(packet: Uint8Array): void {
    if (!this.plugged) return; // no VBUS: nothing reaches the bus
    const max = this.inPacketSize();
    if (packet.length > max) throw new Error(`USB gadget: IN packet of ${packet.length} bytes exceeds wMaxPacketSize ${max}`);
    const n = ++this.counters.inPackets;
    this.counters.inBytes += packet.length;
    const fault = this.faults.take('in', n);
    if (fault?.kind === 'unplug') {
      this.unplug();
      return;
    }
    if (fault?.kind === 'drop') {
      this.counters.inDropped++;
      return;
    }
    let copy: Uint8Array;
    if (fault?.kind === 'garble') {
      copy = garbled(packet, fault);
      this.counters.inGarbled++;
    } else {
      copy = new Uint8Array(packet);
    }
    this.inQueue.push(copy);
    this.pump();
  }

  /** Hand queued IN packets to pending IN transfers, in order. */
  pump(): void {
    const max = this.inPacketSize();
    while (this.waiters.length > 0 && this.inQueue.length > 0) {
      const w = this.waiters[0];
      if (this.halted.has(`in:${w.endpoint}`)) return;
      const packet = this.inQueue.shift()!;
      const room = w.length - w.received;
      if (packet.length > room) {
        w.chunks.push(packet.subarray(0, room));
        w.received += room;
        this.waiters.shift();
        this.completeIn(w, 'babble');
        continue;
      }
      w.chunks.push(packet);
      w.received += packet.length;
      if (packet.length < max || w.received === w.length) {
        this.waiters.shift();
        this.completeIn(w, 'ok');
      }
    }
  }

  completeIn(w: InWaiter, status: 'ok' | 'babble' | 'stall'): void {
    const data = new Uint8Array(w.received);
    let p = 0;
    for (const c of w.chunks) {
      data.set(c, p);
      p += c.length;
    }
    if (status !== 'stall') this.counters.inTransfers++;
    w.resolve({ status, data: status === 'stall' ? new Uint8Array(0) : data });
  }

  /** Remove the pending IN transfers matching `which` and reject them with `error`. */
  failWaiters(which: (w: InWaiter) => boolean, error: () => BackendError): void {
    const keep: InWaiter[] = [];
    const failed: InWaiter[] = [];
    for (const w of this.waiters) (which(w) ? failed : keep).push(w);
    this.waiters = keep;
    for (const w of failed) w.reject(error());
  }

  /** One OUT packet from the host controller to the device. */
  toDevice(packet: Uint8Array): void {
    const n = ++this.counters.outPackets;
    this.counters.outBytes += packet.length;
    const fault = this.faults.take('out', n);
    if (fault?.kind === 'unplug') {
      this.unplug();
      return;
    }
    if (fault?.kind === 'drop') {
      this.counters.outDropped++;
      return;
    }
    if (fault?.kind === 'garble') {
      this.counters.outGarbled++;
      this.options.endpoint.write(garbled(packet, fault));
      return;
    }
    this.options.endpoint.write(packet);
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.activeConfiguration = null;
    this.owners.clear();
    this.alternates.clear();
    this.halted.clear();
    this.inQueue = [];
    const sessions = [...this.sessions];
    this.sessions.clear();
    for (const s of sessions) s.kill();
    this.failWaiters(() => true, disconnected);
    this.options.endpoint.onPower?.(false);
    for (const l of [...this.plugListeners]) l(false);
  }

  plug(): void {
    if (this.plugged) return;
    this.plugged = true;
    this.generation++;
    this.autoConfigure();
    this.options.endpoint.onPower?.(true);
    for (const l of [...this.plugListeners]) l(true);
  }

  /** Answer a control request: the descriptor source first, then the standard requests a device stack handles. */
  control(setup: ControlSetup, data: Uint8Array | null): TransferOutcome {
    this.counters.controlTransfers++;
    const dirIn = (setup.bmRequestType & 0x80) !== 0;
    if (dirIn) {
      const answer = this.options.descriptors(setup) ?? this.standardIn(setup);
      if (answer === null) return { status: 'stall', data: new Uint8Array(0) };
      const n = Math.min(answer.length, setup.wLength);
      return { status: 'ok', data: answer.slice(0, n) };
    }
    return this.standardOut(setup, data ?? new Uint8Array(0)) ? { status: 'ok', bytesWritten: setup.wLength } : { status: 'stall', bytesWritten: 0 };
  }

  /** GET_STATUS, GET_CONFIGURATION, GET_INTERFACE (USB 2.0 §9.4). */
  standardIn(s: ControlSetup): Uint8Array | null {
    const config = this.info.configurations.find((c) => c.configurationValue === this.activeConfiguration);
    if (s.bmRequestType === 0x80 && s.bRequest === 0x00) return Uint8Array.of(config && config.attributes & 0x40 ? 1 : 0, 0);
    if (s.bmRequestType === 0x81 && s.bRequest === 0x00) {
      return config?.interfaces.some((i) => i.interfaceNumber === (s.wIndex & 0xff)) ? Uint8Array.of(0, 0) : null;
    }
    if (s.bmRequestType === 0x82 && s.bRequest === 0x00) {
      const dir: PacketDirection = s.wIndex & 0x80 ? 'in' : 'out';
      if (!this.endpointOwner(dir, s.wIndex & 0x0f)) return null;
      return Uint8Array.of(this.halted.has(`${dir}:${s.wIndex & 0x0f}`) ? 1 : 0, 0);
    }
    if (s.bmRequestType === 0x80 && s.bRequest === 0x08) return Uint8Array.of(this.activeConfiguration ?? 0);
    if (s.bmRequestType === 0x81 && s.bRequest === 0x0a) {
      if (!config?.interfaces.some((i) => i.interfaceNumber === (s.wIndex & 0xff))) return null;
      return Uint8Array.of(this.alternates.get(s.wIndex & 0xff) ?? 0);
    }
    return null;
  }

  /** SET_FEATURE / CLEAR_FEATURE(ENDPOINT_HALT); everything else is STALLed. */
  standardOut(s: ControlSetup, _data: Uint8Array): boolean {
    if (s.bmRequestType === 0x02 && (s.bRequest === 0x01 || s.bRequest === 0x03) && s.wValue === 0) {
      const dir: PacketDirection = s.wIndex & 0x80 ? 'in' : 'out';
      const number = s.wIndex & 0x0f;
      if (!this.endpointOwner(dir, number)) return false;
      if (s.bRequest === 0x03) this.halt(dir, number);
      else this.clearHalt(dir, number);
      return true;
    }
    return false;
  }

  halt(direction: PacketDirection, number: number): void {
    this.halted.add(`${direction}:${number}`);
    if (direction === 'in') {
      const stalled = this.waiters.filter((w) => w.endpoint === number);
      this.waiters = this.waiters.filter((w) => w.endpoint !== number);
      for (const w of stalled) this.completeIn(w, 'stall');
    }
  }

  clearHalt(direction: PacketDirection, number: number): void {
    this.halted.delete(`${direction}:${number}`);
    if (direction === 'in') this.pump();
  }
}

