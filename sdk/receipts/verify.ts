/**
 * Receipt verification for hosts: protocol/signed's verifier with the host crypto port by
 * default, the catalogue's benefit categories, and results as {@link Receipt} views.
 */
import { Status } from '../../protocol/status.js';
import { fromHex } from '../../protocol/bytes/hex.js';
import { decode } from '../../protocol/cbor/index.js';
import type { CryptoPort } from '../../protocol/crypto.js';
import { categoryOf as catalogueCategoryOf } from '../../protocol/catalogue/table.js';
import { parseEnvelope } from '../../protocol/signed/envelope.js';
import { decodeCardCertificate, type CardCertificate } from '../../protocol/signed/card-cert.js';
import type { ReaderCertificate } from '../../protocol/signed/reader-cert.js';
import { receiptHash } from '../../protocol/signed/receipt.js';
import { openMerchantCertificate, verifyReceipt as verifyReceiptBytes } from '../../protocol/signed/verify.js';
import { verifyChain as verifyChainBytes, type ChainProblem } from '../../protocol/signed/chain.js';
import { defaultCrypto } from '../crypto/index.js';
import { DeviceStatusError } from '../errors.js';
import { messageFor } from '../status-messages.js';
import { receiptView, type Lang, type Receipt } from './receipt.js';

/** Options of {@link verifyReceipt} and {@link verifyChain}. */
export interface VerifyOptions {
  /** The issuer root public key: 32 bytes or 64 hex digits. */
  issuerRoot: Uint8Array | string;
  /** The reader certificate envelope; default: the one attached to the receipt. */
  readerCertificate?: Uint8Array;
  /** Crypto port; default: node:crypto under Node, @noble in browsers. */
  crypto?: CryptoPort;
  /**
   * Benefit -> category, to check that the reader was agreed for the benefit. Default: the
   * catalogue of protocol/catalogue; null skips the check.
   */
  categoryOf?: ((benefit: number) => number) | null;
  /** Language of benefit labels (default 'en'). */
  lang?: Lang;
}

function rootBytes(root: Uint8Array | string): Uint8Array {
  return typeof root === 'string' ? fromHex(root) : root;
}

function protocolOptions(o: VerifyOptions) {
  const opts: { issuerRoot: Uint8Array; readerCertificate?: Uint8Array; categoryOf?: (b: number) => number } = {
    issuerRoot: rootBytes(o.issuerRoot),
  };
  if (o.readerCertificate !== undefined) opts.readerCertificate = o.readerCertificate;
  if (o.categoryOf !== null) opts.categoryOf = o.categoryOf ?? catalogueCategoryOf;
  return opts;
}

/**
 * Verify a receipt envelope offline (spec §5.9) and return its view. Throws DeviceStatusError
 * (source 'host') with the failing status and `details.step` (e.g. RECEIPT_INVALID, 'readerSignature').
 */
export function verifyReceipt(bytes: Uint8Array, options: VerifyOptions): Receipt {
  const crypto = options.crypto ?? defaultCrypto();
  const v = verifyReceiptBytes(bytes, protocolOptions(options), crypto);
  if (v.status !== Status.OK) {
    throw new DeviceStatusError(v.status, {
      source: 'host',
      details: { step: v.step },
      message: `${messageFor(v.status)} (receipt check failed at step '${v.step}')`,
    });
  }
  return receiptView(
    bytes,
    receiptHash(bytes, crypto),
    v.receipt!,
    v.readerCertificate as ReaderCertificate,
    v.cardCertificate as CardCertificate,
    options.lang ?? 'en',
  );
}

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions extends VerifyOptions {
  /** The verified receipt just before the first one: the run must follow it. */
  previous?: Uint8Array;
}

/** The outcome of {@link verifyChain}. */
export interface ChainReport {
  /** True when every receipt verified and each follows the previous one. */
  ok: boolean;
  /** OK, or the status of the first problem (RECEIPT_INVALID for gap, replay, fork, reader). */
  status: number;
  /** Index of the first receipt with a problem, -1 when none. */
  index: number;
  /** 'edit' | 'invalid' | 'reader' | 'gap' | 'replay' | 'fork', null when none. */
  problem: ChainProblem | null;
  /** One sentence about the problem, '' when none. */
  message: string;
  /** The receipts that verified, in order, up to the first problem. */
  receipts: Receipt[];
}

const PROBLEM_TEXT: Record<ChainProblem, string> = {
  edit: 'its bytes are not what the reader signed',
  invalid: 'the reader signed it but it does not verify',
  reader: 'it belongs to another reader, or the reader certificate is not valid',
  gap: 'receipts are missing before it',
  replay: 'it repeats an earlier receipt',
  fork: 'it does not follow the previous receipt (another history)',
};

/** The card certificate inside a receipt that already verified (no second signature check). */
function cardCertificateOf(receiptBody: { cardCertificate: Uint8Array }): CardCertificate {
  const env = parseEnvelope(receiptBody.cardCertificate, false);
  return decodeCardCertificate(decode(env.body as Uint8Array) as never) as CardCertificate;
}

/**
 * Verify a run of one reader's receipts (spec §5.10): each receipt, then seq and prev links.
 * Never throws for a bad chain: the report names the first problem.
 */
export function verifyChain(receipts: Uint8Array[], options: VerifyChainOptions): ChainReport {
  const crypto = options.crypto ?? defaultCrypto();
  const opts = protocolOptions(options) as Parameters<typeof verifyChainBytes>[1];
  if (options.previous !== undefined) opts.previous = options.previous;
  const r = verifyChainBytes(receipts, opts, crypto);
  let cert: ReaderCertificate | null = null;
  const certBytes = options.readerCertificate ?? (receipts.length ? parseEnvelope(receipts[0], true).attachment : null);
  if (certBytes) cert = openMerchantCertificate(certBytes, rootBytes(options.issuerRoot), crypto).value;
  const views: Receipt[] = [];
  for (let i = 0; i < r.receipts.length; i++) {
    const body = r.receipts[i];
    const readerCert = cert ?? openMerchantCertificate(parseEnvelope(receipts[i], true).attachment as Uint8Array, rootBytes(options.issuerRoot), crypto).value!;
    views.push(receiptView(receipts[i], receiptHash(receipts[i], crypto), body, readerCert, cardCertificateOf(body), options.lang ?? 'en'));
  }
  const ok = r.status === Status.OK;
  return {
    ok,
    status: r.status,
    index: r.index,
    problem: r.problem,
    message: ok || !r.problem ? '' : `Receipt ${r.index}: ${PROBLEM_TEXT[r.problem]} (${messageFor(r.status)})`,
    receipts: views,
  };
}
