/**
 * PN532 host-interface constants (NXP PN532 User Manual UM0701-02, chapters 6 and 7).
 * Shared by the firmware driver and, through firmware/, by the simulator's tests.
 */

/** Frame identifiers (TFI byte). */
export const TFI_HOST = 0xd4; // host controller -> PN532
export const TFI_CHIP = 0xd5; // PN532 -> host controller
/** TFI of the syntax-error frame 00 00 FF 01 FF 7F 81 00. */
export const TFI_ERROR = 0x7f;

/** Bytes of a normal frame around its TFI+PD payload: 00 00 FF LEN LCS ... DCS 00. */
export const NORMAL_OVERHEAD = 7;
/** Bytes of an extended frame around its payload: 00 00 FF FF FF LENM LENL LCS ... DCS 00. */
export const EXTENDED_OVERHEAD = 10;
/** Largest payload (TFI + PD0..PDn) of a normal frame. */
export const NORMAL_MAX_PAYLOAD = 255;
/** Largest payload (TFI included) the PN532 firmware accepts in an extended frame. */
export const EXTENDED_MAX_PAYLOAD = 265;
/** Largest InDataExchange DataOut / DataIn (bytes of one APDU either way). */
export const MAX_APDU = 262;

/** Command codes (PD0 of a host frame). The response code is the command code + 1. */
export const enum Cmd {
  GetFirmwareVersion = 0x02,
  SAMConfiguration = 0x14,
  RFConfiguration = 0x32,
  InDataExchange = 0x40,
  InDeselect = 0x44,
  InListPassiveTarget = 0x4a,
  InRelease = 0x52,
  InSelect = 0x54,
}

/** RFConfiguration items used here. */
export const enum RfItem {
  Field = 0x01,
  Timings = 0x02,
  MaxRetriesCom = 0x04,
  MaxRetries = 0x05,
}

/** InListPassiveTarget BrTy: 106 kbps ISO/IEC 14443 type A. */
export const BRTY_106A = 0x00;
/** SEL_RES (SAK) bit telling that the target is ISO/IEC 14443-4 compliant (speaks APDUs). */
export const SAK_ISO14443_4 = 0x20;
/** GetFirmwareVersion IC byte of a PN532. */
export const IC_PN532 = 0x32;

/**
 * Error codes of the PN532 (UM0701-02 §7.1, "Error handling"), as found in the low six
 * bits of the Status byte of InDataExchange, InRelease, InSelect, InDeselect...
 * Bit 6 of that byte is MI (more information), bit 7 is NAD present.
 */
export const enum ChipError {
  None = 0x00,
  Timeout = 0x01, // the target has not answered (for type A: the card has left the field)
  Crc = 0x02,
  Parity = 0x03,
  BitCount = 0x04,
  Framing = 0x05,
  BitCollision = 0x06,
  BufferSize = 0x07, // communication buffer size insufficient
  RfBufferOverflow = 0x09,
  RfFieldTimeout = 0x0a,
  RfProtocol = 0x0b,
  Overheating = 0x0d,
  InternalOverflow = 0x0e,
  InvalidParameter = 0x10,
  DepUnsupported = 0x12,
  DataFormat = 0x13, // ISO/IEC 14443-4: bad length, PCB, unexpected block...
  MifareAuth = 0x14,
  UidCheck = 0x23,
  DepState = 0x25,
  NotAllowed = 0x26,
  Context = 0x27, // not acceptable now: unknown target number, target not in the right state...
  Released = 0x29,
  CardSwapped = 0x2a, // type B only
  CardGone = 0x2b, // type B only: the card previously activated has disappeared
  Nfcid3Mismatch = 0x2c,
  OverCurrent = 0x2d,
  NadMissing = 0x2e,
}
/** Mask of the error code in a Status byte. */
export const STATUS_ERROR_MASK = 0x3f;
/** MI bit of a Status byte: the target has more data (ISO/IEC 14443-4 chaining). */
export const STATUS_MI = 0x40;

/**
 * Detail carried in the `at` field of an INTERNAL error thrown by the driver: which part
 * of the host dialogue with the PN532 failed.
 */
export const enum Pn532Fault {
  NoAck = 1, // no ACK frame, even after sending the command a second time
  NoResponse = 2, // ACK received, but no response frame before the deadline
  BadFrame = 3, // the response frame stayed malformed after one NACK
  SyntaxError = 4, // the PN532 answered the error frame (it rejected the command)
  UnexpectedResponse = 5, // a well-formed frame that is not the response to the command sent
  WrongChip = 6, // GetFirmwareVersion does not report a PN532
  BadTargetData = 7, // InListPassiveTarget target data does not parse
}

/** I2C status byte value (bit 0) telling that the PN532 has a frame ready to be read. */
export const I2C_READY = 0x01;
