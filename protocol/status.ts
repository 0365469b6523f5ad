/**
 * Status codes: the one table shared by firmware, SDK, simulator and card applet.
 * A status is one byte on the wire (response key 1). Ranges group codes by layer
 * so a new code lands in its range without renumbering; see SPEC.md §Status codes.
 *
 *   0x00        ok
 *   0x01-0x0F   request and protocol
 *   0x10-0x1F   USB link framing (reported by the reassembler, never by a handler)
 *   0x20-0x2F   card presence, authenticity and revocation
 *   0x30-0x3F   PIN
 *   0x40-0x4F   benefit and wallet rules
 *   0x50-0x5F   reader provisioning, mode and clock
 *   0x60-0x6F   journal and transactions
 *   0x70-0x7F   access mode
 *   0x80-0xBF   reserved for future versions of this specification
 *   0xC0-0xEF   board- or vendor-specific (never used by this project)
 *   0xF0-0xFF   reserved
 */
export const enum Status {
  OK = 0x00,

  BAD_REQUEST = 0x01,
  NON_CANONICAL = 0x02,
  UNSUPPORTED_VERSION = 0x03,
  UNKNOWN_COMMAND = 0x04,
  BUSY = 0x05,
  CANCELLED = 0x06,
  TIMEOUT = 0x07,
  INTERNAL = 0x08,
  MESSAGE_TOO_LONG = 0x09,

  FRAME_INVALID = 0x10,
  FRAME_CRC = 0x11,
  FRAME_SEQUENCE = 0x12,
  FRAME_LENGTH = 0x13,
  FRAME_CHANNEL = 0x14,
  FRAME_UNEXPECTED = 0x15,

  NO_CARD = 0x20,
  CARD_REMOVED = 0x21,
  CARD_NOT_AUTHENTIC = 0x22,
  CARD_REVOKED = 0x23,
  MULTIPLE_CARDS = 0x24,
  CARD_ERROR = 0x25,
  CARD_UNSUPPORTED = 0x26,

  WRONG_PIN = 0x30,
  PIN_BLOCKED = 0x31,
  PIN_REQUIRED = 0x32,

  BENEFIT_SUSPENDED = 0x40,
  INSUFFICIENT_BALANCE = 0x41,
  BENEFIT_EXPIRED = 0x42,
  NOT_YET_VALID = 0x43,
  NO_SUCH_BENEFIT = 0x44,
  INVALID_AMOUNT = 0x45,
  INDIVIDUAL_ONLY = 0x46,
  CARD_CLOCK_CONFLICT = 0x47,
  NOT_ELIGIBLE = 0x48,
  ONLINE_ONLY = 0x49,

  CATEGORY_NOT_AGREED = 0x50,
  WRONG_MODE = 0x51,
  NOT_PROVISIONED = 0x52,
  CERTIFICATE_INVALID = 0x53,
  CERTIFICATE_EXPIRED = 0x54,
  DENYLIST_OLDER = 0x55,
  DENYLIST_INVALID = 0x56,
  CLOCK_NOT_SET = 0x57,
  CLOCK_BACKWARDS = 0x58,

  JOURNAL_FULL = 0x60,
  TRANSACTION_NOT_FOUND = 0x61,
  REQUEST_ID_CONFLICT = 0x62,
  STORAGE_ERROR = 0x63,
  RECEIPT_INVALID = 0x64,

  OTHER_ESTABLISHMENT = 0x70,
  DOUBLE_TAP = 0x71,
}

/** Name and one-line meaning of every status code, in code order. */
export const STATUS_TABLE: ReadonlyArray<{ code: number; name: string; meaning: string }> = [
  { code: 0x00, name: 'OK', meaning: 'success' },
  { code: 0x01, name: 'BAD_REQUEST', meaning: 'a field is missing, of the wrong type or out of range' },
  { code: 0x02, name: 'NON_CANONICAL', meaning: 'the CBOR is not in the canonical profile' },
  { code: 0x03, name: 'UNSUPPORTED_VERSION', meaning: 'the protocol version is not supported' },
  { code: 0x04, name: 'UNKNOWN_COMMAND', meaning: 'the command code is not known' },
  { code: 0x05, name: 'BUSY', meaning: 'another request is in progress' },
  { code: 0x06, name: 'CANCELLED', meaning: 'cancelled by the host or on the keypad' },
  { code: 0x07, name: 'TIMEOUT', meaning: 'no card or no PIN within the allowed time' },
  { code: 0x08, name: 'INTERNAL', meaning: 'an internal error of the reader' },
  { code: 0x09, name: 'MESSAGE_TOO_LONG', meaning: 'the message exceeds the maximum size' },
  { code: 0x10, name: 'FRAME_INVALID', meaning: 'a packet is malformed' },
  { code: 0x11, name: 'FRAME_CRC', meaning: 'the message CRC does not match' },
  { code: 0x12, name: 'FRAME_SEQUENCE', meaning: 'a packet was lost or arrived out of order' },
  { code: 0x13, name: 'FRAME_LENGTH', meaning: 'the declared message length is invalid' },
  { code: 0x14, name: 'FRAME_CHANNEL', meaning: 'the channel is not the open channel' },
  { code: 0x15, name: 'FRAME_UNEXPECTED', meaning: 'a continuation packet arrived without a message start' },
  { code: 0x20, name: 'NO_CARD', meaning: 'no card in the field' },
  { code: 0x21, name: 'CARD_REMOVED', meaning: 'the card left the field during the operation' },
  { code: 0x22, name: 'CARD_NOT_AUTHENTIC', meaning: 'the card certificate or signature does not verify' },
  { code: 0x23, name: 'CARD_REVOKED', meaning: 'the card is on the denylist (lost, stolen or replaced)' },
  { code: 0x24, name: 'MULTIPLE_CARDS', meaning: 'more than one card in the field' },
  { code: 0x25, name: 'CARD_ERROR', meaning: 'the card answered with an unexpected status' },
  { code: 0x26, name: 'CARD_UNSUPPORTED', meaning: 'not a Pass\'Région card or an unsupported applet version' },
  { code: 0x30, name: 'WRONG_PIN', meaning: 'wrong PIN; details carry the tries left' },
  { code: 0x31, name: 'PIN_BLOCKED', meaning: 'the PIN is blocked after three wrong tries' },
  { code: 0x32, name: 'PIN_REQUIRED', meaning: 'the operation needs a verified PIN' },
  { code: 0x40, name: 'BENEFIT_SUSPENDED', meaning: 'the benefit is suspended for this card' },
  { code: 0x41, name: 'INSUFFICIENT_BALANCE', meaning: 'the balance is lower than the amount' },
  { code: 0x42, name: 'BENEFIT_EXPIRED', meaning: 'the benefit validity has ended' },
  { code: 0x43, name: 'NOT_YET_VALID', meaning: 'the benefit validity has not started' },
  { code: 0x44, name: 'NO_SUCH_BENEFIT', meaning: 'the card holds no wallet of this benefit' },
  { code: 0x45, name: 'INVALID_AMOUNT', meaning: 'the amount is zero, negative, fractional or too large' },
  { code: 0x46, name: 'INDIVIDUAL_ONLY', meaning: 'the benefit cannot be used collectively' },
  { code: 0x47, name: 'CARD_CLOCK_CONFLICT', meaning: 'the debit is dated before the card\'s last transaction' },
  { code: 0x48, name: 'NOT_ELIGIBLE', meaning: 'the holder profile is not eligible for this benefit' },
  { code: 0x49, name: 'ONLINE_ONLY', meaning: 'the benefit is used online only, never at a reader' },
  { code: 0x50, name: 'CATEGORY_NOT_AGREED', meaning: 'the reader is not agreed for this benefit category' },
  { code: 0x51, name: 'WRONG_MODE', meaning: 'the command is not available in the reader\'s mode' },
  { code: 0x52, name: 'NOT_PROVISIONED', meaning: 'the reader has no valid certificate yet' },
  { code: 0x53, name: 'CERTIFICATE_INVALID', meaning: 'the certificate does not verify against the issuer root' },
  { code: 0x54, name: 'CERTIFICATE_EXPIRED', meaning: 'the reader certificate has expired' },
  { code: 0x55, name: 'DENYLIST_OLDER', meaning: 'the denylist is older than the one installed' },
  { code: 0x56, name: 'DENYLIST_INVALID', meaning: 'the denylist does not verify' },
  { code: 0x57, name: 'CLOCK_NOT_SET', meaning: 'the reader clock has not been set' },
  { code: 0x58, name: 'CLOCK_BACKWARDS', meaning: 'the time is before the reader\'s last receipt' },
  { code: 0x60, name: 'JOURNAL_FULL', meaning: 'the journal is full; acknowledge receipts first' },
  { code: 0x61, name: 'TRANSACTION_NOT_FOUND', meaning: 'no transaction with this request id' },
  { code: 0x62, name: 'REQUEST_ID_CONFLICT', meaning: 'the request id was used for a different debit' },
  { code: 0x63, name: 'STORAGE_ERROR', meaning: 'the reader flash failed' },
  { code: 0x64, name: 'RECEIPT_INVALID', meaning: 'a receipt or its hash chain does not verify' },
  { code: 0x70, name: 'OTHER_ESTABLISHMENT', meaning: 'access mode: the card belongs to another establishment' },
  { code: 0x71, name: 'DOUBLE_TAP', meaning: 'access mode: the same card within the double-tap window' },
];

/** The name of a status code, or `STATUS_0xNN` for an unknown one. */
export function statusName(code: number): string {
  for (let i = 0; i < STATUS_TABLE.length; i++) if (STATUS_TABLE[i].code === code) return STATUS_TABLE[i].name;
  const h = (code & 0xff).toString(16);
  return 'STATUS_0x' + (h.length < 2 ? '0' + h : h);
}
