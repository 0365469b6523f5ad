/**
 * Instrumentation of a running reader from the outside: the firmware's entry
 * points (tick, onUsbPacket) and its ports (PN532 bus, USB IN, flash, crypto)
 * are wrapped, never edited. A Meter attributes wall time to the current
 * phase, split into firmware JavaScript (inside an entry point, outside any
 * port) and port time by port, and counts USB packets, messages and PN532
 * traffic per phase. Phases switch on events seen at the ports.
 */
import { performance } from 'node:perf_hooks';
import { FrameType } from '../protocol/framing/constants.js';
import type { CryptoPort } from '../protocol/crypto.js';
import type { Pn532Stats } from '../simulator/hw/pn532/virtual-pn532.js';

/** Port kinds whose time is kept apart from firmware JavaScript. */
export type PortKind = 'nfc' | 'crypto' | 'flash' | 'usb' | 'other';

/** What one phase cost. */
export interface PhaseStats {
  name: string;
  /** Request messages host -> reader, response messages reader -> host (MSG frames). */
  msgsOut: number;
  msgsIn: number;
  packetsOut: number;
  packetsIn: number;
  keepalives: number;
  /** PN532 command frames executed, bytes written to / frame bytes read from the chip, bytes clocked on the bus. */
  nfcCommands: number;
  nfcBytesToChip: number;
  nfcBytesFromChip: number;
  busBytes: number;
  /** APDUs exchanged with the card and their bytes (SW included). */
  apdus: number;
  apduBytesToCard: number;
  apduBytesFromCard: number;
  /** Firmware JavaScript time (ms), port time by port (ms). */
  jsMs: number;
  portMs: Record<PortKind, number>;
  /** Firmware entry-point calls (ticks + USB packets) and crypto calls. */
  ticks: number;
  usbCalls: number;
  cryptoCalls: Record<string, number>;
  flashWrites: number;
  flashErases: number;
}

function newPhase(name: string): PhaseStats {
  return {
    name, msgsOut: 0, msgsIn: 0, packetsOut: 0, packetsIn: 0, keepalives: 0, nfcCommands: 0, nfcBytesToChip: 0,
    nfcBytesFromChip: 0, busBytes: 0, apdus: 0, apduBytesToCard: 0, apduBytesFromCard: 0, jsMs: 0,
    portMs: { nfc: 0, crypto: 0, flash: 0, usb: 0, other: 0 }, ticks: 0, usbCalls: 0, cryptoCalls: {}, flashWrites: 0, flashErases: 0,
  };
}

/** The PN532 counters a phase records (deltas). */
type ChipCounters = Pick<Pn532Stats, 'commands' | 'bytesFromHost' | 'bytesToHost' | 'busBytesRead' | 'exchanges' | 'apduBytesToCard' | 'apduBytesFromCard'>;

/** Attributes time and traffic to phases. */
export class Meter {
  readonly phases = new Map<string, PhaseStats>();
  phase: PhaseStats;
  /** Called with (port kind, detail) when a port is entered: may switch phase. */
  onPort: (kind: PortKind, detail: unknown) => void = () => {};
  private inFirmware = 0;
  private inPort = 0;
  private portKind: PortKind = 'other';
  private last = performance.now();
  private chip: (() => ChipCounters) | null = null;

  private chipAt: ChipCounters | null = null;

  constructor(first = 'setup') {
    this.phase = this.get(first);
  }

  private get(name: string): PhaseStats {
    let p = this.phases.get(name);
    if (!p) {
      p = newPhase(name);
      this.phases.set(name, p);
    }
    return p;
  }

  /** Read the PN532 counters at each phase switch. */
  watchChip(read: () => ChipCounters): void {
    this.chip = read;
    this.chipAt = { ...read() };
  }

  private flush(): void {
    const now = performance.now();
    const dt = now - this.last;
    this.last = now;
    if (this.inPort > 0) this.phase.portMs[this.portKind] += dt;
    else if (this.inFirmware > 0) this.phase.jsMs += dt;
  }

  private chipDelta(): void {
    if (!this.chip || !this.chipAt) return;
    const now = this.chip();
    const p = this.phase;
    p.nfcCommands += now.commands - this.chipAt.commands;
    p.nfcBytesToChip += now.bytesFromHost - this.chipAt.bytesFromHost;
    p.nfcBytesFromChip += now.bytesToHost - this.chipAt.bytesToHost;
    p.busBytes += now.bytesFromHost - this.chipAt.bytesFromHost + (now.busBytesRead - this.chipAt.busBytesRead);
    p.apdus += now.exchanges - this.chipAt.exchanges;
    p.apduBytesToCard += now.apduBytesToCard - this.chipAt.apduBytesToCard;
    p.apduBytesFromCard += now.apduBytesFromCard - this.chipAt.apduBytesFromCard;
    this.chipAt = { ...now };
  }

  /** Switch phase (no-op when already there). */
  setPhase(name: string): void {
    if (this.phase.name === name) return;
    this.flush();
    this.chipDelta();
    this.phase = this.get(name);
  }

  /** Close the books: flush time and chip counters into the current phase. */
  finish(): void {
    this.flush();
    this.chipDelta();
  }

  /**
   * Run a firmware entry point. `exact`, when given, is the firmware's own
   * JavaScript time of the call (e.g. an engine's counter, host functions and
   * boundary conversions excluded): the call's wall-clock JavaScript time is
   * then rescaled to it, phase by phase.
   */
  firmware<T>(kind: 'tick' | 'usb', fn: () => T, exact?: () => number): T {
    if (exact) return this.rescaled(kind, fn, exact);
    this.flush();
    this.inFirmware++;
    if (kind === 'tick') this.phase.ticks++;
    else this.phase.usbCalls++;
    try {
      return fn();
    } finally {
      this.flush();
      this.inFirmware--;
    }
  }

  private rescaled<T>(kind: 'tick' | 'usb', fn: () => T, exact: () => number): T {
    const before = new Map<PhaseStats, number>();
    for (const p of this.phases.values()) before.set(p, p.jsMs);
    const e0 = exact();
    try {
      return this.firmware(kind, fn);
    } finally {
      const e = exact() - e0;
      let wall = 0;
      for (const p of this.phases.values()) wall += p.jsMs - (before.get(p) ?? 0);
      const k = wall > 0 ? e / wall : 0;
      for (const p of this.phases.values()) {
        const b = before.get(p) ?? 0;
        p.jsMs = b + (p.jsMs - b) * k;
      }
    }
  }

  /** Run a port call made by the firmware. */
  port<T>(kind: PortKind, detail: unknown, fn: () => T): T {
    this.onPort(kind, detail);
    this.flush();
    const outer = this.portKind;
    this.inPort++;
    this.portKind = kind;
    try {
      return fn();
    } finally {
      this.flush();
      this.inPort--;
      this.portKind = outer;
    }
  }

  /** Count a packet the host sent (init packets of MSG frames count as messages). */
  packetOut(p: Uint8Array): void {
    this.phase.packetsOut++;
    if (p[2] === (0x80 | FrameType.MSG)) this.phase.msgsOut++;
  }

  /** Count a packet the firmware sent. */
  packetIn(p: Uint8Array): void {
    this.phase.packetsIn++;
    if (p[2] === (0x80 | FrameType.MSG)) this.phase.msgsIn++;
    if (p[2] === (0x80 | FrameType.KEEPALIVE)) this.phase.keepalives++;
  }

  /** Count a crypto call. */
  crypto(name: string): void {
    this.phase.cryptoCalls[name] = (this.phase.cryptoCalls[name] ?? 0) + 1;
  }
}

/** A crypto port whose calls go through the meter (time as port time, and the 'sign' event). */
export function meteredCrypto(base: CryptoPort, meter: Meter): CryptoPort {
  const wrap = <A extends unknown[], R>(name: string, fn: (...a: A) => R) => (...a: A): R =>
    meter.port('crypto', name, () => {
      meter.crypto(name);
      return fn(...a);
    });
  return {
    sha256: wrap('sha256', base.sha256.bind(base)),
    sign: wrap('sign', base.sign.bind(base)),
    verify: wrap('verify', base.verify.bind(base)),
    random: wrap('random', base.random.bind(base)),
    publicKey: wrap('publicKey', base.publicKey.bind(base)),
  };
}

/** The APDU inside a host -> PN532 frame when it is an InDataExchange, else null. */
export function apduOfFrame(frame: Uint8Array): Uint8Array | null {
  for (let i = 0; i + 6 < frame.length; i++) {
    if (frame[i] === 0x00 && frame[i + 1] === 0xff) {
      const len = frame[i + 2];
      if (len < 3 || frame[i + 4] !== 0xd4 || frame[i + 5] !== 0x40) return null;
      return frame.subarray(i + 7, Math.min(frame.length, i + 4 + len));
    }
  }
  return null;
}
