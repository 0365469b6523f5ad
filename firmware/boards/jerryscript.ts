/**
 * JerryScript board entry (dist/firmware/jerryscript.js, global `PassReader`).
 * The C host creates the port objects from native functions and calls
 * `PassReader.start(ports)`, then drives `onUsbPacket`, `tick` and
 * `usbControl` from its main loop (firmware/PORTING.md §3). Reference board:
 * nRF52840, 8 KB port pages (two 4 KB physical pages each).
 */
import type { Reader, ReaderPorts } from '../app/ports.js';
import { startWith } from './board.js';

/** Start the reader. */
export function start(ports: ReaderPorts): Reader {
  // The intent log keeps its default 2 pages.
  return startWith(ports, { settingsSlotPages: 1 });
}
