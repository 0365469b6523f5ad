/**
 * The virtual reader as a USB device: its bulk endpoints and control
 * requests behind a UsbGadget, so a virtual navigator.usb, the SDK or the
 * bridge sees it as a real reader. The reader is bus-powered: unplugging cuts
 * its power, plugging it back boots the firmware on the same flash.
 */
import { UsbGadget, type PacketEndpoint } from '../usb/index.js';
import type { VirtualReader } from './virtual-reader.js';

/** Options of {@link readerGadget}. */
export interface ReaderGadgetOptions {
  /** Device name in hub listings (default "Pass'Region reader"). */
  name?: string;
  /** Sees each IN packet the firmware sends; returning false drops it (fault injection). */
  beforeIn?: (packet: Uint8Array) => boolean | void;
  /** Called after the bus power changed (on: the firmware has just rebooted on the same flash). */
  onPower?: (on: boolean) => void;
  /** Called after a USB bus reset, which reboots the firmware (the board resets with the bus). */
  onBusReset?: () => void;
}

/** A UsbGadget wired to `vr`: OUT packets to the firmware, IN packets to the host, descriptors from the firmware. */
export function readerGadget(vr: VirtualReader, o: ReaderGadgetOptions = {}): UsbGadget {
  let powered = true;
  const endpoint: PacketEndpoint = {
    write: (p) => {
      if (powered) vr.send(p);
    },
    onPacket: (cb) => {
      vr.usb.onPacket = (p) => {
        if (o.beforeIn && o.beforeIn(p) === false) return;
        cb(p);
      };
    },
    onPower: (on) => {
      const wasOff = !powered;
      powered = on;
      if (!on) vr.powerOff();
      else if (wasOff) vr.reboot();
      o.onPower?.(on);
    },
    onBusReset: () => {
      powered = true;
      vr.reboot();
      o.onBusReset?.();
    },
  };
  return new UsbGadget({ name: o.name, endpoint, descriptors: (setup) => vr.control(setup) });
}
