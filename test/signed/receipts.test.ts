/** test/vectors/receipts.json: reproducible bytes, and the verification result of every case. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Status, statusName } from '../../protocol/status.js';
import { fromHex } from '../../protocol/bytes/index.js';
import {
  openCardCertificate, openCardProof, openDenylistPart, openReaderCertificate, receiptHash, verifyChain, verifyReceipt,
} from '../../protocol/signed/index.js';
import { createBrowserCrypto, createNodeCrypto } from '../../sdk/crypto/index.js';
import { VECTORS_PATH, buildVectors, jsonOf } from './make-vectors.js';

const test = suite('signed/receipt vectors');
const file = JSON.parse(readFileSync(VECTORS_PATH, 'utf8'));
const crypto = createNodeCrypto();
const issuerRoot = fromHex(file.keys.issuerRoot);
const readerCertificate = fromHex(file.readerCertificate.envelope);
const receipts: Uint8Array[] = file.receipts.map((r: { envelope: string }) => fromHex(r.envelope));

test('regenerating with node:crypto gives the committed bytes', () => {
  assert.equal(JSON.parse(JSON.stringify(buildVectors(crypto))), file);
});

test('regenerating with @noble gives the committed bytes', () => {
  assert.equal(JSON.parse(JSON.stringify(buildVectors(createBrowserCrypto()))), file);
});

test('certificates, proofs and denylist open to the listed values', () => {
  assert.equal(jsonOf(openReaderCertificate(readerCertificate, issuerRoot, crypto).value), file.readerCertificate.value);
  const cc = openCardCertificate(fromHex(file.cardCertificate.envelope), issuerRoot, crypto);
  assert.equal(jsonOf(cc.value), file.cardCertificate.value);
  for (const p of file.cardProofs) {
    assert.equal(jsonOf(openCardProof(fromHex(p.envelope), fromHex(file.keys.cardPublicKey), crypto).value), p.value);
  }
  for (const d of file.denylist) assert.equal(jsonOf(openDenylistPart(fromHex(d.envelope), issuerRoot, crypto).value), d.value);
});

test('the three receipts verify, hash as listed and form a chain', () => {
  file.receipts.forEach((r: { value: unknown; hash: string }, i: number) => {
    const v = verifyReceipt(receipts[i], { issuerRoot, readerCertificate }, crypto);
    assert.is(v.status, Status.OK);
    assert.equal(jsonOf(v.receipt), r.value);
    assert.equal(receiptHash(receipts[i], crypto), fromHex(r.hash));
  });
  // Receipt 3 carries the reader certificate: it verifies with the issuer root alone.
  assert.is(verifyReceipt(receipts[2], { issuerRoot }, crypto).status, Status.OK);
  assert.is(verifyChain(receipts, { issuerRoot, readerCertificate }, crypto).status, Status.OK);
});

// Expected outcomes, written out independently of the generator.
const EXPECTED: Record<string, [string, string | null, number?]> = {
  'tampered-byte': ['RECEIPT_INVALID', 'readerSignature'],
  'wrong-issuer-reader-certificate': ['CERTIFICATE_INVALID', 'readerCertificate'],
  'wrong-issuer-card-certificate': ['CARD_NOT_AUTHENTIC', 'cardCertificate'],
  'proof-mismatch': ['RECEIPT_INVALID', 'proofMismatch'],
  'certificate-expired': ['CERTIFICATE_EXPIRED', 'readerBinding'],
  'no-reader-certificate': ['CERTIFICATE_INVALID', 'readerCertificate'],
  gap: ['RECEIPT_INVALID', 'gap', 1],
  replay: ['RECEIPT_INVALID', 'replay', 2],
  edit: ['RECEIPT_INVALID', 'edit', 1],
  fork: ['RECEIPT_INVALID', 'fork', 2],
  reader: ['RECEIPT_INVALID', 'reader', 1],
};

test('every negative case gives its documented result', () => {
  assert.equal(file.negative.map((n: { name: string }) => n.name).sort(), Object.keys(EXPECTED).sort());
  for (const n of file.negative) {
    const [name, what, index] = EXPECTED[n.name];
    const list = n.receipts.map(fromHex);
    const rc = n.readerCertificate === undefined ? undefined : fromHex(n.readerCertificate);
    assert.is(n.expect.statusName, name, n.name);
    if (index === undefined) {
      const v = verifyReceipt(list[0], { issuerRoot, readerCertificate: rc }, crypto);
      assert.equal([statusName(v.status), v.step], [name, what], n.name);
    } else {
      const v = verifyChain(list, { issuerRoot, readerCertificate: rc }, crypto);
      assert.equal([statusName(v.status), v.problem, v.index], [name, what, index], n.name);
    }
  }
});

test.run();
