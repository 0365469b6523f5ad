/** The reader's small peripherals, virtual: a text display, the LED and buzzer, the USB IN endpoint. */
import type { Display } from '../../firmware/ports/display.js';
import type { Signal } from '../../firmware/ports/signal.js';
import type { UsbPort } from '../../firmware/ports/usb.js';

/** A 4 x 16 text display that keeps what it shows and a history of screens. */
export class VirtualDisplay implements Display {
  readonly lines = 4;
  readonly columns = 16;
  /** The screen now, exactly `lines` strings cut at `columns`. */
  screen: string[] = ['', '', '', ''];
  /** Every screen shown, oldest first (bounded). */
  readonly history: string[][] = [];

  show(lines: string[]): void {
    const s: string[] = [];
    for (let i = 0; i < this.lines; i++) s.push((lines[i] ?? '').slice(0, this.columns));
    this.screen = s;
    this.history.push(s);
    if (this.history.length > 500) this.history.shift();
  }

  /** The screen as one string, lines joined by '|'. */
  text(): string {
    return this.screen.join('|');
  }

  /** True when some screen since index `from` of the history contains `s`. */
  showed(s: string, from = 0): boolean {
    for (let i = from; i < this.history.length; i++) if (this.history[i].join('|').includes(s)) return true;
    return false;
  }
}

/** LED colours and beep patterns, recorded. */
export class VirtualSignal implements Signal {
  led_ = 0;
  readonly leds: number[] = [];
  readonly beeps: number[] = [];

  led(colour: number): void {
    this.led_ = colour;
    this.leds.push(colour);
  }

  beep(pattern: number): void {
    this.beeps.push(pattern);
  }
}

/** The bulk IN endpoint: packets the firmware sends, until the host takes them. */
export class UsbCapture implements UsbPort {
  private queue: Uint8Array[] = [];
  /** Packets sent since construction. */
  sent = 0;
  /** Called for each packet as it is sent (e.g. a virtual WebUSB device). */
  onPacket: ((packet: Uint8Array) => void) | null = null;

  send(packet: Uint8Array): void {
    if (packet.length !== 64) throw new Error(`USB IN packet of ${packet.length} bytes`);
    this.sent++;
    const p = packet.slice();
    if (this.onPacket) this.onPacket(p);
    else this.queue.push(p);
  }

  /** Take every packet waiting on the endpoint. */
  take(): Uint8Array[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  /** Drop waiting packets (a USB reset). */
  clear(): void {
    this.queue = [];
  }
}
