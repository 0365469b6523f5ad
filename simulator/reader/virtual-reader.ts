/**
 * A reader in a test: the firmware (imported from source, "fast" mode) on
 * virtual hardware at the chip boundary: a PN532 with an RF field, a key
 * matrix, a 4 x 16 display, LED and buzzer, a test clock, NOR flash that can
 * lose power, a USB IN endpoint. Time moves only through `advance`, which
 * calls the firmware's tick() every 10 ms of simulated time.
 */
import type { CryptoPort } from '../../protocol/crypto.js';
import { start } from '../../firmware/app/reader.js';
import type { Reader, ReaderPorts } from '../../firmware/app/ports.js';
import type { ReaderConfig } from '../../firmware/app/config.js';
import type { NfcBus } from '../../firmware/ports/nfc.js';
import type { SetupPacket } from '../../firmware/usb/control.js';
import { createNodeCrypto } from '../../sdk/crypto/node.js';
import { CardApplet } from '../card/applet.js';
import { PowerCut, VirtualFlash } from '../hw/flash/virtual-flash.js';
import type { UsbPort } from '../../firmware/ports/usb.js';
import { VirtualKeypad } from '../hw/keypad/virtual-keypad.js';
import { VirtualPn532 } from '../hw/pn532/virtual-pn532.js';
import type { VirtualPn532Options } from '../hw/pn532/virtual-pn532.js';
import type { FieldCard } from '../hw/pn532/field-card.js';
import { TestClock } from './clock.js';
import { UsbCapture, VirtualDisplay, VirtualSignal } from './peripherals.js';
import { AppletInField } from './field-card.js';

/** Firmware tick period of the simulation (ms). */
export const TICK_MS = 10;
/** Simulated time a PN532 status poll that answers "busy" costs (ms). */
export const BUS_POLL_MS = 1;
/** How long a key is held, and the pause after it (ms): longer than the 3-scan debounce. */
export const KEY_MS = 50;

/** Options of {@link createVirtualReader}. */
export interface VirtualReaderOptions {
  /** The reader's flash (default: 16 pages of 4 KB, blank). Keep it to reboot on the same flash. */
  flash?: VirtualFlash;
  /** Cards in the field from the start. */
  cards?: (CardApplet | FieldCard)[];
  /** Makes the reader's randomness (key seed, challenges, channel ids) reproducible. */
  seed?: string | Uint8Array;
  /** The clock (default: a TestClock whose wall clock is not set). */
  clock?: TestClock;
  /** The crypto port (default: node:crypto through sdk/crypto/node.ts). */
  crypto?: CryptoPort;
  /** Firmware configuration; `issuerRoot` is required. */
  config: ReaderConfig;
  /** Options of the virtual PN532. */
  pn532?: VirtualPn532Options;
  /**
   * How the firmware is started on the ports (default: `start` of firmware/app imported from
   * source). A test can run the built bundle in an embedded engine instead.
   */
  start?: (ports: ReaderPorts) => Reader;
}

/** A running virtual reader and its hardware. */
export interface VirtualReader {
  /** The firmware's entry points (replaced by reboot()). */
  firmware: Reader;
  readonly flash: VirtualFlash;
  readonly pn532: VirtualPn532;
  readonly keypad: VirtualKeypad;
  readonly display: VirtualDisplay;
  readonly signal: VirtualSignal;
  readonly clock: TestClock;
  readonly usb: UsbCapture;
  readonly crypto: CryptoPort;
  /** True after a power cut, until reboot(). The firmware is not called while off. */
  readonly off: boolean;
  /** Put a card in the field. */
  tap(card: CardApplet | FieldCard): void;
  /** Take a card out of the field. */
  pull(card: CardApplet | FieldCard): void;
  /** Press and release keys one after the other ('0'-'9', '*', '#'), time running. */
  type(keys: string): void;
  /** Let `ms` of simulated time pass, ticking the firmware every 10 ms. */
  advance(ms: number): void;
  /** Deliver one OUT packet from the host. */
  send(packet: Uint8Array): void;
  /** Packets the firmware sent on bulk IN since the last call. */
  take(): Uint8Array[];
  /** Answer a control request as the USB stack would ask it. */
  control(setup: SetupPacket): Uint8Array | null;
  /** Power off and on: a new firmware instance on the same flash (the channel is lost). */
  reboot(): void;
  /** Cut the power (e.g. a bus-powered reader unplugged): nothing runs until reboot(). */
  powerOff(): void;
}

/** A deterministic random source: SHA-256(seed || counter), for reproducible simulations. */
function seededRandom(crypto: CryptoPort, seed: string | Uint8Array): (n: number) => Uint8Array {
  const s = typeof seed === 'string' ? new TextEncoder().encode(seed) : Uint8Array.from(seed);
  let counter = 0;
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const input = new Uint8Array(s.length + 4);
      input.set(s);
      new DataView(input.buffer).setUint32(s.length, counter++);
      const block = crypto.sha256(input);
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

/** Create a virtual reader and start its firmware. */
export function createVirtualReader(o: VirtualReaderOptions): VirtualReader {
  const base = o.crypto ?? createNodeCrypto();
  const crypto: CryptoPort = o.seed === undefined ? base : { ...base, random: seededRandom(base, o.seed) };
  const flash = o.flash ?? new VirtualFlash(4096, 16);
  const clock = o.clock ?? new TestClock();
  const pn532 = new VirtualPn532(o.pn532);
  const keypad = new VirtualKeypad();
  const display = new VirtualDisplay();
  const signal = new VirtualSignal();
  const usb = new UsbCapture();
  const adapters = new WeakMap<CardApplet, FieldCard>();
  // The I2C bus: a status poll that answers "busy" takes a little time, so driver timeouts can expire.
  const bus: NfcBus = {
    write: (d) => pn532.write(d),
    ready: () => {
      const r = pn532.ready();
      if (!r) clock.advance(BUS_POLL_MS);
      return r;
    },
    read: (n) => pn532.read(n),
  };
  const fieldCard = (c: CardApplet | FieldCard): FieldCard => {
    if (!(c instanceof CardApplet)) return c;
    let a = adapters.get(c);
    if (!a) {
      a = new AppletInField(c);
      adapters.set(c, a);
    }
    return a;
  };
  let off = false;
  /** Run firmware code; a power cut stops the reader until reboot(). */
  const guarded = (fn: () => void): void => {
    if (off) return;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof PowerCut)) throw e;
      off = true;
    }
  };
  const startFirmware = o.start ?? start;
  // A packet that makes the host unplug the reader (a fault) cuts the power at once: the firmware
  // stops mid-call, as a board does, instead of finishing its tick unpowered.
  const usbPort: UsbPort = {
    send: (p) => {
      usb.send(p);
      if (off) throw new PowerCut(flash.operations);
    },
  };
  const boot = (): Reader => startFirmware({ nfc: bus, keypad, display, signal, clock, flash, usb: usbPort, crypto, config: o.config });

  const r: VirtualReader = {
    firmware: boot(),
    flash, pn532, keypad, display, signal, clock, usb, crypto,
    get off() {
      return off;
    },
    tap(card) {
      pn532.placeCard(fieldCard(card));
    },
    pull(card) {
      pn532.removeCard(fieldCard(card));
    },
    type(keys) {
      for (const k of keys) {
        keypad.press(k);
        r.advance(KEY_MS);
        keypad.release(k);
        r.advance(KEY_MS);
      }
    },
    advance(ms) {
      const end = clock.monotonic() + ms;
      while (!off && clock.monotonic() < end) {
        clock.advance(Math.min(TICK_MS, end - clock.monotonic()));
        guarded(() => r.firmware.tick());
      }
    },
    send(packet) {
      guarded(() => r.firmware.onUsbPacket(packet));
    },
    take() {
      return usb.take();
    },
    control(setup) {
      return r.firmware.usbControl(setup);
    },
    powerOff() {
      off = true;
    },
    reboot() {
      flash.powerOn();
      pn532.powerCycle();
      usb.clear();
      off = false;
      r.firmware = boot();
    },
  };
  for (const c of o.cards ?? []) r.tap(c);
  return r;
}
