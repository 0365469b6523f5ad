/** PN532 NFC controller: host frames (pure) and the synchronous driver over the NfcBus port. */
export { Pn532 } from './driver.js';
export type { Pn532Options, PollResult, Pn532Counters } from './driver.js';
export { FrameKind, ACK_FRAME, NACK_FRAME, ERROR_FRAME, encodeFrame, encodeFrameInto, frameSize, parseFrame } from './frame.js';
export type { Frame } from './frame.js';
export {
  Cmd,
  RfItem,
  ChipError,
  Pn532Fault,
  TFI_HOST,
  TFI_CHIP,
  TFI_ERROR,
  MAX_APDU,
  EXTENDED_MAX_PAYLOAD,
  NORMAL_MAX_PAYLOAD,
  SAK_ISO14443_4,
  IC_PN532,
  I2C_READY,
  STATUS_ERROR_MASK,
  STATUS_MI,
} from './constants.js';
