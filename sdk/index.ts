/**
 * The Pass'Région reader SDK, browser-safe entry: no Node-only imports. Node programs import
 * sdk/node.ts (adds node-usb); simulator users import sdk/simulator.ts.
 */
export { Reader } from './reader/reader.js';
export type {
  ReaderOptions,
  CallOptions,
  DebitRequest,
  DebitResult,
  JournalQuery,
  JournalPage,
  ReaderEventView,
} from './reader/reader.js';
export type { ReaderProgress, ProgressStage } from './reader/progress.js';
export type { ReaderInfo, ReaderModeName, CardView, WalletView, BalanceView, PassageView } from './reader/views.js';
export type { LockManagerLike } from './reader/queue.js';

export { DeviceStatusError, TransportError, isDeviceStatus, isTransportError, transportMessage, UDEV_RULE_PATH } from './errors.js';
export type { TransportErrorKind, StatusSource, DeviceStatusErrorOptions, TransportErrorOptions } from './errors.js';
export { messageFor, formatAmount } from './status-messages.js';

export { UsbLink, SILENCE_MS, SYNC_TIMEOUT_MS, SYNC_TRIES } from './transport/usb-link.js';
export type { LinkOptions, LinkRequestOptions, LinkResponse } from './transport/usb-link.js';
export { requestReader, getReaders, browserUsb, isReaderDevice, READER_FILTERS } from './transport/finders.js';
export type { UsbHub, UsbConnectionEventLike } from './transport/hub.js';
export type { Timers, RandomSource } from './transport/timers.js';

export { verifyReceipt, verifyChain } from './receipts/verify.js';
export type { VerifyOptions, VerifyChainOptions, ChainReport } from './receipts/verify.js';
export type { Receipt, AmountUnit, Lang } from './receipts/receipt.js';
export {
  receiptsToCsv,
  receiptsToJson,
  receiptToJson,
  passagesToCsv,
  passagesToJson,
  RECEIPT_CSV_COLUMNS,
  PASSAGE_CSV_COLUMNS,
} from './receipts/export.js';

export { recordTranscript, replayDevice, ReplayDevice, TranscriptMismatchError, seededRandom, TRANSCRIPT_FORMAT } from './transcripts/index.js';
export type { Transcript, TranscriptEntry, TranscriptOp, TranscriptRecorder, ReplayOptions } from './transcripts/index.js';

export { Status, STATUS_TABLE, statusName } from '../protocol/status.js';
export { Benefit, Category } from '../protocol/catalogue/codes.js';
export { benefitLabel, categoryLabel, campaignLabel } from '../protocol/catalogue/labels.js';
