/**
 * Codes of the message catalogue (spec §3): command codes (request key 1),
 * event codes (event key 1) and the small enumerations carried in fields.
 */

/** Command codes: key 1 of a request, one byte. */
export const enum Command {
  /** Identity, provisioning state, clock, journal state and limits of the reader. */
  GET_INFO = 0x01,
  /** Set the reader clock (unix seconds). */
  SET_TIME = 0x02,
  /** Install the issuer-signed reader certificate. */
  PROVISION_CERTIFICATE = 0x03,
  /** Install one part of an issuer-signed denylist. */
  PROVISION_DENYLIST = 0x04,
  /** Read the public view of a card (no PIN): holder, wallets without balances. */
  READ_CARD = 0x10,
  /** Debit a benefit: tap, PIN on the keypad, signed receipt. */
  DEBIT = 0x11,
  /** Wallets with balances (PIN on the keypad). */
  BALANCE = 0x12,
  /** Access mode: one tap, allowed or refused. */
  ACCESS_CHECK = 0x13,
  /** Access mode: start or stop the stream of PASSAGE events. */
  ACCESS_STREAM = 0x14,
  /** Read receipts or passages from the reader journal. */
  JOURNAL_READ = 0x20,
  /** Acknowledge journal entries the host has stored safely. */
  JOURNAL_ACK = 0x21,
  /** The receipt of an earlier debit, by request id. */
  GET_TRANSACTION = 0x22,
}

/** Command codes and names, in code order. */
export const COMMAND_TABLE: ReadonlyArray<{ code: number; name: string }> = [
  { code: 0x01, name: 'GET_INFO' },
  { code: 0x02, name: 'SET_TIME' },
  { code: 0x03, name: 'PROVISION_CERTIFICATE' },
  { code: 0x04, name: 'PROVISION_DENYLIST' },
  { code: 0x10, name: 'READ_CARD' },
  { code: 0x11, name: 'DEBIT' },
  { code: 0x12, name: 'BALANCE' },
  { code: 0x13, name: 'ACCESS_CHECK' },
  { code: 0x14, name: 'ACCESS_STREAM' },
  { code: 0x20, name: 'JOURNAL_READ' },
  { code: 0x21, name: 'JOURNAL_ACK' },
  { code: 0x22, name: 'GET_TRANSACTION' },
];

/** Event codes: key 1 of an event (EVENT frame, reader to host). */
export const enum EventCode {
  /** Access mode, stream enabled: the result of one tap. */
  PASSAGE = 0x01,
  /** A card entered the field while no request was pending (capability CARD_EVENTS). */
  CARD_PRESENT = 0x02,
  /** The card left the field while no request was pending (capability CARD_EVENTS). */
  CARD_REMOVED = 0x03,
}

/** Event codes and names, in code order. */
export const EVENT_TABLE: ReadonlyArray<{ code: number; name: string }> = [
  { code: 0x01, name: 'PASSAGE' },
  { code: 0x02, name: 'CARD_PRESENT' },
  { code: 0x03, name: 'CARD_REMOVED' },
];

/** Reader mode (GET_INFO key 6): 0 before provisioning, then the certificate's ReaderMode (§5). */
export const enum Mode {
  UNPROVISIONED = 0,
  MERCHANT = 1,
  ACCESS = 2,
}

/**
 * Capability bits (GET_INFO key 7). Bits 0 and 1 mean the same as the SYNC
 * capability flags of §2; hosts ignore bits they do not know.
 */
export const enum Capability {
  /** The reader may send EVENT frames (PASSAGE, CARD_PRESENT, CARD_REMOVED). */
  EVENTS = 0x01,
  /** The reader has a PIN pad (needed by DEBIT and BALANCE). */
  PINPAD = 0x02,
  /** The reader has a text display. */
  DISPLAY = 0x04,
  /** The reader has a LED and/or a buzzer. */
  SIGNAL = 0x08,
  /** The reader sends CARD_PRESENT / CARD_REMOVED while idle. */
  CARD_EVENTS = 0x10,
}

/** Card state (READ_CARD key 5). Hosts treat unknown values as "not usable". */
export const enum CardState {
  OK = 0,
  /** On the installed denylist (lost, stolen, replaced). */
  REVOKED = 1,
  /** PIN blocked after three wrong tries. */
  PIN_BLOCKED = 2,
}

/** Journal kind (JOURNAL_READ / JOURNAL_ACK `kind`). */
export const enum JournalKind {
  /** Signed debit receipts (merchant mode). */
  RECEIPTS = 0,
  /** Access passages (access mode). */
  PASSAGES = 1,
}

/** Look `code` up in a code table; returns its name or `<prefix>0xNN` when unknown. */
function nameIn(table: ReadonlyArray<{ code: number; name: string }>, code: number, prefix: string): string {
  for (let i = 0; i < table.length; i++) if (table[i].code === code) return table[i].name;
  const h = (code & 0xff).toString(16);
  return prefix + (h.length < 2 ? '0' + h : h);
}

/** The name of a command code, or `COMMAND_0xNN`. */
export function commandName(code: number): string {
  return nameIn(COMMAND_TABLE, code, 'COMMAND_0x');
}

/** The name of an event code, or `EVENT_0xNN`. */
export function eventName(code: number): string {
  return nameIn(EVENT_TABLE, code, 'EVENT_0x');
}
