/**
 * VirtualUsb: a navigator.usb (or node-usb WebUSB) whose devices are
 * in-process UsbGadgets. Several VirtualUsb objects on one VirtualUsbBus are
 * several pages or processes on one computer: each gets its own USBDevice
 * objects for the same gadget, and an interface claimed through one of them
 * cannot be claimed through another.
 */
import { UsbContext, type UsbContextOptions } from './context.js';
import type { UsbGadget } from './gadget.js';

/** The gadgets attached to one computer's USB ports. */
export class VirtualUsbBus {
  readonly #gadgets = new Set<UsbGadget>();
  readonly #listeners: Array<(gadget: UsbGadget) => void> = [];

  /** Attach `gadget` to this computer (if new) and plug it in. */
  plug(gadget: UsbGadget): void {
    if (!this.#gadgets.has(gadget)) {
      this.#gadgets.add(gadget);
      for (const l of [...this.#listeners]) l(gadget);
    }
    gadget.plug();
  }

  /** Pull `gadget` out (it stays known to the bus; plug() puts it back). */
  unplug(gadget: UsbGadget): void {
    gadget.unplug();
  }

  /** Every gadget ever plugged into this bus. */
  get gadgets(): UsbGadget[] {
    return [...this.#gadgets];
  }

  /** Called with each gadget newly attached to the bus; returns an unsubscribe function. */
  onAttach(listener: (gadget: UsbGadget) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i !== -1) this.#listeners.splice(i, 1);
    };
  }
}

/** Options of a VirtualUsb: the context options plus the bus it sees (default: a bus of its own). */
export interface VirtualUsbOptions extends UsbContextOptions {
  bus?: VirtualUsbBus;
}

/** navigator.usb over the gadgets of a VirtualUsbBus. */
export class VirtualUsb extends UsbContext {
  /** The bus this context sees. */
  readonly bus: VirtualUsbBus;
  readonly #unsubscribe: Array<() => void> = [];

  constructor(options: VirtualUsbOptions = {}) {
    super(options);
    this.bus = options.bus ?? new VirtualUsbBus();
    for (const g of this.bus.gadgets) this.#watch(g);
    this.#unsubscribe.push(this.bus.onAttach((g) => this.#watch(g)));
  }

  /** Plug `gadget` into this context's bus (visible to every context on the bus). */
  plug(gadget: UsbGadget): void {
    this.bus.plug(gadget);
  }

  /** Pull `gadget` out (every context on the bus sees the disconnection). */
  unplug(gadget: UsbGadget): void {
    this.bus.unplug(gadget);
  }

  override dispose(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    super.dispose();
  }

  #watch(gadget: UsbGadget): void {
    if (this.disposed) return;
    this.#unsubscribe.push(
      gadget.onPlugChange((plugged) => {
        if (plugged) this.deviceConnected(gadget, () => gadget.attach());
        else this.deviceDisconnected(gadget);
      }),
    );
    if (gadget.plugged) this.deviceConnected(gadget, () => gadget.attach());
  }
}
