/**
 * What the virtual PN532 needs from a card in its RF field: the ISO/IEC 14443-3 type A
 * identity it shows during anticollision, and an ISO/IEC 14443-4 APDU exchange.
 * The card applet (simulator/card/) is given this shape by {@link fieldCard}.
 */
export interface FieldCard {
  /** NFCID1 (UID): 4 or 7 bytes. */
  readonly uid: Uint8Array;
  /** SENS_RES (ATQA) as the PN532 reports it, first byte high (e.g. 0x0344). */
  readonly atqa: number;
  /** SEL_RES (SAK); bit 0x20 set = ISO/IEC 14443-4 compliant. */
  readonly sak: number;
  /** ATS, TL byte first; when absent and SAK says ISO/IEC 14443-4, a default ATS is shown. */
  readonly ats?: Uint8Array;
  /**
   * Process one command APDU, return the response APDU (status word included).
   * Throwing a coded error (one with a numeric `code`, e.g. the applet's CARD_REMOVED on a
   * tear) means the card lost power in the middle: the chip takes it out of the field.
   */
  transceive(apdu: Uint8Array): Uint8Array;
  /**
   * Power-up in the field: called when the chip activates the card (InListPassiveTarget).
   * The card forgets its session state and runs its power-up recovery. Removal does not call
   * it: a card out of the field simply receives nothing until it is activated again.
   */
  reset(): unknown;
}

/** What an APDU-speaking object (such as simulator/card's CardApplet) must offer. */
export interface ApduCard {
  transceive(apdu: Uint8Array): Uint8Array;
  reset(): unknown;
}

/** The type A identity to show for an {@link ApduCard}. */
export interface CardIdentity {
  /** 4 or 7 bytes (a 7-byte NXP-style UID is usual for such cards). */
  uid: Uint8Array;
  /** Default 0x0344 (a DESFire-like ISO/IEC 14443-4 card). */
  atqa?: number;
  /** Default 0x20 (ISO/IEC 14443-4). */
  sak?: number;
  /** Default: the chip's default ATS. */
  ats?: Uint8Array;
}

/** Wrap an APDU card (e.g. a CardApplet) with a type A identity so it can be placed in the field. */
export function fieldCard(card: ApduCard, id: CardIdentity): FieldCard {
  if (id.uid.length !== 4 && id.uid.length !== 7) throw new Error('a type A UID is 4 or 7 bytes');
  return {
    uid: id.uid.slice(),
    atqa: id.atqa ?? 0x0344,
    sak: id.sak ?? 0x20,
    ats: id.ats,
    transceive: (apdu) => card.transceive(apdu),
    reset: () => card.reset(),
  };
}
