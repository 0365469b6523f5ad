/** Field tables, encode/decode/validate of each signed object, denylist splitting, receipt hashing. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { decode, encode } from '../../protocol/cbor/index.js';
import type { CborMap } from '../../protocol/cbor/index.js';
import {
  CARD_CERT_FIELDS, CARD_PROOF_FIELDS, DENYLIST_FIELDS, READER_CERT_FIELDS, RECEIPT_FIELDS, READER_CERT_DOMAIN,
  DenyKind, ReaderMode, attachReaderCertificate, decodeCardCertificate, decodeCardProof, decodeDenylistPart,
  decodeReaderCertificate, decodeReceipt, encodeCardCertificate, encodeCardProof, encodeDenylistPart,
  encodeReaderCertificate, encodeReceipt, openCardCertificate, openCardProof, openDenylistPart,
  openReaderCertificate, openReceipt, receiptCore, receiptHash, seal, sealCardCertificate, sealCardProof,
  sealDenylistPart, sealReaderCertificate, splitDenylist, compareCardIds, readerIdOf,
} from '../../protocol/signed/index.js';
import type { DenylistEntry } from '../../protocol/signed/index.js';
import { fieldKey } from '../../protocol/messages/index.js';
import {
  cardCert, cardCertBytes, crypto, issuerRoot, proof, readerCert, readerCertBytes, receipt, sealedReceipt, seeds,
} from './fixtures.js';

const test = suite('signed/objects');

function throwsCode(fn: () => unknown, code: number, what: string) {
  try {
    fn();
  } catch (e) {
    assert.ok(isCodedError(e), what + ': coded error');
    assert.is((e as { code: number }).code, code, what);
    return;
  }
  assert.unreachable(what + ' did not throw');
}

test('field tables: unique keys and names, keys from 1 up without holes', () => {
  for (const table of [CARD_CERT_FIELDS, READER_CERT_FIELDS, DENYLIST_FIELDS, CARD_PROOF_FIELDS, RECEIPT_FIELDS]) {
    // Tables are objects keyed by field name (names unique by construction): one name per key.
    const keys = Object.values(table).map(fieldKey);
    assert.equal(keys, keys.map((_, i) => i + 1));
    assert.is(new Set(Object.keys(table)).size, keys.length);
  }
});

test('card certificate: round trip, optional generation, constraints', () => {
  const c = cardCert();
  assert.equal(decodeCardCertificate(decode(encode(encodeCardCertificate(c))) as CborMap), c);
  const g = cardCert({ cardGeneration: 2 });
  assert.equal(decodeCardCertificate(encodeCardCertificate(g)), g);
  assert.is(encodeCardCertificate(c)[8], undefined);
  throwsCode(() => encodeCardCertificate(cardCert({ cardId: new Uint8Array(7) })), Status.BAD_REQUEST, 'short card id');
  throwsCode(() => encodeCardCertificate(cardCert({ holderName: 'é'.repeat(21) })), Status.BAD_REQUEST, '42-byte name');
  assert.ok(encodeCardCertificate(cardCert({ holderName: 'é'.repeat(20) })));
  throwsCode(() => encodeCardCertificate(cardCert({ holderName: '' })), Status.BAD_REQUEST, 'empty name');
  throwsCode(() => encodeCardCertificate(cardCert({ campaign: -1 })), Status.BAD_REQUEST, 'negative');
  throwsCode(() => encodeCardCertificate(cardCert({ issuedAt: 1.5 })), Status.BAD_REQUEST, 'fraction');
  throwsCode(() => encodeCardCertificate({ ...cardCert(), cardPublicKey: undefined } as never), Status.BAD_REQUEST, 'missing key');
  const m = encodeCardCertificate(c);
  assert.is(decodeCardCertificate({ ...m, 9: 1 }), null, 'unknown key');
  assert.is(decodeCardCertificate({ ...m, 5: new Uint8Array(3) }), null, 'name as bytes');
  const { 2: _drop, ...missing } = m;
  assert.is(decodeCardCertificate(missing), null, 'missing public key');
});

test('card certificate: open gives CARD_NOT_AUTHENTIC with the cause', () => {
  const ok = openCardCertificate(cardCertBytes, issuerRoot, crypto);
  assert.is(ok.status, Status.OK);
  assert.equal(ok.value, cardCert());
  const wrong = openCardCertificate(sealCardCertificate(cardCert(), seeds.wrongIssuer, crypto), issuerRoot, crypto);
  assert.equal([wrong.status, wrong.cause, wrong.value], [Status.CARD_NOT_AUTHENTIC, Status.CARD_NOT_AUTHENTIC, null]);
  const junk = openCardCertificate(new Uint8Array([0xff]), issuerRoot, crypto);
  assert.equal([junk.status, junk.cause], [Status.CARD_NOT_AUTHENTIC, Status.BAD_REQUEST]);
  const badBody = seal(READER_CERT_DOMAIN, { 1: 1 }, seeds.issuer, crypto);
  const o = openReaderCertificate(badBody, issuerRoot, crypto);
  assert.equal([o.status, o.cause], [Status.CERTIFICATE_INVALID, Status.BAD_REQUEST]);
});

test('reader certificate: round trip and cross-field rules', () => {
  const c = readerCert();
  assert.equal(decodeReaderCertificate(encodeReaderCertificate(c)), c);
  const access = readerCert({ mode: ReaderMode.ACCESS, categories: [], establishment: 690001 });
  assert.equal(decodeReaderCertificate(encodeReaderCertificate(access)), access);
  throwsCode(() => encodeReaderCertificate(readerCert({ categories: [] })), Status.BAD_REQUEST, 'merchant without category');
  throwsCode(() => encodeReaderCertificate(readerCert({ establishment: 1 })), Status.BAD_REQUEST, 'merchant with establishment');
  throwsCode(() => encodeReaderCertificate(readerCert({ mode: ReaderMode.ACCESS, categories: [] })), Status.BAD_REQUEST, 'access without establishment');
  throwsCode(() => encodeReaderCertificate(readerCert({ mode: ReaderMode.ACCESS, categories: [1], establishment: 1 })), Status.BAD_REQUEST, 'access with category');
  throwsCode(() => encodeReaderCertificate(readerCert({ mode: 3 })), Status.BAD_REQUEST, 'mode 3');
  throwsCode(() => encodeReaderCertificate(readerCert({ categories: [3, 1] })), Status.BAD_REQUEST, 'unsorted categories');
  throwsCode(() => encodeReaderCertificate(readerCert({ categories: [1, 1] })), Status.BAD_REQUEST, 'duplicate category');
  throwsCode(() => encodeReaderCertificate(readerCert({ notBefore: 10, notAfter: 9 })), Status.BAD_REQUEST, 'window');
  throwsCode(() => encodeReaderCertificate(readerCert({ partnerName: 'x'.repeat(65) })), Status.BAD_REQUEST, 'long name');
});

test('reader certificate: readerId must be SHA-256(key)[0..8]', () => {
  assert.equal(readerIdOf(readerCert().readerPublicKey, crypto), crypto.sha256(readerCert().readerPublicKey).subarray(0, 8));
  const bad = readerCert({ readerId: new Uint8Array(8) });
  throwsCode(() => sealReaderCertificate(bad, seeds.issuer, crypto), Status.BAD_REQUEST, 'seal with wrong id');
  const forced = seal(READER_CERT_DOMAIN, encodeReaderCertificate(bad), seeds.issuer, crypto);
  const o = openReaderCertificate(forced, issuerRoot, crypto);
  assert.equal([o.status, o.cause], [Status.CERTIFICATE_INVALID, Status.BAD_REQUEST]);
  assert.equal(openReaderCertificate(readerCertBytes, issuerRoot, crypto).value, readerCert());
});

test('card proof: round trip, challenge length, counter from 1', () => {
  const p = proof();
  assert.equal(decodeCardProof(encodeCardProof(p)), p);
  throwsCode(() => encodeCardProof(proof({ challenge: new Uint8Array(15) })), Status.BAD_REQUEST, 'challenge');
  throwsCode(() => encodeCardProof(proof({ counter: 0 })), Status.BAD_REQUEST, 'counter 0');
  const env = sealCardProof(p, seeds.card, crypto);
  assert.equal(openCardProof(env, crypto.publicKey(seeds.card), crypto).value, p);
  assert.is(openCardProof(env, crypto.publicKey(seeds.otherCard), crypto).status, Status.CARD_NOT_AUTHENTIC);
});

const entry = (id: number, kind: number, benefits: number[] = [], until = 0): DenylistEntry => ({
  cardId: Uint8Array.of(0x50, 0x52, 0, 0, 0, 0, id >> 8, id & 0xff), kind, benefits, until,
});

test('denylist part: round trip, entry rules, sorted entries', () => {
  const d = { version: 3, issuedAt: 1726000000, part: 0, parts: 1, entries: [entry(1, DenyKind.REVOKED), entry(2, DenyKind.SUSPENDED, [4, 7], 1756677599)] };
  assert.equal(decodeDenylistPart(decode(encode(encodeDenylistPart(d))) as CborMap), d);
  const env = sealDenylistPart(d, seeds.issuer, crypto);
  assert.equal(openDenylistPart(env, issuerRoot, crypto).value, d);
  assert.is(openDenylistPart(env, crypto.publicKey(seeds.wrongIssuer), crypto).status, Status.DENYLIST_INVALID);
  throwsCode(() => encodeDenylistPart({ ...d, entries: [entry(1, DenyKind.REVOKED, [4])] }), Status.BAD_REQUEST, 'revoked with benefits');
  throwsCode(() => encodeDenylistPart({ ...d, entries: [entry(1, 3)] }), Status.BAD_REQUEST, 'kind 3');
  throwsCode(() => encodeDenylistPart({ ...d, entries: [entry(2, 1), entry(1, 1)] }), Status.BAD_REQUEST, 'unsorted');
  throwsCode(() => encodeDenylistPart({ ...d, part: 1, parts: 1 }), Status.BAD_REQUEST, 'part >= parts');
  throwsCode(() => encodeDenylistPart({ ...d, version: 0 }), Status.BAD_REQUEST, 'version 0');
  const m = encodeDenylistPart(d);
  assert.is(decodeDenylistPart({ ...m, 5: [[entry(1, 1).cardId, 1, [], 0, 9]] }), null, '5-item entry');
  assert.is(decodeDenylistPart({ ...m, 5: {} }), null, 'entries as map');
});

test('splitDenylist: sorted, every part within budget, nothing lost', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ id: fc.integer({ min: 0, max: 65535 }), kind: fc.constantFrom(1, 2), b: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 5 }) }), { maxLength: 400 }),
      fc.integer({ min: 300, max: 3584 }),
      (rows, max) => {
        const entries = rows.map((r) => entry(r.id, r.kind, r.kind === 1 ? [] : r.b.sort((x, y) => x - y), 1756677599));
        const parts = splitDenylist(9, 1726000000, entries, max);
        let all: DenylistEntry[] = [];
        parts.forEach((p, i) => {
          assert.equal([p.version, p.part, p.parts], [9, i, parts.length]);
          assert.ok(sealDenylistPart(p, seeds.issuer, crypto).length <= max);
          all = all.concat(p.entries);
        });
        assert.is(all.length, entries.length);
        for (let i = 1; i < all.length; i++) assert.ok(compareCardIds(all[i - 1].cardId, all[i].cardId) <= 0);
      },
    ),
    { numRuns: 40 },
  );
  assert.equal(splitDenylist(1, 0, []).map((p) => [p.part, p.parts, p.entries.length]), [[0, 1, 0]]);
  const many = Array.from({ length: 600 }, (_, i) => entry(i, DenyKind.REVOKED));
  assert.ok(splitDenylist(1, 0, many).length > 1);
  throwsCode(() => splitDenylist(1, 0, many, 60), Status.BAD_REQUEST, 'budget too small');
});

test('receipt: round trip, version, seq 1 links to zeros, optional fields', () => {
  const p = proof();
  const pb = sealCardProof(p, seeds.card, crypto);
  const r = receipt(p, pb);
  assert.equal(decodeReceipt(decode(encode(encodeReceipt(r))) as CborMap), r);
  const bare = receipt(p, pb, { copay: undefined, reference: undefined });
  const m = encodeReceipt(bare);
  assert.equal([m[13], m[14]], [undefined, undefined]);
  const { copay: _c, reference: _r, ...withoutOptional } = bare;
  assert.equal(decodeReceipt(m), withoutOptional);
  assert.not.ok('copay' in (decodeReceipt(m) as object));
  throwsCode(() => encodeReceipt({ ...r, version: 2 }), Status.UNSUPPORTED_VERSION, 'version 2');
  throwsCode(() => encodeReceipt({ ...r, prev: new Uint8Array(32).fill(1) }), Status.BAD_REQUEST, 'seq 1 with prev');
  assert.ok(encodeReceipt({ ...r, seq: 2, prev: new Uint8Array(32).fill(1) }));
  throwsCode(() => encodeReceipt({ ...r, seq: 0 }), Status.BAD_REQUEST, 'seq 0');
  throwsCode(() => encodeReceipt({ ...r, requestId: new Uint8Array(0) }), Status.BAD_REQUEST, 'empty request id');
  throwsCode(() => encodeReceipt({ ...r, requestId: new Uint8Array(33) }), Status.BAD_REQUEST, 'long request id');
  throwsCode(() => encodeReceipt({ ...r, reference: 'x'.repeat(65) }), Status.BAD_REQUEST, 'long reference');
  throwsCode(() => encodeReceipt({ ...r, kind: 3 }), Status.BAD_REQUEST, 'kind 3');
  const env = sealedReceipt();
  assert.is(openReceipt(env, crypto.publicKey(seeds.reader), crypto).status, Status.OK);
  assert.is(openReceipt(env, crypto.publicKey(seeds.otherReader), crypto).status, Status.RECEIPT_INVALID);
});

test('receiptHash covers the envelope without its attachment', () => {
  const core = sealedReceipt();
  const withCert = attachReaderCertificate(core, readerCertBytes);
  assert.ok(withCert.length > core.length);
  assert.is(receiptCore(core), core);
  assert.equal(receiptCore(withCert), core);
  assert.equal(receiptHash(withCert, crypto), crypto.sha256(core));
  assert.equal(receiptHash(core, crypto), crypto.sha256(core));
  assert.equal(attachReaderCertificate(withCert, new Uint8Array([1])).length, core.length + 3);
  throwsCode(() => receiptHash(new Uint8Array([0xff]), crypto), Status.BAD_REQUEST, 'not an envelope');
});

test.run();
