/**
 * Receipts: built from a verified card proof, signed with the reader key,
 * chained (seq = last + 1, prev = SHA-256 of the previous receipt envelope)
 * and appended to the journal before anyone sees them. The journal keeps the
 * chain anchor (its newest receipt), from which `seq`, `prev` and the newest
 * receipt time are rebuilt at boot.
 */
import { Status } from '../../protocol/status.js';
import { bytesEqual } from '../../protocol/bytes/bytes.js';
import { crc32 } from '../../protocol/framing/crc32.js';
import { decode } from '../../protocol/cbor/decode.js';
import type { CborMap } from '../../protocol/cbor/types.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { parseEnvelope } from '../../protocol/signed/envelope.js';
import { ReceiptKey, ReceiptKind, RECEIPT_VERSION, sealReceipt } from '../../protocol/signed/receipt.js';
import type { CardProof } from '../../protocol/signed/card-proof.js';
import { coPayment } from '../../protocol/catalogue/table.js';
import type { Journal, RecordRef } from '../drivers/flash/journal.js';
import { RecordType } from '../drivers/flash/layout.js';
import type { Identity } from './identity.js';
import { failure } from './errors.js';

/** The fields of a journalled receipt that a replayed DEBIT is compared on. */
export interface StoredReceipt {
  /** The receipt envelope, as journalled and answered. */
  bytes: Uint8Array;
  requestId: Uint8Array;
  benefit: number;
  amount: number;
  reference: string | undefined;
  balanceAfter: number;
  time: number;
}

/** What a receipt says beyond the card proof (kind: ReceiptKind.DEBIT when absent). */
export interface ReceiptRequest {
  requestId: Uint8Array;
  reference?: string;
  kind?: number;
}

/**
 * Upper bound of a receipt's size, for the journal room check before a debit:
 * the body's fixed fields with their largest encodings (about 160 bytes), a
 * card proof envelope (at most 150), the envelope around the body (71), plus
 * the variable parts.
 */
export function receiptBound(certLength: number, requestIdLength: number, referenceLength: number): number {
  return 390 + certLength + requestIdLength + referenceLength;
}

/** Read the fields of a receipt envelope (no signature check: it is the reader's own, from its journal). */
export function readStored(bytes: Uint8Array): StoredReceipt | null {
  const p = parseEnvelope(bytes, true);
  if (p.status !== Status.OK) return null;
  const m = decode(p.body as Uint8Array) as CborMap;
  const rid = m[ReceiptKey.REQUEST_ID];
  if (!(rid instanceof Uint8Array)) return null;
  const ref = m[ReceiptKey.REFERENCE];
  return {
    bytes: bytes,
    requestId: rid,
    benefit: m[ReceiptKey.BENEFIT] as number,
    amount: m[ReceiptKey.AMOUNT] as number,
    reference: typeof ref === 'string' ? ref : undefined,
    balanceAfter: m[ReceiptKey.BALANCE_AFTER] as number,
    time: m[ReceiptKey.TIME] as number,
  };
}

/** Numbers per index entry: key, seq, page, offset, length. */
const STRIDE = 5;

/**
 * The receipt chain of this reader over its journal, with a RAM index of the
 * retained receipts (request id CRC, seq, where the record is: 20 bytes each),
 * so that a DEBIT or GET_TRANSACTION reads one record instead of scanning and
 * checking the whole journal. Built by one scan at boot. Its state lives in
 * the constructor's closure (shorter than members once minified); the
 * methods are the closures assigned to the instance.
 */
export class Receipts {
  /** Time of the newest receipt (0 = none): SET_TIME refuses earlier times. */
  lastTime = 0;
  /**
   * Bring the index in line with the journal after it changed (a receipt
   * appended, an acknowledgement): drop reclaimed receipts, and follow the
   * newest receipt to its copy when a new page took it along.
   */
  readonly refresh: () => void;
  /** Retained receipts (GET_INFO). */
  readonly count: () => number;
  /** The journalled receipt of a request id, or null. */
  readonly find: (requestId: Uint8Array) => StoredReceipt | null;
  /**
   * Sign and journal the receipt of a verified card proof. Returns the
   * envelope; throws JOURNAL_FULL or STORAGE_ERROR when it cannot be
   * journalled (then nothing is answered as a receipt).
   */
  readonly issue: (proof: CardProof, proofBytes: Uint8Array, cardCertificate: Uint8Array, req: ReceiptRequest) => Uint8Array;

  constructor(journal: Journal, crypto: CryptoPort, identity: Identity) {
    const self = this;
    /** SHA-256 of the newest receipt envelope (zeros before the first). */
    let prev: Uint8Array = new Uint8Array(32);
    const index: number[] = [];

    /** Append the index entry of a journalled receipt. */
    function indexAdd(ref: RecordRef): void {
      index.push(ref.key, ref.seq, ref.page, ref.offset, ref.length);
    }

    function refresh(): void {
      if (index.length === 0) return;
      // The first receipt seq still in the journal (last + 1 when none).
      let first = journal.last[RecordType.RECEIPT] + 1;
      journal.forEach(RecordType.RECEIPT, 0, function (ref) {
        first = ref.seq;
        return true;
      });
      let k = 0;
      while (k < index.length && index[k + 1] < first) k += STRIDE;
      if (k > 0) index.splice(0, k);
      const last = journal.lastReceiptRef();
      const n = index.length - STRIDE;
      if (last !== null && n >= 0 && index[n + 1] === last.seq) index.splice(n + 2, 3, last.page, last.offset, last.length);
    }

    journal.forEach(RecordType.RECEIPT, 0, indexAdd);
    const ref = journal.lastReceiptRef();
    if (ref !== null) {
      const bytes = journal.read(ref);
      prev = crypto.sha256(bytes);
      const r = readStored(bytes);
      if (r !== null) this.lastTime = r.time;
    }

    this.refresh = refresh;

    this.count = function (): number {
      return index.length / STRIDE;
    };

    this.find = function (requestId: Uint8Array): StoredReceipt | null {
      const key = crc32(requestId);
      for (let k = index.length - STRIDE; k >= 0; k -= STRIDE) {
        if (index[k] !== key) continue;
        const r = readStored(journal.read({ page: index[k + 2], offset: index[k + 3], length: index[k + 4], type: RecordType.RECEIPT, seq: index[k + 1], key: key }));
        if (r !== null && bytesEqual(r.requestId, requestId)) return r;
      }
      return null;
    };

    this.issue = function (proof: CardProof, proofBytes: Uint8Array, cardCertificate: Uint8Array, req: ReceiptRequest): Uint8Array {
      const copay = coPayment(proof.benefit) * proof.amount;
      const bytes = sealReceipt({
        version: RECEIPT_VERSION,
        readerId: identity.readerId,
        seq: journal.last[RecordType.RECEIPT] + 1,
        prev: prev,
        time: proof.time,
        cardId: proof.cardId,
        cardCounter: proof.counter,
        cardTime: proof.prevTime,
        benefit: proof.benefit,
        campaign: proof.campaign,
        amount: proof.amount,
        balanceAfter: proof.balanceAfter,
        copay: copay > 0 ? copay : undefined,
        reference: req.reference,
        requestId: req.requestId,
        cardProof: proofBytes,
        cardCertificate: cardCertificate,
        kind: req.kind === ReceiptKind.RECOVERED ? ReceiptKind.RECOVERED : ReceiptKind.DEBIT,
      }, identity.seed, crypto);
      const s = journal.append(RecordType.RECEIPT, crc32(req.requestId), bytes);
      if (s !== Status.OK) throw failure(s);
      indexAdd(journal.lastReceiptRef() as RecordRef);
      refresh();
      prev = crypto.sha256(bytes);
      if (proof.time > self.lastTime) self.lastTime = proof.time;
      return bytes;
    };
  }
}
