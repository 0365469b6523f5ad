/**
 * Builds test/vectors/receipts.json: signed objects made with fixed seeds
 * (ed25519 is deterministic, so the bytes never change) and negative cases
 * with the verification result each must give.
 *
 *   node --import tsx test/signed/make-vectors.ts   # rewrites the JSON
 *
 * receipts.test.ts rebuilds the vectors and checks they equal the committed file.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CryptoPort } from '../../protocol/crypto.js';
import { toHex } from '../../protocol/bytes/index.js';
import { statusName } from '../../protocol/status.js';
import {
  CARD_CERT_DOMAIN, CARD_PROOF_DOMAIN, DENYLIST_DOMAIN, READER_CERT_DOMAIN, RECEIPT_DOMAIN, DenyKind, ReaderMode,
  ReceiptKind, RECEIPT_VERSION, readerIdOf, receiptHash, sealCardCertificate, sealCardProof, sealDenylistPart,
  sealReaderCertificate, sealReceipt, splitDenylist, verifyChain, verifyReceipt,
} from '../../protocol/signed/index.js';
import type { CardCertificate, CardProof, ReaderCertificate, Receipt } from '../../protocol/signed/index.js';

export const VECTORS_PATH = fileURLToPath(new URL('../vectors/receipts.json', import.meta.url));

/** 32 bytes of `b`. */
const seedOf = (b: number) => new Uint8Array(32).fill(b);
/** n bytes start, start+1, ... (mod 256). */
const run = (start: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

/** The fixed keys of the vectors. */
export function vectorKeys(crypto: CryptoPort) {
  const issuerSeed = seedOf(0x01);
  const readerSeed = seedOf(0x02);
  const cardSeed = seedOf(0x03);
  const wrongIssuerSeed = seedOf(0x04);
  const otherReaderSeed = seedOf(0x05);
  return {
    issuerSeed, readerSeed, cardSeed, wrongIssuerSeed, otherReaderSeed,
    issuerRoot: crypto.publicKey(issuerSeed),
    readerPublicKey: crypto.publicKey(readerSeed),
    cardPublicKey: crypto.publicKey(cardSeed),
    otherReaderPublicKey: crypto.publicKey(otherReaderSeed),
  };
}

/** JSON form of a decoded object: byte strings as lower-case hex. */
export function jsonOf(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map(jsonOf);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = jsonOf(x);
    return out;
  }
  return v;
}

/** Expected outcome of verifying a negative case. */
interface Expect { status: number; statusName: string; step?: string; problem?: string | null; index?: number }

/** Build every vector with `crypto` (node and noble must give identical output). */
export function buildVectors(crypto: CryptoPort) {
  const k = vectorKeys(crypto);
  const readerId = readerIdOf(k.readerPublicKey, crypto);

  const readerCert: ReaderCertificate = {
    readerId, readerPublicKey: k.readerPublicKey, partnerId: 4242, partnerName: 'Cinéma Le Zola',
    mode: ReaderMode.MERCHANT, categories: [1, 3], notBefore: 1725141600, notAfter: 1756677599,
  };
  const readerCertBytes = sealReaderCertificate(readerCert, k.issuerSeed, crypto);

  const cardId = Uint8Array.of(0x50, 0x52, 0x24, 0x00, 0x00, 0x01, 0x23, 0x45);
  const cardCert: CardCertificate = {
    cardId, cardPublicKey: k.cardPublicKey, establishment: 690001, campaign: 2024,
    holderName: 'Camille Martin', profileFlags: 0, issuedAt: 1718092800,
  };
  const cardCertBytes = sealCardCertificate(cardCert, k.issuerSeed, crypto);

  // Three cinema tickets (benefit 7, illustrative code; 1 unit each, 1 € co-payment).
  const T0 = 1726561800;
  const proofs: CardProof[] = [];
  const proofBytes: Uint8Array[] = [];
  const receipts: Receipt[] = [];
  const receiptBytes: Uint8Array[] = [];
  let prev: Uint8Array = new Uint8Array(32);
  for (let i = 0; i < 3; i++) {
    const time = T0 + i * 86400;
    const proof: CardProof = {
      cardId, counter: i + 1, benefit: 7, campaign: 2024, amount: 1, balanceAfter: 4 - i,
      challenge: run(0xa0 + 16 * i, 16), time, prevTime: i === 0 ? 0 : T0 + (i - 1) * 86400, readerId,
    };
    const pb = sealCardProof(proof, k.cardSeed, crypto);
    const receipt: Receipt = {
      version: RECEIPT_VERSION, readerId, seq: i + 1, prev, time, cardId, cardCounter: proof.counter,
      cardTime: proof.prevTime, benefit: 7, campaign: 2024, amount: 1, balanceAfter: proof.balanceAfter,
      copay: 100, reference: 'T-00012' + (3 + i), requestId: run(0x10 * (i + 1), 16), cardProof: pb,
      cardCertificate: cardCertBytes, kind: i === 2 ? ReceiptKind.RECOVERED : ReceiptKind.DEBIT,
    };
    // The third receipt carries the reader certificate as attachment.
    const rb = sealReceipt(receipt, k.readerSeed, crypto, i === 2 ? readerCertBytes : undefined);
    proofs.push(proof);
    proofBytes.push(pb);
    receipts.push(receipt);
    receiptBytes.push(rb);
    prev = receiptHash(rb, crypto);
  }

  const denylist = splitDenylist(7, 1726000000, [
    { cardId: Uint8Array.of(0x50, 0x52, 0x24, 0x00, 0x00, 0x09, 0x99, 0x01), kind: DenyKind.SUSPENDED, benefits: [7], until: 1756677599 },
    { cardId: Uint8Array.of(0x50, 0x52, 0x23, 0x00, 0x00, 0x00, 0x42, 0x17), kind: DenyKind.REVOKED, benefits: [], until: 0 },
  ]);
  const denylistBytes = denylist.map((d) => sealDenylistPart(d, k.issuerSeed, crypto));

  // ---- negative cases ----
  const opts = { issuerRoot: k.issuerRoot, readerCertificate: readerCertBytes };
  const negatives: { name: string; description: string; receipts: string[]; readerCertificate?: string; expect: Expect }[] = [];
  const single = (name: string, description: string, bytes: Uint8Array, rc: Uint8Array | undefined) => {
    const v = verifyReceipt(bytes, { issuerRoot: k.issuerRoot, readerCertificate: rc }, crypto);
    negatives.push({
      name, description, receipts: [toHex(bytes)], readerCertificate: rc && toHex(rc),
      expect: { status: v.status, statusName: statusName(v.status), step: v.step },
    });
  };
  const chain = (name: string, description: string, list: Uint8Array[]) => {
    const v = verifyChain(list, opts, crypto);
    negatives.push({
      name, description, receipts: list.map(toHex), readerCertificate: toHex(readerCertBytes),
      expect: { status: v.status, statusName: statusName(v.status), problem: v.problem, index: v.index },
    });
  };

  const tampered = receiptBytes[1].slice();
  tampered[tampered.length - 100] ^= 0x01; // a byte inside the signed body
  single('tampered-byte', 'receipt 2 with one body byte flipped: the reader signature fails', tampered, readerCertBytes);

  const wrongIssuerCert = sealReaderCertificate(readerCert, k.wrongIssuerSeed, crypto);
  single('wrong-issuer-reader-certificate', 'receipt 1 checked with a reader certificate signed by another key', receiptBytes[0], wrongIssuerCert);

  const forgedCardCert = sealCardCertificate(cardCert, k.wrongIssuerSeed, crypto);
  const forged = sealReceipt({ ...receipts[0], cardCertificate: forgedCardCert }, k.readerSeed, crypto);
  single('wrong-issuer-card-certificate', 'a receipt whose card certificate is signed by another key', forged, readerCertBytes);

  const mismatch = sealReceipt({ ...receipts[0], amount: 2, balanceAfter: 3 }, k.readerSeed, crypto);
  single('proof-mismatch', 'the reader signs amount 2 while the card proof says 1', mismatch, readerCertBytes);

  const late = sealReceipt({ ...receipts[0], time: readerCert.notAfter + 1 }, k.readerSeed, crypto);
  single('certificate-expired', 'a receipt dated one second after the reader certificate ends', late, readerCertBytes);

  single('no-reader-certificate', 'receipt 1 (no attachment) verified without a reader certificate', receiptBytes[0], undefined);

  chain('gap', 'receipts 1 and 3: receipt 2 is missing', [receiptBytes[0], receiptBytes[2]]);
  chain('replay', 'receipts 1, 2, 2: receipt 2 presented twice', [receiptBytes[0], receiptBytes[1], receiptBytes[1]]);
  chain('edit', 'receipts 1, 2 (one byte flipped), 3', [receiptBytes[0], tampered, receiptBytes[2]]);
  const other = sealReceipt({ ...receipts[1], amount: 1, reference: 'T-999999' }, k.readerSeed, crypto);
  chain('fork', 'receipts 1, 2\' (another receipt 2 signed by the same reader), 3', [receiptBytes[0], other, receiptBytes[2]]);
  const otherReaderId = readerIdOf(k.otherReaderPublicKey, crypto);
  const foreign = sealReceipt({ ...receipts[1], readerId: otherReaderId }, k.otherReaderSeed, crypto);
  chain('reader', 'receipts 1, then a receipt 2 of another reader', [receiptBytes[0], foreign]);

  const hex = (b: Uint8Array) => toHex(b);
  return {
    description:
      'Signed objects of protocol v1 (spec §5) made with fixed ed25519 seeds: issuer root 32 x 0x01, reader 32 x 0x02, ' +
      'card 32 x 0x03 (wrong issuer 0x04, other reader 0x05). Byte strings are lower-case hex. Benefit and category ' +
      'codes are illustrative. Regenerate with `node --import tsx test/signed/make-vectors.ts`.',
    keys: {
      issuerSeed: hex(k.issuerSeed), issuerRoot: hex(k.issuerRoot),
      readerSeed: hex(k.readerSeed), readerPublicKey: hex(k.readerPublicKey), readerId: hex(readerId),
      cardSeed: hex(k.cardSeed), cardPublicKey: hex(k.cardPublicKey),
    },
    tags: {
      cardCertificate: hex(CARD_CERT_DOMAIN.tag), readerCertificate: hex(READER_CERT_DOMAIN.tag),
      denylist: hex(DENYLIST_DOMAIN.tag), cardProof: hex(CARD_PROOF_DOMAIN.tag), receipt: hex(RECEIPT_DOMAIN.tag),
    },
    readerCertificate: { value: jsonOf(readerCert), envelope: hex(readerCertBytes) },
    cardCertificate: { value: jsonOf(cardCert), envelope: hex(cardCertBytes) },
    cardProofs: proofs.map((p, i) => ({ value: jsonOf(p), envelope: hex(proofBytes[i]) })),
    receipts: receipts.map((r, i) => ({
      value: jsonOf(r), envelope: hex(receiptBytes[i]), hash: hex(receiptHash(receiptBytes[i], crypto)),
    })),
    denylist: denylist.map((d, i) => ({ value: jsonOf(d), envelope: hex(denylistBytes[i]) })),
    negative: negatives,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { createNodeCrypto } = await import('../../sdk/crypto/node.js');
  writeFileSync(VECTORS_PATH, JSON.stringify(buildVectors(createNodeCrypto()), null, 2) + '\n');
  console.log('wrote', VECTORS_PATH);
}
