/**
 * One simulation: a virtual reader (the real firmware on virtual hardware),
 * a packet-level host on its USB port, named cards, a USB cable that can be
 * pulled, and packet faults. Simulated time moves only through `advance`
 * (and the calls built on it); every change a person would notice (display,
 * LED, beeps, frames, faults, power) is reported to `onEvent`.
 */
import type { CryptoPort } from '../../protocol/crypto.js';
import type { ReaderConfig } from '../../firmware/app/config.js';
import type { Reader, ReaderPorts } from '../../firmware/app/ports.js';
import { commandName } from '../../protocol/messages/codes.js';
import { statusName } from '../../protocol/status.js';
import { CardApplet } from '../card/applet.js';
import { VirtualFlash } from '../hw/flash/virtual-flash.js';
import { createVirtualReader, KEY_MS, TICK_MS, type VirtualReader } from '../reader/virtual-reader.js';
import { TestClock } from '../reader/clock.js';
import { AppletInField } from '../reader/field-card.js';
import { PacketHost, type Completed, type HostLog } from './host.js';
import { FRAME_TYPES } from './names.js';

/** LED colour names, by Led code. */
export const LED_NAMES = ['off', 'green', 'red', 'amber', 'blue'];
/** Beep pattern names, by Beep code. */
export const BEEP_NAMES = ['none', 'ok', 'error', 'key'];

/** Something that happened in the simulation. */
export type SessionEvent =
  | { type: 'display'; lines: string[] }
  | { type: 'led'; colour: string }
  | { type: 'beep'; pattern: string }
  | { type: 'host'; log: HostLog }
  | { type: 'complete'; completed: Completed }
  | { type: 'fault'; text: string }
  | { type: 'power'; text: string }
  | { type: 'card'; text: string };

/** Packet direction for faults. */
export type Direction = 'in' | 'out' | 'any';

/** A fault armed on the USB packets: fires at the n-th packet counted from arming. */
interface PacketFault {
  kind: 'unplug' | 'garble';
  at: number;
  direction: Direction;
  /** Count only init packets of this frame type (code), or every packet (-1). */
  frame: number;
  seen: number;
}

/** Options of a session. */
export interface SessionOptions {
  crypto: CryptoPort;
  /** Firmware configuration (issuerRoot required). */
  config: ReaderConfig;
  /** Flash content to boot from (default: blank 16 x 4 KiB). */
  pages?: Uint8Array[];
  /** The reader's wall clock at start (unix ms; 0 = not set). */
  clockMs: number;
  /** Makes the reader's randomness reproducible (scripted runs). */
  seed?: string;
  /** Random source of the host (default: crypto.random). */
  hostRandom?: (n: number) => Uint8Array;
  /** How the firmware starts (default: from source, in Node); e.g. the built bundle in an engine. */
  start?: (ports: ReaderPorts) => Reader;
}

/** The simulation. */
export class SimSession {
  readonly reader: VirtualReader;
  readonly host: PacketHost;
  readonly crypto: CryptoPort;
  /** Cards known by name (in the field or not). */
  readonly cards = new Map<string, CardApplet>();
  /** Listener of everything that happens. */
  onEvent: (e: SessionEvent) => void = () => {};
  /** Requests completed and not yet taken by `takeCompleted`. */
  private done: Completed[] = [];
  private plugged = true;
  private faults: PacketFault[] = [];
  private lastScreen = '';
  private ledSeen = 0;
  private lastLed = -1;
  private beepSeen = 0;
  private tearsSeen = 0;
  private wasOff = false;

  constructor(o: SessionOptions) {
    this.crypto = o.crypto;
    const flash = new VirtualFlash(4096, 16);
    if (o.pages) flash.restore(o.pages);
    this.reader = createVirtualReader({
      flash,
      clock: new TestClock(o.clockMs),
      crypto: o.crypto,
      config: o.config,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.start ? { start: o.start } : {}),
    });
    const random = o.hostRandom ?? ((n: number) => o.crypto.random(n));
    this.host = new PacketHost({ transmit: (p) => this.transmit(p), now: () => this.reader.clock.monotonic(), random });
    this.host.onLog = (log) => this.onEvent({ type: 'host', log });
    this.host.onComplete = (c) => {
      this.done.push(c);
      this.onEvent({ type: 'complete', completed: c });
    };
    this.observe();
  }

  /** The reader's wall clock, unix seconds (0 when not set). */
  get seconds(): number {
    return Math.floor(this.reader.clock.now() / 1000);
  }

  /** True while the USB cable is in (the reader is bus-powered: unplugged = off). */
  get isPlugged(): boolean {
    return this.plugged;
  }

  /** True while the reader runs (plugged and not stopped by a power cut). */
  get running(): boolean {
    return this.plugged && !this.reader.off;
  }

  /** Add a card under a name. */
  addCard(name: string, card: CardApplet): void {
    this.cards.set(name, card);
  }

  /** The card of a name; throws for an unknown one. */
  card(name: string): CardApplet {
    const c = this.cards.get(name);
    if (!c) throw new Error(`no card '${name}' (cards: ${[...this.cards.keys()].join(', ') || 'none'})`);
    return c;
  }

  /** Names of the cards in the field now. */
  inField(): string[] {
    const applets = this.reader.pn532.cards().map((f) => (f instanceof AppletInField ? f.applet : null));
    return [...this.cards.entries()].filter(([, c]) => applets.includes(c)).map(([n]) => n);
  }

  /** Put a card in the field (a torn card is taken out and brought back). */
  tap(name: string): void {
    const c = this.card(name);
    this.reader.tap(c);
    this.onEvent({ type: 'card', text: `${name} tapped` });
    this.advance(TICK_MS * 2);
  }

  /** Take a card out of the field. */
  pull(name: string): void {
    this.reader.pull(this.card(name));
    this.onEvent({ type: 'card', text: `${name} pulled away` });
    this.advance(TICK_MS * 2);
  }

  /** Several cards in the field at once. */
  tapTogether(names: string[]): void {
    for (const n of names) this.reader.tap(this.card(n));
    this.onEvent({ type: 'card', text: `${names.join(' and ')} in the field together` });
    this.advance(TICK_MS * 2);
  }

  /** Press keys one after the other ('0'-'9', '*', '#'), time running between them. */
  type(keys: string): void {
    for (const k of keys) {
      this.reader.keypad.press(k);
      this.advance(KEY_MS);
      this.reader.keypad.release(k);
      this.advance(KEY_MS);
    }
  }

  /** Let `ms` of simulated time pass (the firmware ticks every 10 ms while it runs). */
  advance(ms: number): void {
    const end = this.reader.clock.monotonic() + ms;
    while (this.reader.clock.monotonic() < end) {
      const step = Math.min(TICK_MS, end - this.reader.clock.monotonic());
      if (this.running) this.reader.advance(step);
      else this.reader.clock.advance(step);
      this.pump();
      this.host.check();
      this.observe();
    }
  }

  /** Run until no request is pending, at most `maxMs`; true when none is pending. */
  settle(maxMs = 120_000): boolean {
    const end = this.reader.clock.monotonic() + maxMs;
    while (this.host.busy && this.reader.clock.monotonic() < end) this.advance(TICK_MS);
    return !this.host.busy;
  }

  /** Send a request and run until its response (or its failure); returns it. */
  call(command: number, args?: object, maxMs = 120_000): Completed {
    this.done = [];
    this.host.request(command, args);
    this.settle(maxMs);
    const c = this.done.find((d) => d.command === command);
    if (!c) throw new Error(`${commandName(command)}: no response within ${maxMs / 1000} s of simulated time`);
    return c;
  }

  /** Requests completed since the last call. */
  takeCompleted(): Completed[] {
    const d = this.done;
    this.done = [];
    return d;
  }

  /** Pull the USB cable: the reader loses power, the host loses the link. */
  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.onEvent({ type: 'power', text: 'USB cable unplugged: the reader is off' });
    this.host.disconnect('device disconnected');
    this.observe();
  }

  /** Plug the USB cable back: the reader boots on its flash; the host will SYNC again. */
  replug(): void {
    if (this.plugged && !this.reader.off) return;
    this.plugged = true;
    this.reboot('USB cable plugged in: the reader boots');
  }

  /** Power-cycle the reader (a new firmware instance on the same flash). */
  reboot(why = 'reader rebooted'): void {
    this.reader.reboot();
    this.wasOff = false;
    this.lastScreen = '';
    this.onEvent({ type: 'power', text: why });
    if (this.host.open || this.host.busy) this.host.disconnect('device reset');
    this.advance(TICK_MS);
  }

  /**
   * Arm a packet fault: at the n-th packet (from now) in `direction`; with
   * `frame` (a FRAME_TYPES name), only init packets of that frame type count.
   */
  armPacketFault(kind: 'unplug' | 'garble', at: number, direction: Direction, frame?: string): void {
    this.faults.push({ kind, at, direction, frame: frame ? FRAME_TYPES[frame] ?? -1 : -1, seen: 0 });
  }

  /** Arm a power cut at the n-th flash write or erase from now. */
  cutPowerAtFlashWrite(n: number, partial?: number): void {
    this.reader.flash.cutAt({ atOperation: n, ...(partial !== undefined ? { partial } : {}) });
  }

  /** Decide what happens to one packet; returns it (maybe garbled) or null when it does not arrive. */
  private filter(packet: Uint8Array, dir: 'in' | 'out'): Uint8Array | null {
    if (!this.plugged) return null;
    for (const f of this.faults) {
      if (f.direction !== 'any' && f.direction !== dir) continue;
      if (f.frame >= 0 && (packet.length < 3 || (packet[2] & 0x80) === 0 || (packet[2] & 0x7f) !== f.frame)) continue;
      f.seen++;
      if (f.seen !== f.at) continue;
      this.faults = this.faults.filter((x) => x !== f);
      const type = Object.keys(FRAME_TYPES).find((k) => FRAME_TYPES[k] === f.frame);
      const where = `${dir === 'out' ? 'host -> reader' : 'reader -> host'} ${type ? `${type} frame` : 'packet'} ${f.at}`;
      if (f.kind === 'garble') {
        const g = packet.slice();
        const i = g.length > 12 ? 12 : g.length - 1;
        g[i] ^= 0x5a;
        this.onEvent({ type: 'fault', text: `garbled ${where} (byte ${i} flipped)` });
        return g;
      }
      this.onEvent({ type: 'fault', text: `USB unplugged at ${where}` });
      this.unplug();
      return null;
    }
    return packet;
  }

  private transmit(packet: Uint8Array): void {
    const p = this.filter(packet, 'out');
    if (p && this.running) this.reader.send(p);
    this.pump();
  }

  private pump(): void {
    for (const p of this.reader.take()) {
      const q = this.filter(p, 'in');
      if (q) this.host.receive(q);
    }
  }

  /** Report display, LED, beeps, tears and power cuts that happened since the last look. */
  private observe(): void {
    const r = this.reader;
    const screen = r.display.screen.join('\n');
    if (screen !== this.lastScreen) {
      this.lastScreen = screen;
      this.onEvent({ type: 'display', lines: r.display.screen.slice() });
    }
    if (this.ledSeen < r.signal.leds.length) {
      this.ledSeen = r.signal.leds.length;
      const l = r.signal.leds[this.ledSeen - 1];
      if (l !== this.lastLed) {
        this.lastLed = l;
        this.onEvent({ type: 'led', colour: LED_NAMES[l] ?? String(l) });
      }
    }
    while (this.beepSeen < r.signal.beeps.length) {
      const b = r.signal.beeps[this.beepSeen++];
      this.onEvent({ type: 'beep', pattern: BEEP_NAMES[b] ?? String(b) });
    }
    if (r.pn532.stats.tears !== this.tearsSeen) {
      this.tearsSeen = r.pn532.stats.tears;
      const e = r.pn532.lastCardFault as { code?: number } | null;
      this.onEvent({ type: 'card', text: `card torn away mid-command${e?.code !== undefined ? ` (${statusName(e.code)})` : ''}` });
    }
    if (r.off && !this.wasOff) {
      this.wasOff = true;
      this.onEvent({ type: 'power', text: `power cut at flash operation ${r.flash.operations}: the reader is off until reboot` });
      this.host.disconnect('reader lost power');
    }
  }

  /** Every card's memory, for saving. */
  cardsByName(): Array<[string, CardApplet]> {
    return [...this.cards.entries()];
  }

  /** The flash content, for saving. */
  flashPages(): Uint8Array[] {
    return this.reader.flash.snapshot();
  }
}

export { CardApplet };
