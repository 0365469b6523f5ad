/**
 * The two errors the SDK throws: DeviceStatusError (a status code of the protocol, from the reader
 * or from a local check) and TransportError (the USB link). Both carry a message a person can act on.
 */
import { statusName } from '../protocol/status.js';
import { isCodedError } from '../protocol/errors.js';
import { messageFor } from './status-messages.js';

/** Detail fields that are unix times on the wire; the SDK hands them out as Date. */
const TIME_DETAILS = ['validUntil', 'validFrom', 'minimumTime'];

/** Where a status came from: the reader's response, or a check made by the SDK itself. */
export type StatusSource = 'reader' | 'host';

/** Options of {@link DeviceStatusError}. */
export interface DeviceStatusErrorOptions {
  /** Details by field name, as decoded from response key 3 (unix times are converted to Date). */
  details?: Record<string, unknown>;
  /** The benefit the call was about (formats balances as cents or units in the message). */
  benefit?: number;
  /** 'reader' (default) or 'host'. */
  source?: StatusSource;
  /** Replaces the table's sentence (the code still selects the meaning). */
  message?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * A failing status code (protocol/status.ts). `name` is the code's name in STATUS_TABLE
 * (e.g. 'WRONG_PIN'), `details` the named detail fields (e.g. `triesLeft`, `balance`,
 * `validUntil` as a Date), `message` one sentence a person can act on.
 */
export class DeviceStatusError extends Error {
  /** The status code, 0x01..0xFF. */
  readonly code: number;
  /** Detail fields by name; empty when the status carries none. */
  readonly details: Record<string, unknown>;
  /** 'reader' when the reader answered the status, 'host' when the SDK refused before sending. */
  readonly source: StatusSource;
  /** Set by Reader.debit: the request id (hex) of the debit that failed. */
  requestId?: string;

  constructor(code: number, options: DeviceStatusErrorOptions = {}) {
    const details: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options.details ?? {})) {
      details[k] = TIME_DETAILS.includes(k) && typeof v === 'number' ? new Date(v * 1000) : v;
    }
    super(options.message ?? messageFor(code, { details, benefit: options.benefit }), { cause: options.cause });
    this.name = statusName(code);
    this.code = code;
    this.details = details;
    this.source = options.source ?? 'reader';
  }
}

/** What went wrong on the USB link. */
export type TransportErrorKind =
  | 'disconnected'
  | 'timeout'
  | 'bad-frame'
  | 'not-responding'
  | 'closed'
  | 'no-usb-subsystem'
  | 'permission-denied'
  | 'interface-claimed'
  | 'user-gesture-required'
  | 'webusb-unsupported'
  | 'not-found'
  | 'usb-error';

/** The udev rule the project ships, as a path relative to the package root. */
export const UDEV_RULE_PATH = 'sdk/udev/70-passregion-reader.rules';

/** One actionable sentence per transport error kind. */
const TRANSPORT_MESSAGES: { [K in TransportErrorKind]: string } = {
  disconnected:
    'The reader was disconnected: plug it back in and reconnect; if a debit was under way, ask getTransaction(requestId) (or retry the debit with the same requestId) before debiting again.',
  timeout:
    'The reader stopped answering: check the cable, reconnect, and for a debit ask getTransaction(requestId) before debiting again.',
  'bad-frame': 'Messages to or from the reader were corrupted: check the cable or USB hub and try again.',
  'not-responding':
    'The reader does not answer on USB: unplug it, plug it back in, and check that it runs the Pass\'Région firmware.',
  closed: 'This reader connection was closed: connect again with Reader.connect().',
  'no-usb-subsystem':
    'This machine has no USB subsystem (no /sys/bus/usb, as in many containers and CI runners): run the till on a computer the reader is plugged into, or use the simulator.',
  'permission-denied':
    `Permission to open the reader was denied: on Linux install the udev rule (sudo cp ${UDEV_RULE_PATH} /etc/udev/rules.d/ && sudo udevadm control --reload-rules && sudo udevadm trigger) and replug the reader; in a browser, allow the site to use the device.`,
  'interface-claimed':
    'The reader is in use by another program or browser tab: close the other till or tab, then reconnect.',
  'user-gesture-required':
    'The browser only shows the reader chooser after a click: call requestReader() from a button\'s click handler.',
  'webusb-unsupported':
    'This browser does not support WebUSB: use Chrome, Edge or Opera on a desktop or Android, served over https or from localhost.',
  'not-found': 'No Pass\'Région reader was found: plug the reader in (and on Linux install the udev rule), then try again.',
  'usb-error': 'The USB transfer to the reader failed: unplug the reader, plug it back in and reconnect.',
};

/** Options of {@link TransportError}. */
export interface TransportErrorOptions {
  /** A status code when one applies (TIMEOUT for a silent link, FRAME_* for an ERROR frame). */
  code?: number;
  /** Extra context appended to the sentence (e.g. the platform's own message). */
  detail?: string;
  /** The underlying error. */
  cause?: unknown;
}

/** A failure of the USB link or of the platform's USB support. */
export class TransportError extends Error {
  /** What went wrong. */
  readonly kind: TransportErrorKind;
  /** A status code when one applies, else undefined. */
  readonly code: number | undefined;
  /**
   * Set by Reader.debit: the request id (hex) of the debit in flight. After 'disconnected' or
   * 'timeout' the debit may or may not have happened: ask getTransaction(requestId), or retry
   * the debit with this request id (never a new one).
   */
  requestId?: string;

  constructor(kind: TransportErrorKind, options: TransportErrorOptions = {}) {
    const base = TRANSPORT_MESSAGES[kind];
    super(options.detail ? `${base} (${options.detail})` : base, { cause: options.cause });
    this.name = 'TransportError';
    this.kind = kind;
    this.code = options.code;
  }
}

/** The one sentence of a transport error kind. */
export function transportMessage(kind: TransportErrorKind): string {
  return TRANSPORT_MESSAGES[kind];
}

/**
 * An error thrown by protocol/ code (a coded error: BAD_REQUEST for an argument out of range,
 * MESSAGE_TOO_LONG...) as a DeviceStatusError with source 'host'; other errors unchanged.
 */
export function fromCodedError(e: unknown, benefit?: number): unknown {
  if (e instanceof DeviceStatusError || e instanceof TransportError) return e;
  if (!isCodedError(e)) return e;
  const sentence = messageFor(e.code, { details: {}, benefit });
  const why = e.message ? ` (${e.message})` : '';
  return new DeviceStatusError(e.code, { source: 'host', message: sentence + why, benefit, cause: e });
}

/** True when `e` is a DeviceStatusError, with status `code` when given. */
export function isDeviceStatus(e: unknown, code?: number): e is DeviceStatusError {
  return e instanceof DeviceStatusError && (code === undefined || e.code === code);
}

/** True when `e` is a TransportError, of `kind` when given. */
export function isTransportError(e: unknown, kind?: TransportErrorKind): e is TransportError {
  return e instanceof TransportError && (kind === undefined || e.kind === kind);
}

