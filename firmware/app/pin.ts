/**
 * PIN entry on the keypad: four digits, shown masked. '*' erases the last
 * digit, or cancels when nothing is typed; '#' validates four digits. The
 * digits go to the card only (never to the host, never to the display).
 */
import { KEY_CORRECTION, KEY_ENTER } from '../drivers/keypad/layout.js';
import { PIN_LENGTH } from '../../protocol/card/constants.js';

/** What a key did to the PIN entry. */
export const enum PinKey {
  /** Ignored (a fifth digit, '#' before four digits). */
  REFUSED = 0,
  /** A digit was added or erased. */
  CHANGED = 1,
  /** '#' with four digits: verify them. */
  SUBMIT = 2,
  /** '*' with nothing typed: cancel. */
  CANCEL = 3,
}

/** The digits being typed. */
export class PinEntry {
  private digits = '';

  /** Number of digits typed. */
  count(): number {
    return this.digits.length;
  }

  /** Apply one key (a char code from the keypad scanner). */
  key(code: number): number {
    if (code >= 0x30 && code <= 0x39) {
      if (this.digits.length >= PIN_LENGTH) return PinKey.REFUSED;
      this.digits += String.fromCharCode(code);
      return PinKey.CHANGED;
    }
    if (code === KEY_CORRECTION) {
      if (this.digits.length === 0) return PinKey.CANCEL;
      this.digits = this.digits.substring(0, this.digits.length - 1);
      return PinKey.CHANGED;
    }
    if (code === KEY_ENTER && this.digits.length === PIN_LENGTH) return PinKey.SUBMIT;
    return PinKey.REFUSED;
  }

  /** The four digits, forgotten at once. */
  take(): string {
    const d = this.digits;
    this.digits = '';
    return d;
  }

  /** Forget the digits. */
  clear(): void {
    this.digits = '';
  }
}
