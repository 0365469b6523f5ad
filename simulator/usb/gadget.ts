/**
 * UsbGadget: the physical side of a simulated USB device. It answers control
 * requests from a descriptor source, moves bulk packets between host handles
 * and a PacketEndpoint (the device's firmware), keeps the device-wide state
 * (plugged, active configuration, which handle owns each interface, halted
 * endpoints, the IN FIFO), applies injected faults and counts packets.
 *
 * Host handles are sessions (UsbDeviceBackend): one per USBDevice object, so
 * two browser tabs, two processes or two bridge clients each get their own,
 * and an interface can be claimed by one session at a time.
 *
 * Bulk transfers behave as on a real bus: an OUT transfer of L bytes leaves as
 * ceil(L / wMaxPacketSize) packets (all full-size but the last; a transfer of
 * 0 bytes is one zero-length packet; no trailing zero-length packet after a
 * multiple of the packet size, as WebUSB and libusb do by default). An IN
 * transfer of L bytes completes when L bytes arrived or a short packet ended
 * it; a packet larger than the room left completes it as 'babble' with the
 * bytes that fit (the rest of that packet is lost).
 */
import type { UsbDeviceBackend } from './backend.js';
import { zeroCounters, type PacketDirection, type UsbCounters, type UsbFaults } from './faults.js';
import { GadgetCore, disconnected, type UsbGadgetOptions } from './gadget-core.js';
import type { UsbDeviceInfo } from './info.js';
import { Session } from './session.js';

export type { PacketEndpoint, UsbGadgetOptions } from './gadget-core.js';

/** A simulated USB device: descriptors, bulk pipes to a PacketEndpoint, plug state, faults and counters. */
export class UsbGadget {
  readonly #core: GadgetCore;

  constructor(options: UsbGadgetOptions) {
    this.#core = new GadgetCore({
      endpoint: options.endpoint,
      descriptors: options.descriptors,
      name: options.name ?? 'reader',
      plugged: options.plugged ?? true,
      autoConfigure: options.autoConfigure ?? true,
    });
  }

  /** The label given at construction. */
  get name(): string {
    return this.#core.options.name;
  }

  /** The descriptors as a host enumerated them. */
  get info(): UsbDeviceInfo {
    return this.#core.info;
  }

  /** Faults to inject, by packet number. */
  get faults(): UsbFaults {
    return this.#core.faults;
  }

  /** A snapshot of the packet counters. */
  get counters(): UsbCounters {
    return { ...this.#core.counters };
  }

  /** Zero the counters (packet numbers for faults restart at 1). */
  resetCounters(): void {
    this.#core.counters = zeroCounters();
  }

  get plugged(): boolean {
    return this.#core.plugged;
  }

  /** Increments on every plug: a new generation means new USBDevice objects, as after a real replug. */
  get generation(): number {
    return this.#core.generation;
  }

  /** bConfigurationValue selected on the device, or null. */
  get activeConfiguration(): number | null {
    return this.#core.activeConfiguration;
  }

  /** IN packets the device queued that no host transfer has read yet. */
  get pendingInPackets(): number {
    return this.#core.inQueue.length;
  }

  /** True while some handle has claimed interface `n`. */
  isClaimed(interfaceNumber: number): boolean {
    return this.#core.owners.has(interfaceNumber);
  }

  /** Plug the device in (no-op when plugged). */
  plug(): void {
    this.#core.plug();
  }

  /** Pull the device out: every handle is disconnected and its pending transfers fail (no-op when unplugged). */
  unplug(): void {
    this.#core.unplug();
  }

  /** Listen to plug changes; returns a function that removes the listener. */
  onPlugChange(listener: (plugged: boolean) => void): () => void {
    this.#core.plugListeners.push(listener);
    return () => {
      const i = this.#core.plugListeners.indexOf(listener);
      if (i !== -1) this.#core.plugListeners.splice(i, 1);
    };
  }

  /** Make an endpoint STALL until the host clears the halt (clearHalt or CLEAR_FEATURE). */
  halt(direction: PacketDirection, endpointNumber: number): void {
    this.#core.halt(direction, endpointNumber);
  }

  /** A new host handle on the device (the backend of one USBDevice). Throws when unplugged. */
  attach(): UsbDeviceBackend {
    if (!this.#core.plugged) throw disconnected();
    return new Session(this.#core);
  }
}
