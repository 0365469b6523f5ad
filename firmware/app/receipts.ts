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

/** Append the index entry of a journalled receipt. */
function indexAdd(index: number[], ref: RecordRef): void {
  index.push(ref.key, ref.seq, ref.page, ref.offset, ref.length);
}

/**
 * The receipt chain of this reader over its journal, with a RAM index of the
 * retained receipts (request id CRC, seq, where the record is: 20 bytes each),
 * so that a DEBIT or GET_TRANSACTION reads one record instead of scanning and
 * checking the whole journal. Built by one scan at boot.
 */
export class Receipts {
  /** Time of the newest receipt (0 = none): SET_TIME refuses earlier times. */
  lastTime = 0;
  private prev: Uint8Array;
  private index: number[] = [];

  constructor(private readonly journal: Journal, private readonly crypto: CryptoPort, private readonly identity: Identity) {
    this.prev = new Uint8Array(32);
    const index = this.index;
    journal.forEach(RecordType.RECEIPT, 0, function (ref) {
      indexAdd(index, ref);
    });
    const ref = journal.lastReceiptRef();
    if (ref !== null) {
      const bytes = journal.read(ref);
      this.prev = crypto.sha256(bytes);
      const r = readStored(bytes);
      if (r !== null) this.lastTime = r.time;
    }
  }

  /**
   * Bring the index in line with the journal after it changed (a receipt
   * appended, an acknowledgement): drop reclaimed receipts, and follow the
   * newest receipt to its copy when a new page took it along.
   */
  refresh(): void {
    const ix = this.index;
    if (ix.length === 0) return;
    // The first receipt seq still in the journal (last + 1 when none).
    let first = this.journal.last[RecordType.RECEIPT] + 1;
    this.journal.forEach(RecordType.RECEIPT, 0, function (ref) {
      first = ref.seq;
      return true;
    });
    let k = 0;
    while (k < ix.length && ix[k + 1] < first) k += STRIDE;
    if (k > 0) ix.splice(0, k);
    const last = this.journal.lastReceiptRef();
    const n = ix.length - STRIDE;
    if (last !== null && n >= 0 && ix[n + 1] === last.seq) ix.splice(n + 2, 3, last.page, last.offset, last.length);
  }

  /** Retained receipts (GET_INFO). */
  count(): number {
    return this.index.length / STRIDE;
  }

  /** The journalled receipt of a request id, or null. */
  find(requestId: Uint8Array): StoredReceipt | null {
    const key = crc32(requestId);
    const ix = this.index;
    for (let k = ix.length - STRIDE; k >= 0; k -= STRIDE) {
      if (ix[k] !== key) continue;
      const r = readStored(this.journal.read({ page: ix[k + 2], offset: ix[k + 3], length: ix[k + 4], type: RecordType.RECEIPT, seq: ix[k + 1], key: key }));
      if (r !== null && bytesEqual(r.requestId, requestId)) return r;
    }
    return null;
  }

  /**
   * Sign and journal the receipt of a verified card proof. Returns the
   * envelope; throws JOURNAL_FULL or STORAGE_ERROR when it cannot be
   * journalled (then nothing is answered as a receipt).
   */
  issue(proof: CardProof, proofBytes: Uint8Array, cardCertificate: Uint8Array, req: ReceiptRequest): Uint8Array {
    const id = this.identity;
    const copay = coPayment(proof.benefit) * proof.amount;
    const seq = this.journal.last[RecordType.RECEIPT] + 1;
    const key = crc32(req.requestId);
    const bytes = sealReceipt({
      version: RECEIPT_VERSION,
      readerId: id.readerId,
      seq: seq,
      prev: this.prev,
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
    }, id.seed, this.crypto);
    const s = this.journal.append(RecordType.RECEIPT, key, bytes);
    if (s !== Status.OK) throw failure(s);
    indexAdd(this.index, this.journal.lastReceiptRef() as RecordRef);
    this.refresh();
    this.prev = this.crypto.sha256(bytes);
    if (proof.time > this.lastTime) this.lastTime = proof.time;
    return bytes;
  }
}
