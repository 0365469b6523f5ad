/** verifyReceipt: a valid receipt verifies; every failure path returns its status at its step. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { encode } from '../../protocol/cbor/index.js';
import {
  RECEIPT_DOMAIN, ReaderMode, encodeReceipt, parseEnvelope, sealBytes, sealCardCertificate, sealCardProof,
  sealReaderCertificate, sealReceipt, verifyReceipt, buildEnvelope, readerIdOf,
} from '../../protocol/signed/index.js';
import type { CardProof, Receipt } from '../../protocol/signed/index.js';
import {
  T0, cardCert, crypto, issuerRoot, opts, proof, readerCert, readerCertBytes, receipt, sealedReceipt, seeds,
} from './fixtures.js';

const test = suite('signed/verifyReceipt');

function expect(bytes: Uint8Array, status: number, step: string, o: Parameters<typeof verifyReceipt>[1] = opts) {
  const v = verifyReceipt(bytes, o, crypto);
  assert.equal([v.status, v.step], [status, step]);
  return v;
}

test('a valid receipt verifies and returns every decoded object', () => {
  const v = expect(sealedReceipt(), Status.OK, '');
  assert.is(v.receipt!.amount, 1);
  assert.equal(v.readerCertificate, readerCert());
  assert.equal(v.cardCertificate, cardCert());
  assert.equal(v.cardProof, proof());
});

test('envelope: garbage, non-canonical, wrong shape', () => {
  expect(new Uint8Array([0xff]), Status.BAD_REQUEST, 'envelope');
  expect(encode([1, 2]), Status.BAD_REQUEST, 'envelope');
  expect(new Uint8Array([0xa1, 0x18, 0x01, 0x41, 0x00]), Status.NON_CANONICAL, 'envelope');
});

test('reader certificate: missing, wrong issuer, access mode, taken from the attachment', () => {
  const r = sealedReceipt();
  expect(r, Status.CERTIFICATE_INVALID, 'readerCertificate', { issuerRoot });
  const wrong = sealReaderCertificate(readerCert(), seeds.wrongIssuer, crypto);
  expect(r, Status.CERTIFICATE_INVALID, 'readerCertificate', { issuerRoot, readerCertificate: wrong });
  expect(r, Status.CERTIFICATE_INVALID, 'readerCertificate', { issuerRoot, readerCertificate: new Uint8Array([1]) });
  const access = sealReaderCertificate(readerCert({ mode: ReaderMode.ACCESS, categories: [], establishment: 1 }), seeds.issuer, crypto);
  expect(r, Status.WRONG_MODE, 'readerCertificate', { issuerRoot, readerCertificate: access });
  // From the attachment when the options hold none; the options win when both are present.
  const attached = sealedReceipt({}, {}, readerCertBytes);
  expect(attached, Status.OK, '', { issuerRoot });
  const badAttached = sealedReceipt({}, {}, wrong);
  expect(badAttached, Status.CERTIFICATE_INVALID, 'readerCertificate', { issuerRoot });
  expect(badAttached, Status.OK, '', opts);
});

test('reader signature: signed by another key, or any body byte changed', () => {
  const p = proof();
  const pb = sealCardProof(p, seeds.card, crypto);
  expect(sealReceipt(receipt(p, pb), seeds.otherReader, crypto), Status.RECEIPT_INVALID, 'readerSignature');
  const good = sealedReceipt();
  const env = parseEnvelope(good, true);
  const sig = env.signature!.slice();
  sig[0] ^= 1;
  expect(buildEnvelope(env.body!, sig, null), Status.RECEIPT_INVALID, 'readerSignature');
});

test('every single-byte change of a receipt is rejected, without throwing', () => {
  const good = sealedReceipt();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const bad = good.slice();
      bad[at] ^= x;
      assert.is.not(verifyReceipt(bad, opts, crypto).status, Status.OK);
    }),
    { numRuns: 200 },
  );
});

function sealBody(r: Receipt, mutate: (m: Record<number, unknown>) => void) {
  const m = encodeReceipt(r) as Record<number, unknown>;
  mutate(m);
  return sealBytes(RECEIPT_DOMAIN, encode(m as never), seeds.reader, crypto);
}

test('body: version, missing or invalid fields, non-canonical bytes (all signed by the reader)', () => {
  const p = proof();
  const r = receipt(p, sealCardProof(p, seeds.card, crypto));
  expect(sealBody(r, (m) => { m[1] = 2; }), Status.UNSUPPORTED_VERSION, 'body');
  expect(sealBody(r, (m) => { delete m[11]; }), Status.BAD_REQUEST, 'body');
  expect(sealBody(r, (m) => { m[19] = 0; }), Status.BAD_REQUEST, 'body');
  expect(sealBody(r, (m) => { m[1] = 'one'; }), Status.BAD_REQUEST, 'body');
  expect(sealBytes(RECEIPT_DOMAIN, new Uint8Array([0xa1, 0x18, 0x01, 0x01]), seeds.reader, crypto), Status.NON_CANONICAL, 'body');
  expect(sealBytes(RECEIPT_DOMAIN, encode([1]), seeds.reader, crypto), Status.BAD_REQUEST, 'body');
});

test('reader binding: readerId, validity window, agreed category', () => {
  expect(sealedReceipt({}, { readerId: readerIdOf(crypto.publicKey(seeds.otherReader), crypto) }), Status.CERTIFICATE_INVALID, 'readerBinding');
  const c = readerCert();
  expect(sealedReceipt({ time: c.notBefore - 1 }), Status.CERTIFICATE_EXPIRED, 'readerBinding');
  expect(sealedReceipt({ time: c.notBefore }), Status.OK, '');
  expect(sealedReceipt({ time: c.notAfter }), Status.OK, '');
  expect(sealedReceipt({ time: c.notAfter + 1 }), Status.CERTIFICATE_EXPIRED, 'readerBinding');
  const r = sealedReceipt({ benefit: 7 });
  expect(r, Status.CATEGORY_NOT_AGREED, 'readerBinding', { ...opts, categoryOf: (b) => (b === 7 ? 2 : 1) });
  expect(r, Status.OK, '', { ...opts, categoryOf: (b) => (b === 7 ? 3 : 2) });
});

test('card certificate: wrong issuer, another card, garbage', () => {
  const forged = sealCardCertificate(cardCert(), seeds.wrongIssuer, crypto);
  expect(sealedReceipt({}, { cardCertificate: forged }), Status.CARD_NOT_AUTHENTIC, 'cardCertificate');
  const other = sealCardCertificate(cardCert({ cardId: new Uint8Array(8).fill(9) }), seeds.issuer, crypto);
  expect(sealedReceipt({}, { cardCertificate: other }), Status.CARD_NOT_AUTHENTIC, 'cardCertificate');
  expect(sealedReceipt({}, { cardCertificate: new Uint8Array([0xa0]) }), Status.CARD_NOT_AUTHENTIC, 'cardCertificate');
});

test('card proof: another card key, garbage', () => {
  const p = proof();
  const foreign = sealCardProof(p, seeds.otherCard, crypto);
  const r = sealReceipt(receipt(p, foreign), seeds.reader, crypto);
  expect(r, Status.CARD_NOT_AUTHENTIC, 'cardProof');
  expect(sealReceipt(receipt(p, new Uint8Array([1, 2])), seeds.reader, crypto), Status.CARD_NOT_AUTHENTIC, 'cardProof');
});

test('proof mismatch: each field the proof shares with the receipt', () => {
  const p = proof({ counter: 5, prevTime: T0 - 100 });
  const pb = sealCardProof(p, seeds.card, crypto);
  const changes: Partial<Receipt>[] = [
    { cardCounter: 6 }, { benefit: 8 }, { campaign: 2023 }, { amount: 2 }, { balanceAfter: 3 }, { time: T0 + 1 },
    { cardTime: T0 - 99 },
  ];
  for (const c of changes) {
    expect(sealReceipt(receipt(p, pb, c), seeds.reader, crypto), Status.RECEIPT_INVALID, 'proofMismatch');
  }
  // A proof about another card id, wrapped in this card's receipt.
  const q: CardProof = proof({ cardId: new Uint8Array(8).fill(7) });
  const qb = sealCardProof(q, seeds.card, crypto);
  expect(sealReceipt(receipt(p, qb), seeds.reader, crypto), Status.RECEIPT_INVALID, 'proofMismatch');
  // Fields the proof does not carry may differ freely.
  expect(sealReceipt(receipt(p, pb, { copay: 0, reference: 'other', kind: 2 }), seeds.reader, crypto), Status.OK, '');
});

test.run();
