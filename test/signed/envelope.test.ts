/** The signed envelope: seal/open round trip, domain separation, every failure status. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Status } from '../../protocol/status.js';
import { isCodedError } from '../../protocol/errors.js';
import { encode, decode } from '../../protocol/cbor/index.js';
import type { CborMap } from '../../protocol/cbor/index.js';
import { concat, fromHex, toHex } from '../../protocol/bytes/index.js';
import {
  CARD_CERT_DOMAIN, CARD_PROOF_DOMAIN, DENYLIST_DOMAIN, READER_CERT_DOMAIN, RECEIPT_DOMAIN, buildEnvelope, open,
  parseEnvelope, seal, sealBytes, signingInput,
} from '../../protocol/signed/index.js';
import { crypto, seeds } from './fixtures.js';

const test = suite('signed/envelope');
const pub = crypto.publicKey(seeds.issuer);
const body: CborMap = { 1: new Uint8Array([1, 2, 3]), 2: 2024, 3: 'Camille', 4: [1, 2] };

test('domain tags are the documented ASCII strings ending with NUL', () => {
  assert.is(toHex(CARD_CERT_DOMAIN.tag), toHex(new TextEncoder().encode('PR1/card-cert\0')));
  assert.is(toHex(READER_CERT_DOMAIN.tag), toHex(new TextEncoder().encode('PR1/reader-cert\0')));
  assert.is(toHex(DENYLIST_DOMAIN.tag), toHex(new TextEncoder().encode('PR1/denylist\0')));
  assert.is(toHex(CARD_PROOF_DOMAIN.tag), toHex(new TextEncoder().encode('PR1/card-proof\0')));
  assert.is(toHex(RECEIPT_DOMAIN.tag), toHex(new TextEncoder().encode('PR1/receipt\0')));
  assert.equal([CARD_CERT_DOMAIN, READER_CERT_DOMAIN, DENYLIST_DOMAIN, CARD_PROOF_DOMAIN, RECEIPT_DOMAIN].map((d) => d.attachment),
    [false, false, false, false, true]);
});

test('seal produces {1: canonical body, 2: signature of tag || body}', () => {
  const env = seal(CARD_CERT_DOMAIN, body, seeds.issuer, crypto);
  const m = decode(env) as CborMap;
  assert.equal(Object.keys(m), ['1', '2']);
  assert.equal(m[1], encode(body));
  assert.equal(m[2], crypto.sign(seeds.issuer, concat([CARD_CERT_DOMAIN.tag, encode(body)])));
  assert.equal(signingInput(CARD_CERT_DOMAIN, encode(body)), concat([CARD_CERT_DOMAIN.tag, encode(body)]));
});

test('open returns the body, the exact body bytes, and no attachment', () => {
  const env = seal(CARD_CERT_DOMAIN, body, seeds.issuer, crypto);
  const o = open(CARD_CERT_DOMAIN, env, pub, crypto);
  assert.is(o.status, Status.OK);
  assert.equal(o.body, body);
  assert.equal(o.bodyBytes, encode(body));
  assert.is(o.attachment, null);
});

test('round trip on arbitrary integer-keyed bodies', () => {
  const value = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 40 }), fc.string({ maxLength: 20 }));
  fc.assert(
    fc.property(fc.dictionary(fc.integer({ min: 0, max: 40 }).map(String), value, { maxKeys: 8 }), (d) => {
      const m = d as unknown as CborMap;
      const env = seal(DENYLIST_DOMAIN, m, seeds.issuer, crypto);
      const o = open(DENYLIST_DOMAIN, env, pub, crypto);
      assert.is(o.status, Status.OK);
      assert.equal(o.body, decode(encode(m)));
    }),
    { numRuns: 50 },
  );
});

test('a signature is bound to its domain and its key', () => {
  const env = seal(CARD_CERT_DOMAIN, body, seeds.issuer, crypto);
  assert.is(open(READER_CERT_DOMAIN, env, pub, crypto).status, Status.CERTIFICATE_INVALID);
  assert.is(open(CARD_PROOF_DOMAIN, env, pub, crypto).status, Status.CARD_NOT_AUTHENTIC);
  assert.is(open(CARD_CERT_DOMAIN, env, crypto.publicKey(seeds.wrongIssuer), crypto).status, Status.CARD_NOT_AUTHENTIC);
  const d = seal(DENYLIST_DOMAIN, body, seeds.issuer, crypto);
  assert.is(open(DENYLIST_DOMAIN, d, crypto.publicKey(seeds.reader), crypto).status, Status.DENYLIST_INVALID);
});

test('the signature covers the body bytes as received (no re-encoding)', () => {
  // A signed body that is not canonical: signature checks, then the body decoder refuses it.
  const nonCanonical = fromHex('a1180101'); // {1: 1} with a 2-byte key head
  const env = sealBytes(CARD_CERT_DOMAIN, nonCanonical, seeds.issuer, crypto);
  const o = open(CARD_CERT_DOMAIN, env, pub, crypto);
  assert.is(o.status, Status.NON_CANONICAL);
  assert.equal(o.bodyBytes, nonCanonical);
  // A re-encoded body (canonical a10101) would not verify against this signature.
  const p = parseEnvelope(env, false);
  assert.not.ok(crypto.verify(pub, signingInput(CARD_CERT_DOMAIN, fromHex('a10101')), p.signature!));
});

test('a signed body that is not a map is BAD_REQUEST', () => {
  const env = sealBytes(CARD_CERT_DOMAIN, encode([1, 2]), seeds.issuer, crypto);
  assert.is(open(CARD_CERT_DOMAIN, env, pub, crypto).status, Status.BAD_REQUEST);
  const truncated = sealBytes(CARD_CERT_DOMAIN, fromHex('a201'), seeds.issuer, crypto);
  assert.is(open(CARD_CERT_DOMAIN, truncated, pub, crypto).status, Status.BAD_REQUEST);
});

test('malformed envelopes: status without throwing', () => {
  const good = seal(CARD_CERT_DOMAIN, body, seeds.issuer, crypto);
  const p = parseEnvelope(good, false);
  const sig = p.signature!;
  const b = p.body!;
  const cases: [string, Uint8Array, number][] = [
    ['empty input', new Uint8Array(0), Status.BAD_REQUEST],
    ['not CBOR', fromHex('ff'), Status.BAD_REQUEST],
    ['trailing byte', concat([good, fromHex('00')]), Status.BAD_REQUEST],
    ['non-canonical envelope', concat([fromHex('a2'), fromHex('1802'), encode(sig), fromHex('01'), encode(b)]), Status.NON_CANONICAL],
    ['an array', encode([b, sig]), Status.BAD_REQUEST],
    ['a byte string', encode(b), Status.BAD_REQUEST],
    ['no signature', encode({ 1: b }), Status.BAD_REQUEST],
    ['no body', encode({ 2: sig }), Status.BAD_REQUEST],
    ['empty body', encode({ 1: new Uint8Array(0), 2: sig }), Status.BAD_REQUEST],
    ['63-byte signature', encode({ 1: b, 2: sig.subarray(0, 63) }), Status.BAD_REQUEST],
    ['text signature', encode({ 1: b, 2: 'x' }), Status.BAD_REQUEST],
    ['body as text', encode({ 1: 'x', 2: sig }), Status.BAD_REQUEST],
    ['unknown key 4', encode({ 1: b, 2: sig, 4: 1 }), Status.BAD_REQUEST],
    ['attachment on a certificate', encode({ 1: b, 2: sig, 3: new Uint8Array(4) }), Status.BAD_REQUEST],
  ];
  for (const [name, bytes, status] of cases) {
    assert.is(open(CARD_CERT_DOMAIN, bytes, pub, crypto).status, status, name);
    assert.is(parseEnvelope(bytes, false).status, status, name);
  }
});

test('receipts may carry an attachment outside the signature', () => {
  const att = new Uint8Array([9, 9, 9]);
  const env = seal(RECEIPT_DOMAIN, body, seeds.reader, crypto, att);
  const o = open(RECEIPT_DOMAIN, env, crypto.publicKey(seeds.reader), crypto);
  assert.is(o.status, Status.OK);
  assert.equal(o.attachment, att);
  // Replacing the attachment does not touch the signature.
  const p = parseEnvelope(env, true);
  const swapped = buildEnvelope(p.body!, p.signature!, new Uint8Array([1]));
  assert.is(open(RECEIPT_DOMAIN, swapped, crypto.publicKey(seeds.reader), crypto).status, Status.OK);
  assert.is(parseEnvelope(encode({ 1: p.body!, 2: p.signature!, 3: 5 }), true).status, Status.BAD_REQUEST);
});

test('sealing an attachment for a domain without one throws BAD_REQUEST', () => {
  try {
    seal(CARD_CERT_DOMAIN, body, seeds.issuer, crypto, new Uint8Array(1));
    assert.unreachable();
  } catch (e) {
    assert.ok(isCodedError(e) && e.code === Status.BAD_REQUEST);
  }
});

test('open never throws on arbitrary bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const o = open(RECEIPT_DOMAIN, bytes, pub, crypto);
      assert.is.not(o.status, Status.OK);
    }),
    { numRuns: 300 },
  );
});

test.run();
