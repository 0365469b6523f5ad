/** Shared fixtures of the signed-object tests: fixed keys, certificates and a receipt factory. */
import type { CryptoPort } from '../../protocol/crypto.js';
import {
  ReaderMode, ReceiptKind, RECEIPT_VERSION, readerIdOf, receiptHash, sealCardCertificate, sealCardProof,
  sealReaderCertificate, sealReceipt,
} from '../../protocol/signed/index.js';
import type { CardCertificate, CardProof, ReaderCertificate, Receipt } from '../../protocol/signed/index.js';
import { createNodeCrypto } from '../../sdk/crypto/node.js';

export const crypto: CryptoPort = createNodeCrypto();

export const seeds = {
  issuer: new Uint8Array(32).fill(0x01),
  reader: new Uint8Array(32).fill(0x02),
  card: new Uint8Array(32).fill(0x03),
  wrongIssuer: new Uint8Array(32).fill(0x04),
  otherReader: new Uint8Array(32).fill(0x05),
  otherCard: new Uint8Array(32).fill(0x06),
};

export const issuerRoot = crypto.publicKey(seeds.issuer);
export const readerPublicKey = crypto.publicKey(seeds.reader);
export const readerId = readerIdOf(readerPublicKey, crypto);
export const cardId = Uint8Array.of(0x50, 0x52, 0x24, 0, 0, 1, 0x23, 0x45);

export function readerCert(over: Partial<ReaderCertificate> = {}): ReaderCertificate {
  return {
    readerId, readerPublicKey, partnerId: 4242, partnerName: 'Cinéma Le Zola', mode: ReaderMode.MERCHANT,
    categories: [1, 3], notBefore: 1725141600, notAfter: 1756677599, ...over,
  };
}

export function cardCert(over: Partial<CardCertificate> = {}): CardCertificate {
  return {
    cardId, cardPublicKey: crypto.publicKey(seeds.card), establishment: 690001, campaign: 2024,
    holderName: 'Camille Martin', profileFlags: 0, issuedAt: 1718092800, ...over,
  };
}

export const readerCertBytes = sealReaderCertificate(readerCert(), seeds.issuer, crypto);
export const cardCertBytes = sealCardCertificate(cardCert(), seeds.issuer, crypto);

export const T0 = 1726561800;

export function proof(over: Partial<CardProof> = {}): CardProof {
  return {
    cardId, counter: 1, benefit: 7, campaign: 2024, amount: 1, balanceAfter: 4,
    challenge: new Uint8Array(16).fill(0xa5), time: T0, prevTime: 0, readerId, ...over,
  };
}

/** A receipt body consistent with `p` (seq 1 unless overridden). */
export function receipt(p: CardProof, proofBytes: Uint8Array, over: Partial<Receipt> = {}): Receipt {
  return {
    version: RECEIPT_VERSION, readerId, seq: 1, prev: new Uint8Array(32), time: p.time, cardId: p.cardId,
    cardCounter: p.counter, cardTime: p.prevTime, benefit: p.benefit, campaign: p.campaign, amount: p.amount,
    balanceAfter: p.balanceAfter, copay: 100, reference: 'T-000123', requestId: new Uint8Array(16).fill(0x11),
    cardProof: proofBytes, cardCertificate: cardCertBytes, kind: ReceiptKind.DEBIT, ...over,
  };
}

/** A valid sealed receipt, with optional overrides of the proof and of the receipt. */
export function sealedReceipt(proofOver: Partial<CardProof> = {}, receiptOver: Partial<Receipt> = {}, attach?: Uint8Array): Uint8Array {
  const p = proof(proofOver);
  const pb = sealCardProof(p, seeds.card, crypto);
  return sealReceipt(receipt(p, pb, receiptOver), seeds.reader, crypto, attach);
}

/** `n` chained valid receipts (seq 1..n), one debit a day. */
export function chainOf(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev: Uint8Array = new Uint8Array(32);
  for (let i = 0; i < n; i++) {
    const r = sealedReceipt(
      { counter: i + 1, balanceAfter: 100 - i, time: T0 + i * 86400, prevTime: i === 0 ? 0 : T0 + (i - 1) * 86400 },
      { seq: i + 1, prev },
    );
    out.push(r);
    prev = receiptHash(r, crypto);
  }
  return out;
}

export const opts = { issuerRoot, readerCertificate: readerCertBytes };
