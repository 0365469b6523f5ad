/** What a board hands to `start` (the board-port contract, firmware/PORTING.md §3-4) and what it gets back. */
import type { NfcBus } from '../ports/nfc.js';
import type { KeypadMatrix } from '../ports/keypad.js';
import type { Display } from '../ports/display.js';
import type { Signal } from '../ports/signal.js';
import type { Clock } from '../ports/clock.js';
import type { Flash } from '../ports/flash.js';
import type { UsbPort } from '../ports/usb.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import type { SetupPacket } from '../usb/control.js';
import type { ReaderConfig } from './config.js';

/** The ports of a board. */
export interface ReaderPorts {
  nfc: NfcBus;
  keypad: KeypadMatrix;
  display: Display;
  signal: Signal;
  clock: Clock;
  flash: Flash;
  usb: UsbPort;
  crypto: CryptoPort;
  config?: ReaderConfig;
}

/** The running reader: the three entry points a board calls. */
export interface Reader {
  /** One packet received on bulk OUT (normally 64 bytes), in order. */
  onUsbPacket(packet: Uint8Array): void;
  /** Every 10 to 20 ms from the main loop: keypad, card flows, keepalives, display. */
  tick(): void;
  /** EP0 data for a control request (descriptors, WebUSB URL, MS OS 2.0 set), or null for STALL. */
  usbControl(setup: SetupPacket): Uint8Array | null;
}
