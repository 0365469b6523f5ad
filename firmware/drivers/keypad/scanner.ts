import type { KeypadMatrix } from '../../ports/keypad.js';
import { KEYPAD_LAYOUT } from './layout.js';

/** Scans needed with an unchanged reading before a key change is believed. */
export const DEBOUNCE_SCANS = 3;

/**
 * Keypad matrix scanner with software debounce. Call `scan()` every few
 * milliseconds from the main loop; it returns the char code of a key that has
 * just been pressed (a debounced press edge), or -1. One key at a time: a
 * reading with two or more keys down is treated as "no change" (ghosting on a
 * membrane matrix without diodes makes it unreliable).
 */
export class KeypadScanner {
  private stable = -1; // debounced key index, -1 = none
  private candidate = -1;
  private count = 0;
  constructor(private readonly matrix: KeypadMatrix, private readonly layout: string = KEYPAD_LAYOUT) {}

  /** One full scan of the matrix; returns a pressed key's char code or -1. */
  scan(): number {
    const m = this.matrix;
    let key = -1;
    let many = false;
    for (let r = 0; r < m.rows; r++) {
      m.selectRow(r);
      const bits = m.readColumns();
      for (let c = 0; c < m.cols; c++) {
        if (bits & (1 << c)) {
          if (key >= 0) many = true;
          key = r * m.cols + c;
        }
      }
    }
    m.selectRow(-1);
    if (many) return -1;
    if (key !== this.candidate) {
      this.candidate = key;
      this.count = 1;
      return -1;
    }
    if (this.count < DEBOUNCE_SCANS) this.count++;
    if (this.count === DEBOUNCE_SCANS && key !== this.stable) {
      this.stable = key;
      if (key >= 0 && key < this.layout.length) return this.layout.charCodeAt(key);
    }
    return -1;
  }
}
