/** A tiny ISO/IEC 14443-4 card for the PN532 tests: echoes APDUs, counts them, can tear. */
import type { FieldCard } from '../../simulator/hw/pn532/field-card.js';
import { codedError } from '../../protocol/errors.js';
import { Status } from '../../protocol/status.js';

export class FakeCard implements FieldCard {
  readonly atqa = 0x0344;
  readonly sak = 0x20;
  /** APDUs received since construction, and resets. */
  received: Uint8Array[] = [];
  resets = 0;
  /** Throw a coded error (a tear) on the next transceive. */
  tearNext = false;
  /** Length of the response body (before 90 00); -1 = echo the APDU. */
  responseLength = -1;

  constructor(readonly uid: Uint8Array, readonly ats?: Uint8Array) {}

  transceive(apdu: Uint8Array): Uint8Array {
    if (this.tearNext) {
      this.tearNext = false;
      throw codedError(Status.CARD_REMOVED, 'tear');
    }
    this.received.push(apdu.slice());
    const body = this.responseLength < 0 ? apdu : new Uint8Array(this.responseLength).map((_, i) => (i * 7 + 1) & 0xff);
    const out = new Uint8Array(body.length + 2);
    out.set(body);
    out[body.length] = 0x90;
    out[body.length + 1] = 0x00;
    return out;
  }

  reset(): void {
    this.resets++;
  }
}

/** A clock whose every reading is 1 ms after the previous one (so timeouts expire while polling). */
export function steppingClock(): { monotonic(): number; now(): number; set(ms: number): void } {
  let t = 0;
  return { monotonic: () => ++t, now: () => 0, set: () => undefined };
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
