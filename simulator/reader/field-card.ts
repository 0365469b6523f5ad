/**
 * The card applet in a PN532's RF field: the ISO/IEC 14443-3 identity
 * (a 7-byte NXP-style UID derived from the card id, SAK 0x20: ISO/IEC
 * 14443-4) around the applet's APDU interface.
 */
import type { FieldCard } from '../hw/pn532/field-card.js';
import type { CardApplet } from '../card/applet.js';

/** A FieldCard around a CardApplet. */
export class AppletInField implements FieldCard {
  readonly uid: Uint8Array;
  readonly atqa = 0x0044;
  readonly sak = 0x20;

  constructor(readonly applet: CardApplet) {
    const id = applet.cardId;
    this.uid = Uint8Array.of(0x04, id[0], id[1], id[2], id[3], id[4], id[5]);
  }

  transceive(apdu: Uint8Array): Uint8Array {
    return this.applet.transceive(apdu);
  }

  reset(): void {
    this.applet.reset();
  }
}
