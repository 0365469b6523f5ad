/**
 * USB transcripts: every call a host makes on a USBDevice and every packet it receives, in
 * order, as JSON. Recorded from a real or simulated reader with recordTranscript(), replayed
 * with replayDevice() as a USBDevice that answers from the transcript.
 */

/** Format tag of transcript files. */
export const TRANSCRIPT_FORMAT = 'passregion-usb-transcript/1';

/** Device operations a transcript records. */
export type TranscriptOp =
  | 'open'
  | 'close'
  | 'selectConfiguration'
  | 'claimInterface'
  | 'releaseInterface'
  | 'selectAlternateInterface'
  | 'clearHalt'
  | 'reset'
  | 'transferOut'
  | 'transferIn'
  | 'controlTransferOut'
  | 'controlTransferIn';

/** One recorded operation, in the order it completed. */
export interface TranscriptEntry {
  op: TranscriptOp;
  /** Transfers: 'out' host to device, 'in' device to host. */
  dir?: 'out' | 'in';
  /** Endpoint number (transfers, clearHalt). */
  ep?: number;
  /** Data sent (out) or received (in), lower-case hex. */
  hex?: string;
  /** Requested length (IN transfers). */
  length?: number;
  /** Transfer status ('ok', 'stall', 'babble'); absent means 'ok'. */
  status?: USBTransferStatus;
  /** selectConfiguration, claimInterface, releaseInterface, selectAlternateInterface: the number. */
  value?: number;
  /** selectAlternateInterface: the alternate setting; clearHalt: unused. */
  alternate?: number;
  /** clearHalt: the direction. */
  direction?: USBDirection;
  /** Control transfers: the setup packet. */
  setup?: USBControlTransferParameters;
  /** The operation rejected with this error (e.g. NotFoundError when the device was unplugged). */
  error?: { name: string; message: string };
  /** Free comment (built transcripts say what the frame is). */
  note?: string;
}

/** A transcript file. */
export interface Transcript {
  format: typeof TRANSCRIPT_FORMAT;
  /** 'recorded' from a (simulated) reader, or 'built' by hand from the protocol encoders. */
  origin: 'recorded' | 'built';
  description?: string;
  /** The device's identity as the host saw it. */
  device: {
    vendorId: number;
    productId: number;
    serialNumber?: string;
    productName?: string;
    manufacturerName?: string;
    /** configurationValue when recording started (null: not configured). */
    configurationValue: number | null;
  };
  /** Whatever the test needs to replay it (issuer root, rng seed, clock...). */
  meta?: Record<string, unknown>;
  entries: TranscriptEntry[];
}
