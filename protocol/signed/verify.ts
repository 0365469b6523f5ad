/**
 * Full offline verification of a receipt, by anyone holding the issuer root
 * public key: the reader certificate, the reader's signature, the card
 * certificate, the card proof, and that the card proof says what the receipt says.
 */
import { Status } from '../status.js';
import { bytesEqual } from '../bytes/bytes.js';
import type { CborMap } from '../cbor/index.js';
import type { CryptoPort } from '../crypto.js';
import { RECEIPT_DOMAIN } from './domains.js';
import { open, parseEnvelope } from './envelope.js';
import { isUint } from './fields.js';
import type { CardCertificate } from './card-cert.js';
import { openCardCertificate } from './card-cert.js';
import type { CardProof } from './card-proof.js';
import { openCardProof } from './card-proof.js';
import type { ReaderCertificate } from './reader-cert.js';
import { ReaderMode, certificateAgrees, certificateCovers, openReaderCertificate } from './reader-cert.js';
import type { Receipt } from './receipt.js';
import { RECEIPT_VERSION, ReceiptKey, decodeReceipt } from './receipt.js';

/** What the verifier is given besides the receipt. */
export interface VerifyReceiptOptions {
  /** The issuer root public key (32 bytes). */
  issuerRoot: Uint8Array;
  /**
   * The reader certificate envelope. When absent, the receipt's attachment
   * (envelope key 3) is used; when both are present, this one wins.
   */
  readerCertificate?: Uint8Array;
  /**
   * Benefit code -> benefit category code (from the catalogue). When given,
   * the reader certificate must agree the receipt's benefit category.
   */
  categoryOf?: (benefit: number) => number;
}

/** The step at which verification stopped ('' when it succeeded). */
export type ReceiptStep =
  | ''
  | 'envelope'
  | 'readerCertificate'
  | 'readerSignature'
  | 'body'
  | 'readerBinding'
  | 'cardCertificate'
  | 'cardProof'
  | 'proofMismatch';

/** The outcome of {@link verifyReceipt}. */
export interface ReceiptVerification {
  /** OK or the status code of the first failed check. */
  status: number;
  /** The step that failed ('' on success). */
  step: ReceiptStep;
  /** The decoded receipt (once its signature verified). */
  receipt: Receipt | null;
  readerCertificate: ReaderCertificate | null;
  cardCertificate: CardCertificate | null;
  cardProof: CardProof | null;
}

function result(status: number, step: ReceiptStep): ReceiptVerification {
  return { status: status, step: step, receipt: null, readerCertificate: null, cardCertificate: null, cardProof: null };
}

function fail(out: ReceiptVerification, status: number, step: ReceiptStep): ReceiptVerification {
  out.status = status;
  out.step = step;
  return out;
}

/** True when every field the card proof shares with the receipt is equal. */
export function proofMatchesReceipt(p: CardProof, r: Receipt): boolean {
  return (
    bytesEqual(p.cardId, r.cardId) &&
    p.counter === r.cardCounter &&
    p.benefit === r.benefit &&
    p.campaign === r.campaign &&
    p.amount === r.amount &&
    p.balanceAfter === r.balanceAfter &&
    p.time === r.time &&
    p.prevTime === r.cardTime &&
    bytesEqual(p.readerId, r.readerId)
  );
}

/**
 * Open and check a reader certificate for receipts: issuer signature,
 * readerId = SHA-256(key)[0..8], merchant mode.
 */
export function openMerchantCertificate(bytes: Uint8Array, issuerRoot: Uint8Array, crypto: CryptoPort): { status: number; value: ReaderCertificate | null } {
  const o = openReaderCertificate(bytes, issuerRoot, crypto);
  if (o.status !== Status.OK) return { status: o.status, value: null };
  const c = o.value as ReaderCertificate;
  if (c.mode !== ReaderMode.MERCHANT) return { status: Status.WRONG_MODE, value: null };
  return { status: Status.OK, value: c };
}

/**
 * Verify a receipt against an already checked merchant certificate (or, when
 * `cert` is null, against the certificate found in the options or attachment).
 * Used by {@link verifyReceipt} and the chain verifier.
 */
export function verifyReceiptWith(bytes: Uint8Array, opts: VerifyReceiptOptions, cert: ReaderCertificate | null, crypto: CryptoPort): ReceiptVerification {
  // 1. Envelope shape.
  const env = parseEnvelope(bytes, true);
  if (env.status !== Status.OK) return result(env.status, 'envelope');

  // 2. Reader certificate.
  let rc = cert;
  if (rc === null) {
    const certBytes = opts.readerCertificate !== undefined ? opts.readerCertificate : env.attachment;
    if (certBytes === null) return result(Status.CERTIFICATE_INVALID, 'readerCertificate');
    const oc = openMerchantCertificate(certBytes, opts.issuerRoot, crypto);
    if (oc.status !== Status.OK) return result(oc.status, 'readerCertificate');
    rc = oc.value as ReaderCertificate;
  }
  const out = result(Status.OK, '');
  out.readerCertificate = rc;

  // 3. Reader signature over tag || body.
  const o = open(RECEIPT_DOMAIN, bytes, rc.readerPublicKey, crypto);
  if (o.status === RECEIPT_DOMAIN.invalid) return fail(out, Status.RECEIPT_INVALID, 'readerSignature');

  // 4. Body: canonical map, version 1, every field valid.
  if (o.status !== Status.OK) return fail(out, o.status, 'body');
  const body = o.body as CborMap;
  const version = body[ReceiptKey.VERSION];
  if (isUint(version, 0, 4294967295) && version !== RECEIPT_VERSION) return fail(out, Status.UNSUPPORTED_VERSION, 'body');
  const r = decodeReceipt(body);
  if (r === null) return fail(out, Status.BAD_REQUEST, 'body');
  out.receipt = r;

  // 5. The certificate is this reader's and covers the receipt.
  if (!bytesEqual(r.readerId, rc.readerId)) return fail(out, Status.CERTIFICATE_INVALID, 'readerBinding');
  if (!certificateCovers(rc, r.time)) return fail(out, Status.CERTIFICATE_EXPIRED, 'readerBinding');
  if (opts.categoryOf !== undefined && !certificateAgrees(rc, opts.categoryOf(r.benefit))) {
    return fail(out, Status.CATEGORY_NOT_AGREED, 'readerBinding');
  }

  // 6. Card certificate, issued by the issuer root for this card id.
  const cc = openCardCertificate(r.cardCertificate, opts.issuerRoot, crypto);
  if (cc.status !== Status.OK) return fail(out, Status.CARD_NOT_AUTHENTIC, 'cardCertificate');
  const card = cc.value as CardCertificate;
  if (!bytesEqual(card.cardId, r.cardId)) return fail(out, Status.CARD_NOT_AUTHENTIC, 'cardCertificate');
  out.cardCertificate = card;

  // 7. Card proof, signed by the card's key.
  const cp = openCardProof(r.cardProof, card.cardPublicKey, crypto);
  if (cp.status !== Status.OK) return fail(out, Status.CARD_NOT_AUTHENTIC, 'cardProof');
  const proof = cp.value as CardProof;
  out.cardProof = proof;

  // 8. The proof says what the receipt says.
  if (!proofMatchesReceipt(proof, r)) return fail(out, Status.RECEIPT_INVALID, 'proofMismatch');
  return out;
}

/**
 * Verify a receipt envelope offline. Checks, in order (status on failure):
 * 1 envelope shape (BAD_REQUEST / NON_CANONICAL); 2 reader certificate:
 * present, issuer signature, readerId = SHA-256(key)[0..8]
 * (CERTIFICATE_INVALID), merchant mode (WRONG_MODE); 3 reader signature
 * (RECEIPT_INVALID); 4 body: canonical (BAD_REQUEST / NON_CANONICAL),
 * version 1 (UNSUPPORTED_VERSION), fields (BAD_REQUEST); 5 receipt readerId =
 * certificate's (CERTIFICATE_INVALID), time within the certificate window
 * (CERTIFICATE_EXPIRED), category agreed when `categoryOf` is given
 * (CATEGORY_NOT_AGREED); 6 card certificate: issuer signature, card id
 * (CARD_NOT_AUTHENTIC); 7 card proof signature (CARD_NOT_AUTHENTIC); 8 proof
 * fields equal to the receipt's (RECEIPT_INVALID). Never throws.
 */
export function verifyReceipt(bytes: Uint8Array, opts: VerifyReceiptOptions, crypto: CryptoPort): ReceiptVerification {
  return verifyReceiptWith(bytes, opts, null, crypto);
}
