/** The state directory (in process): atomic writes, card lookup, readers, denylists; names, durations and dates. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCrypto } from '../../sdk/crypto/index.js';
import { StateDir, StateError, slug, writeAtomic, initIssuer, issueStoredCard, publishDenylist, issuerOf } from '../../simulator/state/index.js';
import { loadCard } from '../../simulator/card/persist.js';
import { openDenylistPart } from '../../protocol/signed/denylist.js';
import { fromHex } from '../../protocol/bytes/hex.js';
import { benefitCode, categoryCode, formatAmount, parseEuros, statusCode } from '../../simulator/scenario/names.js';
import { formatDuration, parseDuration, parseWhen } from '../../simulator/scenario/time.js';
import { cleanup, tempDir } from './run.js';

const crypto = defaultCrypto();
const t = suite('cli state directory');
let dir = '';
let state: StateDir;

t.before(() => {
  dir = tempDir();
  state = new StateDir(join(dir, 's'));
});
t.after(() => cleanup(dir));

t('writeAtomic replaces a file whole and leaves no temporary file', () => {
  const p = join(dir, 'sub', 'f.bin');
  writeAtomic(p, Uint8Array.of(1, 2, 3));
  writeAtomic(p, 'hello');
  assert.is(readFileSync(p, 'utf8'), 'hello');
  assert.equal(readdirSync(join(dir, 'sub')), ['f.bin']);
});

t('an issuer is created once and re-created from its seed', () => {
  assert.throws(() => state.readIssuer(), (e: unknown) => e instanceof StateError && /issuer init/.test((e as Error).message));
  const rec = initIssuer(state, 'unit seed', crypto);
  assert.throws(() => initIssuer(state, 'other', crypto), (e: unknown) => e instanceof StateError);
  assert.is(issuerOf(state.readIssuer(), crypto).rootPublicKey.length, 32);
  assert.is(state.readIssuer().rootPublicKey, rec.rootPublicKey);
});

t('cards issued in separate runs get distinct ids and load back with loadCard', () => {
  const a = issueStoredCard(state, crypto, 'cap1-cooking', { pin: '1234', establishment: 1, holderName: 'Camille Martin' });
  const b = issueStoredCard(state, crypto, 'referent', { pin: '0000', establishment: 2, holderName: 'Camille Durand' });
  assert.is.not(a.id, b.id);
  assert.is(state.readIssuer().cardsIssued, 2);
  const back = loadCard(a.path, crypto);
  assert.equal(back.state().wallets, a.card.state().wallets);
  assert.equal(state.listCards(crypto).map((c) => c.meta.serial), [1, 2]);
});

t('findCard: id, id prefix, full name; an ambiguous first name is refused', () => {
  const [a, b] = state.listCards(crypto);
  assert.is(state.findCard(a.id, crypto).id, a.id);
  assert.is(state.findCard(b.id.slice(0, 6), crypto).id, b.id);
  assert.is(state.findCard('camille durand', crypto).id, b.id);
  assert.throws(() => state.findCard('camille', crypto), (e: unknown) => /matches 2 cards/.test((e as Error).message));
  assert.throws(() => state.findCard('nobody', crypto), (e: unknown) => /no card 'nobody'/.test((e as Error).message));
});

t('denylist versions are cumulative, signed by the issuer, and the newest is found', () => {
  const [a, b] = state.listCards(crypto);
  const v1 = publishDenylist(state, crypto, [{ cardId: a.id, kind: 'revoked', benefits: [], until: 0 }]);
  const v2 = publishDenylist(state, crypto, [{ cardId: b.id, kind: 'suspended', benefits: [8], until: 0 }]);
  assert.is(v1.version, 1);
  assert.is(v2.version, 2);
  assert.is(v2.entries.length, 2);
  const latest = state.latestDenylist()!;
  assert.is(latest.version, 2);
  const opened = openDenylistPart(latest.parts[0], fromHex(state.readIssuer().rootPublicKey), crypto);
  assert.ok(opened.value, 'the part verifies against the root');
  assert.is(opened.value!.entries.length, 2);
  const v3 = publishDenylist(state, crypto, [], [a.id]);
  assert.equal(v3.entries.map((e) => e.cardId), [b.id]);
});

t('a reader record round-trips; a truncated flash image is refused', () => {
  const pages = [new Uint8Array(4096).fill(0xab), ...Array.from({ length: 15 }, () => new Uint8Array(4096).fill(0xff))];
  const meta = {
    format: 'passreader-reader/1' as const, name: 'r1', partnerName: 'P', partnerId: 1, mode: 'merchant' as const, categories: [3],
    readerId: '00'.repeat(8), publicKey: '00'.repeat(32), notBefore: 0, notAfter: 1, flash: { pageSize: 4096, pageCount: 16 },
    clockMs: 5, denylistVersion: 0, createdAt: '', updatedAt: '',
  };
  state.saveReader(meta, pages);
  const back = state.loadReader();
  assert.is(back.meta.name, 'r1');
  assert.is(back.pages[0][100], 0xab);
  assert.is(back.pages[15][0], 0xff);
  writeFileSync(join(state.readerDir('r1'), 'flash.bin'), new Uint8Array(10));
  assert.throws(() => state.loadReader('r1'), (e: unknown) => /has 10 bytes/.test((e as Error).message));
  mkdirSync(state.readerDir('r2'));
  assert.equal(state.readerNames(), ['r1'], 'a directory without meta.json is not a reader');
  assert.throws(() => state.loadReader('zz'), (e: unknown) => /no reader 'zz'.*readers: r1/.test((e as Error).message));
});

t.run();

const n = suite('cli names and times');

n('benefits, categories and statuses by name', () => {
  assert.is(benefitCode('cinema'), 8);
  assert.is(benefitCode('First_Equipment'), 4);
  assert.is(benefitCode('15'), 15);
  assert.is(benefitCode('popcorn'), null);
  assert.is(categoryCode('books'), 5);
  assert.is(categoryCode('first-aid'), 12);
  assert.is(statusCode('wrong-pin'), 0x30);
  assert.is(statusCode('OK'), 0);
  assert.is(statusCode('NOPE'), null);
  assert.is(slug('Cinéma Le Méliès'), 'cinema-le-melies');
});

n('euro amounts are exact integers of cents', () => {
  assert.is(parseEuros('42.50'), 4250);
  assert.is(parseEuros('42,5 €'), 4250);
  assert.is(parseEuros(12), 1200);
  assert.is(parseEuros('0.07'), 7);
  assert.is(parseEuros('1.234'), null);
  assert.is(parseEuros('-3'), null);
  assert.is(formatAmount(4, 4250), '42.50 €');
  assert.is(formatAmount(8, 1), '1 unit');
  assert.is(formatAmount(11, 3), '3 uses');
});

n('durations and Paris dates', () => {
  assert.is(parseDuration('250ms'), 250);
  assert.is(parseDuration('1h30m'), 5_400_000);
  assert.is(parseDuration('1.5s'), 1500);
  assert.is(parseDuration(20), 20);
  assert.is(parseDuration('soon'), null);
  assert.is(formatDuration(90_500), '1m30.5s');
  assert.is(parseWhen('2024-10-15T14:00'), Date.parse('2024-10-15T12:00:00Z') / 1000, 'summer time: UTC+2');
  assert.is(parseWhen('2024-12-01'), Date.parse('2024-11-30T23:00:00Z') / 1000, 'winter: UTC+1');
  assert.is(parseWhen('2024-10-15T14:00:00Z'), Date.parse('2024-10-15T14:00:00Z') / 1000);
  assert.is(parseWhen('2024-13-01'), null);
  assert.is(parseWhen('tomorrow'), null);
});

n.run();
