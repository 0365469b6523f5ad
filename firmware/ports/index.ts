/**
 * The board-port contract: what a board (a JerryScript host in C, an Espruino
 * build, or the simulator) gives the firmware. See firmware/PORTING.md.
 */
export type { NfcBus } from './nfc.js';
export type { KeypadMatrix } from './keypad.js';
export type { Display } from './display.js';
export type { Signal } from './signal.js';
export { Led, Beep } from './signal.js';
export type { Clock } from './clock.js';
export type { Flash } from './flash.js';
export type { UsbPort } from './usb.js';
