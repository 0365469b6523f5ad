/**
 * A simulated reader running in real time (the demo server, interactive tools): the virtual reader
 * (the real firmware on virtual chips) ticked every 10 ms of wall time, its
 * USB side exposed as a UsbGadget (for the bridge), and the holder's actions
 * (tap or pull a card, press keys, unplug) for the control routes.
 * Unplugging cuts the reader's power (it is bus-powered); plugging it back
 * reboots the firmware on the same flash.
 */
import type { CardApplet } from '../card/applet.js';
import type { ReaderConfig } from '../../firmware/app/config.js';
import { VirtualFlash } from '../hw/flash/virtual-flash.js';
import type { UsbGadget } from '../usb/gadget.js';
import { TestClock } from './clock.js';
import { readerGadget } from './usb-gadget.js';
import { createVirtualReader, type VirtualReader } from './virtual-reader.js';

/** LED colour names by firmware Led code (firmware/ports/signal.ts). */
const LED_NAMES = ['off', 'green', 'red', 'amber', 'blue'];
/** How long a simulated key stays pressed, and the pause after it (above the firmware's debounce). */
const KEY_HOLD_MS = 70;

/** What a live reader shows, for the panel. */
export interface LiveView {
  display: string[];
  led: string;
  plugged: boolean;
  inField: CardApplet | null;
}

/** Options of a live reader. */
export interface LiveReaderOptions {
  name: string;
  /** Flash image to start from (a provisioned reader), or none for a blank reader. */
  pages?: Uint8Array[];
  pageSize?: number;
  pageCount?: number;
  /** Firmware configuration (issuer root required). */
  config: ReaderConfig;
  /** Randomness seed (reproducible reader key on a blank flash). */
  seed?: string;
}

/** A virtual reader running against the wall clock. */
export class LiveReader {
  readonly name: string;
  readonly gadget: UsbGadget;
  readonly vr: VirtualReader;
  #timer: ReturnType<typeof setInterval> | null = null;
  #t0 = performance.now();
  #powered = true;
  #inField: CardApplet | null = null;
  #keys: string[] = [];
  #keying = false;
  #lastView = '';
  #listeners = new Set<(v: LiveView) => void>();

  constructor(o: LiveReaderOptions) {
    this.name = o.name;
    const flash = new VirtualFlash(o.pageSize ?? 4096, o.pageCount ?? 16);
    if (o.pages) flash.restore(o.pages);
    this.vr = createVirtualReader({ flash, clock: new TestClock(Date.now()), config: o.config, seed: o.seed });
    this.gadget = readerGadget(this.vr, {
      name: o.name,
      onPower: (on) => this.#power(on),
      onBusReset: () => this.#power(true, true),
    });
  }

  /** Start ticking the firmware in real time. */
  start(): void {
    if (this.#timer) return;
    this.#t0 = performance.now() - this.vr.clock.monotonic();
    this.#timer = setInterval(() => this.#step(), 10);
  }

  /** Stop ticking (the reader keeps its state). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** The flash pages (to save the reader). */
  snapshot(): Uint8Array[] {
    return this.vr.flash.snapshot();
  }

  /** What the reader shows now. */
  view(): LiveView {
    return {
      display: this.vr.display.screen.slice(),
      led: LED_NAMES[this.vr.signal.led_] ?? 'off',
      plugged: this.gadget.plugged,
      inField: this.#inField,
    };
  }

  /** Be told of every change of the view; returns an unsubscribe function. */
  watch(f: (v: LiveView) => void): () => void {
    this.#listeners.add(f);
    f(this.view());
    return () => this.#listeners.delete(f);
  }

  /** Put `card` in the field (taking away any other card first). */
  tap(card: CardApplet): void {
    if (this.#inField === card) return;
    if (this.#inField) this.vr.pull(this.#inField);
    this.#inField = card;
    this.vr.tap(card);
    this.#changed();
  }

  /** Take the card out of the field. */
  pull(): void {
    if (!this.#inField) return;
    this.vr.pull(this.#inField);
    this.#inField = null;
    this.#changed();
  }

  /** The card in the field, if any. */
  get inField(): CardApplet | null {
    return this.#inField;
  }

  /** Press and release keys one after the other, in real time. */
  press(keys: string): void {
    for (const k of keys) this.#keys.push(k);
    if (!this.#keying) void this.#typeKeys();
  }

  /** Plug or unplug the USB cable. */
  setPlugged(plugged: boolean): void {
    if (plugged) this.gadget.plug();
    else this.gadget.unplug();
    this.#changed();
  }

  async #typeKeys(): Promise<void> {
    this.#keying = true;
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    while (this.#keys.length > 0) {
      const k = this.#keys.shift()!;
      this.vr.keypad.press(k);
      await wait(KEY_HOLD_MS);
      this.vr.keypad.release(k);
      await wait(KEY_HOLD_MS);
    }
    this.#keying = false;
  }

  /** Bus power changed (the gadget has already rebooted the firmware on power-on): show it, resync the clock. */
  #power(on: boolean, reset = false): void {
    if (on && this.#powered && !reset) return;
    this.#powered = on;
    if (!on) {
      this.vr.display.show(['', '', '', '']);
      this.vr.signal.led(0);
    } else {
      this.vr.clock.set(Date.now());
      if (this.#inField) this.vr.tap(this.#inField);
    }
    this.#changed();
  }

  #step(): void {
    const target = performance.now() - this.#t0;
    const mono = this.vr.clock.monotonic();
    if (this.#powered && target > mono) {
      // After a long pause (debugger, suspended laptop) do not replay minutes of ticks at once.
      const ms = Math.min(target - mono, 250);
      try {
        this.vr.advance(ms);
      } catch (e) {
        console.error(`reader ${this.name}: firmware error`, e);
      }
      if (target - mono > 250) this.#t0 = performance.now() - this.vr.clock.monotonic();
    }
    this.#changed();
  }

  #changed(): void {
    const v = this.view();
    const key = JSON.stringify([v.display, v.led, v.plugged, v.inField ? v.inField.cardId.join(',') : null]);
    if (key === this.#lastView) return;
    this.#lastView = key;
    for (const f of this.#listeners) f(v);
  }
}
