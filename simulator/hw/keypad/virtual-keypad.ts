import type { KeypadMatrix } from '../../../firmware/ports/keypad.js';
import { KEYPAD_COLS, KEYPAD_LAYOUT, KEYPAD_ROWS } from '../../../firmware/drivers/keypad/layout.js';

/**
 * A membrane key matrix: keys close a contact between a row and a column.
 * `press`/`release` change the contacts; `bounce` makes the next reads of a
 * changed key flicker, as a real contact does for a few milliseconds.
 */
export class VirtualKeypad implements KeypadMatrix {
  readonly rows = KEYPAD_ROWS;
  readonly cols = KEYPAD_COLS;
  private readonly down = new Set<number>();
  private row = -1;
  private flicker = new Map<number, number>();
  /** Reads during which a newly changed key flickers (0 = clean contacts). */
  bounce = 0;

  selectRow(row: number): void {
    this.row = row;
  }

  readColumns(): number {
    if (this.row < 0) return 0;
    let bits = 0;
    for (let c = 0; c < this.cols; c++) {
      const k = this.row * this.cols + c;
      let closed = this.down.has(k);
      const left = this.flicker.get(k) ?? 0;
      if (left > 0) {
        this.flicker.set(k, left - 1);
        if (left % 2 === 1) closed = !closed;
      }
      if (closed) bits |= 1 << c;
    }
    return bits;
  }

  /** Close the contact of `key` ('0'..'9', '*', '#'). */
  press(key: string): void {
    const k = indexOf(key);
    this.down.add(k);
    if (this.bounce) this.flicker.set(k, this.bounce);
  }

  /** Open the contact of `key`. */
  release(key: string): void {
    const k = indexOf(key);
    this.down.delete(k);
    if (this.bounce) this.flicker.set(k, this.bounce);
  }

  /** Keys currently held. */
  held(): string[] {
    return [...this.down].map((k) => KEYPAD_LAYOUT[k]);
  }
}

function indexOf(key: string): number {
  const k = KEYPAD_LAYOUT.indexOf(key);
  if (key.length !== 1 || k < 0) throw new Error(`no key '${key}' on the keypad (keys: ${KEYPAD_LAYOUT})`);
  return k;
}
