/**
 * Espruino board entry (dist/firmware/espruino.js, global `PassReader`),
 * stored as the boot code of a custom Espruino build whose native ports are
 * jswrap functions; its timers call `tick` every 10-20 ms and its USB
 * driver `onUsbPacket` (firmware/PORTING.md §3). Espruino boards have less
 * RAM for the settings blob in use, hence one page per settings slot.
 */
import type { Reader, ReaderPorts } from '../app/ports.js';
import { startWith } from './board.js';

/** Start the reader. */
export function start(ports: ReaderPorts): Reader {
  // The intent log keeps its default 2 pages.
  return startWith(ports, { settingsSlotPages: 1, pollIntervalMs: 100 });
}
