/** What makes one reader's descriptors differ from another's: its id, firmware version and names. */
import { Status } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';

/** Firmware version major.minor.patch; bcdDevice holds major 0-99, minor 0-9, patch 0-9. */
export interface FirmwareVersion {
  major: number;
  minor: number;
  patch: number;
}

/** The per-reader inputs of the descriptors. */
export interface UsbIdentity {
  /**
   * Reader id (8 bytes: the first 8 bytes of SHA-256 of the reader public key).
   * Its lower-case hex is the serial number string. Empty before the key
   * exists: the device descriptor then has no serial number (iSerialNumber 0).
   */
  readerId: Uint8Array;
  /** Firmware version, reported as bcdDevice. */
  version: FirmwareVersion;
  /** Manufacturer string; DEFAULT_MANUFACTURER when omitted. */
  manufacturer?: string;
  /** Product string; DEFAULT_PRODUCT when omitted. */
  product?: string;
}

/** True when `n` is an integer in [0, max]. */
function inRange(n: number, max: number): boolean {
  return typeof n === 'number' && n >= 0 && n <= max && n % 1 === 0;
}

/**
 * bcdDevice of a firmware version: 0xJJMN with JJ the major version in BCD,
 * M the minor and N the patch (1.2.3 -> 0x0123, 12.3.4 -> 0x1234).
 * Throws BAD_REQUEST when a part does not fit.
 */
export function bcdDevice(v: FirmwareVersion): number {
  const major = v.major;
  const minor = v.minor;
  const patch = v.patch;
  if (!inRange(major, 99) || !inRange(minor, 9) || !inRange(patch, 9)) {
    throw codedError(Status.BAD_REQUEST, 'firmware version does not fit bcdDevice (0-99.0-9.0-9)');
  }
  // `<<` truncates major / 10 to its tens digit.
  return ((major / 10) << 12) | ((major % 10) << 8) | (minor << 4) | patch;
}
