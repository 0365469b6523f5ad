/** verifyChain: sequence and hash links; gap, replay, edit, fork, reader detection. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import {
  attachReaderCertificate, receiptHash, sealReaderCertificate, verifyChain, readerIdOf, ReaderMode,
} from '../../protocol/signed/index.js';
import { chainOf, crypto, issuerRoot, opts, readerCert, readerCertBytes, sealedReceipt, seeds, T0 } from './fixtures.js';

const test = suite('signed/verifyChain');
const [r1, r2, r3, r4] = chainOf(4);

function expect(list: Uint8Array[], status: number, index: number, problem: string | null, o: Parameters<typeof verifyChain>[1] = opts) {
  const v = verifyChain(list, o, crypto);
  assert.equal([v.status, v.index, v.problem], [status, index, problem]);
  return v;
}

test('a valid chain verifies; prev links are the hashes', () => {
  const v = expect([r1, r2, r3, r4], Status.OK, -1, null);
  assert.equal(v.receipts.map((r) => r.seq), [1, 2, 3, 4]);
  assert.equal(v.receipts[2].prev, receiptHash(r2, crypto));
  assert.equal(v.receipts[0].prev, new Uint8Array(32));
  expect([], Status.OK, -1, null);
});

test('a run may start mid-chain, or continue from a known previous receipt', () => {
  expect([r3, r4], Status.OK, -1, null);
  expect([r3, r4], Status.OK, -1, null, { ...opts, previous: r2 });
  expect([r4], Status.RECEIPT_INVALID, 0, 'gap', { ...opts, previous: r2 });
  expect([r2], Status.RECEIPT_INVALID, 0, 'replay', { ...opts, previous: r2 });
});

test('gap: a missing receipt', () => {
  expect([r1, r3, r4], Status.RECEIPT_INVALID, 1, 'gap');
  expect([r1, r2, r4], Status.RECEIPT_INVALID, 2, 'gap');
});

test('replay: the same receipt twice, or an older one again', () => {
  const v = expect([r1, r2, r2], Status.RECEIPT_INVALID, 2, 'replay');
  assert.is(v.receipts.length, 2);
  expect([r1, r2, r3, r1], Status.RECEIPT_INVALID, 3, 'replay');
  // The same receipt with and without its attachment is still a replay (hash ignores the attachment).
  expect([r1, r2, attachReaderCertificate(r2, readerCertBytes)], Status.RECEIPT_INVALID, 2, 'replay');
});

test('edit: a changed byte breaks the reader signature', () => {
  const bad = r2.slice();
  bad[40] ^= 0x80;
  expect([r1, bad, r3], Status.RECEIPT_INVALID, 1, 'edit');
  expect([new Uint8Array([0xff]), r2], Status.BAD_REQUEST, 0, 'edit');
});

test('fork: two receipts with one seq, or a prev that is not the previous hash', () => {
  const other2 = sealedReceipt({ counter: 2, balanceAfter: 99, time: T0 + 86400, prevTime: T0 }, { seq: 2, prev: receiptHash(r1, crypto), reference: 'other' });
  expect([r1, r2, other2], Status.RECEIPT_INVALID, 2, 'fork');
  expect([r1, other2, r3], Status.RECEIPT_INVALID, 2, 'fork');
  expect([r1, other2], Status.OK, -1, null);
});

test('reader: a receipt of another reader, or a reader certificate that does not verify', () => {
  const otherPub = crypto.publicKey(seeds.otherReader);
  const foreign = sealedReceipt({}, { readerId: readerIdOf(otherPub, crypto), seq: 2, prev: receiptHash(r1, crypto) });
  expect([r1, foreign], Status.RECEIPT_INVALID, 1, 'reader');
  const wrong = sealReaderCertificate(readerCert(), seeds.wrongIssuer, crypto);
  expect([r1, r2], Status.CERTIFICATE_INVALID, 0, 'reader', { issuerRoot, readerCertificate: wrong });
  const access = sealReaderCertificate(readerCert({ mode: ReaderMode.ACCESS, categories: [], establishment: 1 }), seeds.issuer, crypto);
  expect([r1], Status.WRONG_MODE, 0, 'reader', { issuerRoot, readerCertificate: access });
  // Without a certificate in the options, each receipt must carry one.
  expect([r1, r2], Status.CERTIFICATE_INVALID, 0, 'reader', { issuerRoot });
  const withCerts = [r1, r2].map((r) => attachReaderCertificate(r, readerCertBytes));
  expect(withCerts, Status.OK, -1, null, { issuerRoot });
});

test('invalid: signed by the reader but the card proof does not verify', () => {
  const bad = sealedReceipt({}, { seq: 2, prev: receiptHash(r1, crypto), cardProof: new Uint8Array([1]) });
  expect([r1, bad], Status.CARD_NOT_AUTHENTIC, 1, 'invalid');
});

test.run();
