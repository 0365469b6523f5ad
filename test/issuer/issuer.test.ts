import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultCrypto } from '../../sdk/crypto/index.js';
import { toHex } from '../../protocol/bytes/hex.js';
import { Category } from '../../protocol/catalogue/codes.js';
import { parseResponse } from '../../protocol/card/apdu.js';
import { selectCommand, verifyPinCommand } from '../../protocol/card/commands.js';
import { openCardCertificate } from '../../protocol/signed/card-cert.js';
import { openReaderCertificate, ReaderMode } from '../../protocol/signed/reader-cert.js';
import type { DenylistEntry } from '../../protocol/signed/denylist.js';
import { DenyKind, openDenylistPart } from '../../protocol/signed/denylist.js';
import { createIssuer } from '../../simulator/issuer/issuer.js';
import { PROFILES } from '../../simulator/issuer/profiles.js';
import type { ProfileName } from '../../simulator/issuer/profiles.js';
import { entitlementsFor } from '../../simulator/issuer/entitlements.js';

const crypto = defaultCrypto();
const holder = { pin: '1357', establishment: 69123, holderName: 'Léa Dupont' };

function readerCertOf(issuer: ReturnType<typeof createIssuer>) {
  return issuer.issueReaderCertificate({
    readerPublicKey: issuer.readerKey('cinema').publicKey, partnerId: 42, partnerName: 'Cinéma Le Club', mode: ReaderMode.MERCHANT,
    categories: [Category.CINEMA, Category.SHOWS], notBefore: 1718000000, notAfter: 1760000000,
  });
}

function entries(n: number): DenylistEntry[] {
  const out: DenylistEntry[] = [];
  for (let i = 0; i < n; i++) {
    const id = new Uint8Array(8);
    new DataView(id.buffer).setUint32(4, i * 7919 + 1);
    out.push(i % 3 ? { cardId: id, kind: DenyKind.REVOKED, benefits: [], until: 0 } : { cardId: id, kind: DenyKind.SUSPENDED, benefits: [8, 9], until: 1756677600 });
  }
  return out;
}

test('same seed, same calls -> same bytes; another seed -> other keys', () => {
  const a = createIssuer('seed-1', crypto);
  const b = createIssuer(new TextEncoder().encode('seed-1'), crypto);
  const c = createIssuer('seed-2', crypto);
  assert.is(toHex(a.rootPublicKey), toHex(b.rootPublicKey));
  assert.is.not(toHex(a.rootPublicKey), toHex(c.rootPublicKey));
  assert.equal(a.issueCard('1re-stmg', holder).toJSON(), b.issueCard('1re-stmg', holder).toJSON());
  assert.is(toHex(readerCertOf(a)), toHex(readerCertOf(b)));
  assert.equal(a.issueDenylist(3, entries(10), 1720000000).map(toHex), b.issueDenylist(3, entries(10), 1720000000).map(toHex));
  assert.is.not(toHex(a.issueCard('1re-stmg', holder).cardId), toHex(a.issueCard('1re-stmg', holder).cardId), 'each card its own id');
});

test('card and reader certificates verify with the root', () => {
  const issuer = createIssuer('certs', crypto);
  const card = issuer.issueCard('cap1-cooking', holder);
  const cert = openCardCertificate(card.certificate, issuer.rootPublicKey, crypto);
  assert.is(cert.status, 0);
  assert.is(toHex(cert.value!.cardId), toHex(card.cardId));
  assert.is(toHex(cert.value!.cardPublicKey), toHex(card.publicKey));
  assert.equal([cert.value!.establishment, cert.value!.campaign, cert.value!.holderName], [69123, 2024, 'Léa Dupont']);
  assert.is.not(openCardCertificate(card.certificate, createIssuer('other', crypto).rootPublicKey, crypto).status, 0);
  const rc = openReaderCertificate(readerCertOf(issuer), issuer.rootPublicKey, crypto);
  assert.is(rc.status, 0);
  assert.is(toHex(rc.value!.readerId), toHex(issuer.readerKey('cinema').readerId));
});

test('denylist parts verify and each stays under 4096 bytes', () => {
  const issuer = createIssuer('deny', crypto);
  const list = entries(900);
  const parts = issuer.issueDenylist(7, list, 1720000000);
  assert.ok(parts.length > 1, 'a long list is split');
  let count = 0;
  parts.forEach((bytes, i) => {
    assert.ok(bytes.length < 4096, `part ${i}: ${bytes.length} bytes`);
    const p = openDenylistPart(bytes, issuer.rootPublicKey, crypto);
    assert.is(p.status, 0);
    assert.equal([p.value!.version, p.value!.part, p.value!.parts], [7, i, parts.length]);
    count += p.value!.entries.length;
  });
  assert.is(count, list.length);
});

test('every named profile gets the wallets of the loading rules', () => {
  const issuer = createIssuer('profiles', crypto);
  for (const name of Object.keys(PROFILES) as ProfileName[]) {
    const card = issuer.issueCard(name, { ...holder, loadedAt: 1725000000 });
    assert.equal(card.state().wallets, entitlementsFor(PROFILES[name], 2024, 1725000000), name);
    assert.ok(card.state().wallets.length > 0, name);
  }
  assert.throws(() => issuer.issueCard('nobody' as ProfileName, holder));
});

test('a duplicate: new id and key, generation + 1, same PIN and wallets, old card revoked', () => {
  const issuer = createIssuer('dup', crypto);
  const old = issuer.issueCard('2de-bac-pro-hotel', holder);
  const { card, revocation } = issuer.duplicateCard(old);
  assert.is.not(toHex(card.cardId), toHex(old.cardId));
  assert.is.not(toHex(card.publicKey), toHex(old.publicKey));
  const cert = openCardCertificate(card.certificate, issuer.rootPublicKey, crypto).value!;
  assert.is(cert.cardGeneration, 1);
  assert.is(openCardCertificate(issuer.duplicateCard(card).card.certificate, issuer.rootPublicKey, crypto).value!.cardGeneration, 2);
  assert.equal(card.state().wallets, old.state().wallets);
  assert.equal(revocation, { cardId: old.cardId, kind: DenyKind.REVOKED, benefits: [], until: 0 });
  card.transceive(selectCommand());
  assert.is(parseResponse(card.transceive(verifyPinCommand('1357'))).sw, 0x9000, 'the PIN survives the replacement');
  // A card this issuer instance did not personalise needs the PIN passed in.
  const fresh = createIssuer('dup', crypto);
  assert.throws(() => fresh.duplicateCard(old));
  assert.is(fresh.duplicateCard(old, { pin: '1357' }).revocation.kind, DenyKind.REVOKED);
  assert.throws(() => createIssuer('stranger', crypto).duplicateCard(old, { pin: '1357' }));
});

test.run();
