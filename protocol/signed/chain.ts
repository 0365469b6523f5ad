/**
 * Verification of a run of one reader's receipts: each receipt verifies, the
 * sequence numbers follow each other, and each receipt carries the hash of
 * the one before. A missing receipt, a receipt presented twice, an edited
 * receipt or two different histories are told apart.
 */
import { Status } from '../status.js';
import { bytesEqual } from '../bytes/bytes.js';
import type { CryptoPort } from '../crypto.js';
import type { ReaderCertificate } from './reader-cert.js';
import type { Receipt } from './receipt.js';
import { receiptCore } from './receipt.js';
import type { VerifyReceiptOptions } from './verify.js';
import { openMerchantCertificate, verifyReceiptWith } from './verify.js';
import { parseEnvelope } from './envelope.js';
import { decode } from '../cbor/index.js';
import { isBytes, isMap } from './fields.js';
import { ReceiptKey } from './receipt.js';

/**
 * What is wrong with a chain, at the reported index:
 * - 'edit': the receipt's bytes are not what the reader signed (malformed, signature fails);
 * - 'invalid': the reader signed it but it does not verify (card certificate or proof, window...);
 * - 'reader': it belongs to another reader, or the reader certificate is not valid;
 * - 'gap': its sequence number skips one or more receipts;
 * - 'replay': its sequence number is not above the previous one (a receipt presented again);
 * - 'fork': same sequence number as the previous with different content, or its
 *   `prev` is not the hash of the previous receipt (another history).
 */
export type ChainProblem = 'edit' | 'invalid' | 'reader' | 'gap' | 'replay' | 'fork';

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions extends VerifyReceiptOptions {
  /**
   * The receipt envelope just before `receipts[0]`, already verified: when
   * given, the first receipt must follow it. Without it the run may start at any seq.
   */
  previous?: Uint8Array;
}

/** The outcome of {@link verifyChain}. */
export interface ChainVerification {
  /** OK, or the status of the first problem (RECEIPT_INVALID for a chain problem). */
  status: number;
  /** Index of the first receipt with a problem, -1 when none. */
  index: number;
  /** The first problem, null when none. */
  problem: ChainProblem | null;
  /** The decoded receipts that verified, in order, up to the problem. */
  receipts: Receipt[];
}

/** The readerId a receipt envelope claims, without verifying anything (null if unreadable). */
function claimedReaderId(bytes: Uint8Array): Uint8Array | null {
  const p = parseEnvelope(bytes, true);
  if (p.status !== Status.OK) return null;
  try {
    const body = decode(p.body as Uint8Array);
    if (!isMap(body)) return null;
    const id = body[ReceiptKey.READER_ID];
    return isBytes(id, 8, 8) ? id : null;
  } catch (e) {
    return null;
  }
}

function problemAt(status: number, index: number, problem: ChainProblem, receipts: Receipt[]): ChainVerification {
  return { status: status, index: index, problem: problem, receipts: receipts };
}

/**
 * Verify a run of receipts of one reader, in order. The reader is the one of
 * `opts.readerCertificate` when given, else the one of the first receipt.
 * Each receipt is verified as by {@link verifyReceipt}, then linked: seq is
 * the previous seq + 1 and prev = receiptHash(previous). Stops at the first problem.
 */
export function verifyChain(receipts: Uint8Array[], opts: VerifyChainOptions, crypto: CryptoPort): ChainVerification {
  const done: Receipt[] = [];
  let cert: ReaderCertificate | null = null;
  if (opts.readerCertificate !== undefined) {
    const oc = openMerchantCertificate(opts.readerCertificate, opts.issuerRoot, crypto);
    if (oc.status !== Status.OK) return problemAt(oc.status, 0, 'reader', done);
    cert = oc.value;
  }
  let readerId: Uint8Array | null = cert !== null ? cert.readerId : null;
  let prevSeq = -1;
  let prevCore: Uint8Array | null = null;
  let prevHash: Uint8Array | null = null;
  if (opts.previous !== undefined) {
    const pv = verifyReceiptWith(opts.previous, opts, cert, crypto);
    if (pv.status !== Status.OK) return problemAt(pv.status, -1, 'invalid', done);
    const pr = pv.receipt as Receipt;
    if (readerId === null) readerId = pr.readerId;
    prevSeq = pr.seq;
    prevCore = receiptCore(opts.previous);
    prevHash = crypto.sha256(prevCore);
  }

  for (let i = 0; i < receipts.length; i++) {
    const bytes = receipts[i];
    const claimed = claimedReaderId(bytes);
    if (claimed !== null && readerId !== null && !bytesEqual(claimed, readerId)) {
      return problemAt(Status.RECEIPT_INVALID, i, 'reader', done);
    }
    const v = verifyReceiptWith(bytes, opts, cert, crypto);
    if (v.status !== Status.OK) {
      const p: ChainProblem =
        v.step === 'envelope' || v.step === 'body' || v.step === 'readerSignature'
          ? 'edit'
          : v.step === 'readerCertificate' || v.step === 'readerBinding'
            ? 'reader'
            : 'invalid';
      return problemAt(v.status, i, p, done);
    }
    const r = v.receipt as Receipt;
    if (readerId === null) readerId = r.readerId;
    const core = receiptCore(bytes);
    if (prevCore !== null) {
      if (r.seq === prevSeq) return problemAt(Status.RECEIPT_INVALID, i, bytesEqual(core, prevCore) ? 'replay' : 'fork', done);
      if (r.seq < prevSeq) return problemAt(Status.RECEIPT_INVALID, i, 'replay', done);
      if (r.seq > prevSeq + 1) return problemAt(Status.RECEIPT_INVALID, i, 'gap', done);
      if (!bytesEqual(r.prev, prevHash as Uint8Array)) return problemAt(Status.RECEIPT_INVALID, i, 'fork', done);
    }
    done.push(r);
    prevSeq = r.seq;
    prevCore = core;
    prevHash = crypto.sha256(core);
  }
  return { status: Status.OK, index: -1, problem: null, receipts: done };
}
