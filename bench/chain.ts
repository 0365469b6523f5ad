/**
 * A run of one reader's receipts, hand-built with the fixed seeds of
 * test/vectors/receipts.json (issuer, reader, card): each receipt embeds a
 * card proof signed by the card key and links to the previous one by hash.
 */
import type { CryptoPort } from '../protocol/crypto.js';
import { sealCardProof } from '../protocol/signed/card-proof.js';
import { sealCardCertificate } from '../protocol/signed/card-cert.js';
import { receiptHash, sealReceipt, ReceiptKind } from '../protocol/signed/receipt.js';
import { fromHex, loadVectors } from '../test/vectors/load.js';

interface ReceiptVectors {
  keys: { issuerSeed: string; issuerRoot: string; readerSeed: string; readerId: string; cardSeed: string };
  readerCertificate: { envelope: string };
  cardCertificate: { envelope: string; value: { cardId: string } };
  receipts: { envelope: string }[];
}

/** What a verifier needs, plus the receipts. */
export interface ReceiptFixture {
  issuerRoot: Uint8Array;
  readerCertificate: Uint8Array;
  /** The vector receipt that carries the reader certificate as attachment (receipts[2]). */
  single: Uint8Array;
  /** `n` chained receipts without attachment, seq 1..n, all of one card. */
  chain: Uint8Array[];
  /** The same with a different card (own key and certificate) for every receipt, as a reader's day looks. */
  manyCards: Uint8Array[];
}

/** A card seed and id numbered `i` (deterministic). */
function cardOf(i: number, crypto: CryptoPort): { seed: Uint8Array; id: Uint8Array } {
  const seed = crypto.sha256(Uint8Array.of(0xca, 0x7d, i >> 8, i & 0xff));
  return { seed, id: seed.slice(0, 8) };
}

/** Build the fixture (signing with `crypto`). */
export function receiptFixture(n: number, crypto: CryptoPort): ReceiptFixture {
  return { ...chainOf(n, crypto, false), manyCards: chainOf(n, crypto, true).chain };
}

function chainOf(n: number, crypto: CryptoPort, distinct: boolean): Omit<ReceiptFixture, 'manyCards'> {
  const v = loadVectors<ReceiptVectors>('receipts');
  const issuerSeed = fromHex(v.keys.issuerSeed);
  const readerSeed = fromHex(v.keys.readerSeed);
  const cardSeed = fromHex(v.keys.cardSeed);
  const readerId = fromHex(v.keys.readerId);
  const cardId = fromHex(v.cardCertificate.value.cardId);
  const cardCertificate = fromHex(v.cardCertificate.envelope);
  const chain: Uint8Array[] = [];
  let prev: Uint8Array = new Uint8Array(32);
  let prevTime = 0;
  const t0 = 1726561800; // inside the vector reader certificate's window
  for (let i = 1; i <= n; i++) {
    let cardSeedI = cardSeed;
    let cardIdI = cardId;
    let cardCertificateI = cardCertificate;
    if (distinct) {
      const c = cardOf(i, crypto);
      cardSeedI = c.seed;
      cardIdI = c.id;
      cardCertificateI = sealCardCertificate({
        cardId: c.id, cardPublicKey: crypto.publicKey(c.seed), establishment: 690001, campaign: 2024,
        holderName: 'Holder ' + i, profileFlags: 0, issuedAt: 1718092800,
      }, issuerSeed, crypto);
    }
    const time = t0 + i * 60;
    const challenge = new Uint8Array(16).fill(i & 0xff);
    const balanceAfter = 100000 - i * 100;
    const cardProof = sealCardProof(
      { cardId: cardIdI, counter: distinct ? 1 : i, benefit: 9, campaign: 2024, amount: 100, balanceAfter, challenge, time, prevTime: distinct ? 0 : prevTime, readerId },
      cardSeedI,
      crypto,
    );
    const receipt = sealReceipt(
      {
        version: 1, readerId, seq: i, prev, time, cardId: cardIdI, cardCounter: distinct ? 1 : i, cardTime: distinct ? 0 : prevTime,
        benefit: 9, campaign: 2024, amount: 100, balanceAfter, reference: 'INV-' + i, requestId: new Uint8Array(16).fill(i & 0xff),
        cardProof, cardCertificate: cardCertificateI, kind: ReceiptKind.DEBIT,
      },
      readerSeed,
      crypto,
    );
    chain.push(receipt);
    prev = receiptHash(receipt, crypto);
    prevTime = time;
  }
  return {
    issuerRoot: fromHex(v.keys.issuerRoot),
    readerCertificate: fromHex(v.readerCertificate.envelope),
    single: fromHex(v.receipts[2].envelope),
    chain,
  };
}
