/** The host crypto ports: RFC 8032 vectors, SHA-256, node vs noble agreement. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createBrowserCrypto, createNodeCrypto, defaultCrypto } from '../../sdk/crypto/index.js';

const fromHex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

interface Vector { name: string; secretKey: string; publicKey: string; message: string; signature: string }
const vectors = JSON.parse(readFileSync(new URL('../vectors/ed25519.json', import.meta.url), 'utf8')).cases as Vector[];

const impls = { node: createNodeCrypto(), noble: createBrowserCrypto() };
const test = suite('sdk/crypto');

test('the vector file holds the five RFC 8032 §7.1 cases', () => {
  assert.equal(vectors.map((v) => v.name), ['TEST 1', 'TEST 2', 'TEST 3', 'TEST 1024', 'TEST SHA(abc)']);
  assert.is(fromHex(vectors[3].message).length, 1023);
});

for (const [name, c] of Object.entries(impls)) {
  for (const v of vectors) {
    test(`${name}: RFC 8032 ${v.name}: public key, signature, verification`, () => {
      const seed = fromHex(v.secretKey);
      const msg = fromHex(v.message);
      assert.is(toHex(c.publicKey(seed)), v.publicKey);
      assert.is(toHex(c.sign(seed, msg)), v.signature);
      assert.ok(c.verify(fromHex(v.publicKey), msg, fromHex(v.signature)));
      const bad = fromHex(v.signature);
      bad[10] ^= 0x01;
      assert.not.ok(c.verify(fromHex(v.publicKey), msg, bad));
    });
  }

  test(`${name}: verify never throws on malformed input`, () => {
    const v = vectors[0];
    assert.not.ok(c.verify(fromHex(v.publicKey).subarray(0, 31), new Uint8Array(0), fromHex(v.signature)));
    assert.not.ok(c.verify(fromHex(v.publicKey), new Uint8Array(0), fromHex(v.signature).subarray(0, 63)));
    // s >= L (all 0xff): rejected, not thrown.
    const sig = fromHex(v.signature);
    sig.fill(0xff, 32);
    assert.not.ok(c.verify(fromHex(v.publicKey), new Uint8Array(0), sig));
    // y = 2^255 - 1 is not a valid point encoding.
    assert.not.ok(c.verify(new Uint8Array(32).fill(0xff), new Uint8Array(0), fromHex(v.signature)));
  });

  test(`${name}: sha256 of "abc" and of the empty string (FIPS 180-2)`, () => {
    assert.is(toHex(c.sha256(new Uint8Array([0x61, 0x62, 0x63]))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.is(toHex(c.sha256(new Uint8Array(0))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test(`${name}: random gives n fresh bytes of plain Uint8Array`, () => {
    const a = c.random(70000);
    const b = c.random(32);
    assert.is(a.length, 70000);
    assert.is(b.constructor, Uint8Array);
    assert.is.not(toHex(b), toHex(c.random(32)));
  });
}

test('node and noble give byte-identical keys and signatures and accept each other\'s', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, msg) => {
      const pn = impls.node.publicKey(seed);
      assert.equal(pn, impls.noble.publicKey(seed));
      const sn = impls.node.sign(seed, msg);
      const sb = impls.noble.sign(seed, msg);
      assert.equal(sn, sb);
      assert.ok(impls.node.verify(pn, msg, sb));
      assert.ok(impls.noble.verify(pn, msg, sn));
      assert.equal(impls.node.sha256(msg), impls.noble.sha256(msg));
    }),
    { numRuns: 60 },
  );
});

test('defaultCrypto is created once and signs per RFC 8032', () => {
  const d = defaultCrypto();
  assert.is(d, defaultCrypto());
  const v = vectors[1];
  assert.is(toHex(d.sign(fromHex(v.secretKey), fromHex(v.message))), v.signature);
});

test.run();
