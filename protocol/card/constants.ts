/**
 * Constants of the card command profile (spec §6): the applet identifier,
 * class and instruction bytes, and the sizes both sides rely on.
 */

/**
 * Application identifier of the Pass'Région applet: F0 'PASSRA' 01. The first
 * byte F0 puts it in the range ISO/IEC 7816-5 leaves unregistered (category F,
 * proprietary); the last byte is the applet generation.
 */
export const PASS_AID: Uint8Array = new Uint8Array([0xf0, 0x50, 0x41, 0x53, 0x53, 0x52, 0x41, 0x01]);

/** Version of the applet command set described by spec §6 (SELECT response key 1). */
export const APPLET_VERSION = 1;

/** Class byte of the interindustry commands (SELECT, GET RESPONSE). */
export const CLA_ISO = 0x00;
/** Class byte of the proprietary commands of this profile. */
export const CLA_PROPRIETARY = 0x80;

/** Instruction bytes (all even, none in the invalid 6X / 9X ranges). */
export const enum Ins {
  /** 00 A4 04 00: select the applet by AID. */
  SELECT = 0xa4,
  /** 00 C0 00 00: fetch the rest of a long response (after SW 61xx). */
  GET_RESPONSE = 0xc0,
  /** 80 CA 00 00: the card certificate envelope. */
  GET_CARD_DATA = 0xca,
  /** 80 88 00 00: sign a reader challenge with the card key. */
  INTERNAL_AUTHENTICATE = 0x88,
  /** 80 20 00 00: present the PIN (or, without data, ask the tries left). */
  VERIFY_PIN = 0x20,
  /** 80 B2 P1 00: the wallets; P1 = 0 public view, 1 with balances (needs the PIN). */
  READ_WALLETS = 0xb2,
  /** 80 30 00 00: debit a wallet atomically; answers the card proof. */
  DEBIT = 0x30,
  /** 80 32 00 00: the proof of the last debit (ratification after a tear). */
  GET_LAST_TRANSACTION = 0x32,
}

/** Length of a card id (bytes). */
export const CARD_ID_LENGTH = 8;
/** Length of a reader id (bytes). */
export const READER_ID_LENGTH = 8;
/** Length of a reader challenge (INTERNAL AUTHENTICATE, DEBIT). */
export const CHALLENGE_LENGTH = 16;
/** Number of PIN digits; VERIFY PIN carries them as ASCII '0'..'9'. */
export const PIN_LENGTH = 4;
/** PIN tries allowed before the PIN blocks. */
export const PIN_TRIES = 3;

/** READ WALLETS P1: public view (no balances, no PIN needed). */
export const WALLETS_PUBLIC = 0;
/** READ WALLETS P1: full view with balances (PIN verified in this session). */
export const WALLETS_WITH_BALANCES = 1;

/**
 * Largest response data the card sends in one APDU when the command asked for
 * Le = 00 (256). A reader behind a PN532 in normal-frame mode asks for at most
 * {@link READER_LE} so that data + SW fit one PN532 frame.
 */
export const MAX_RESPONSE_DATA = 256;
/** The Le every reader of this profile sends (240 bytes per chunk). */
export const READER_LE = 0xf0;
/** Largest command data of a short APDU. */
export const MAX_COMMAND_DATA = 255;
