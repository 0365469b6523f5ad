/** The dev issuer commands on a temporary state directory, run as child processes. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, passreader, show, tempDir } from './run.js';

const t = suite('cli issuer');
let dir = '';
let state = '';

t.before(() => {
  dir = tempDir();
  state = join(dir, 'state');
});
t.after(() => cleanup(dir));

t('commands that need an issuer say how to create one (exit 1)', async () => {
  const r = await passreader(['issuer', 'cards', '--state', state]);
  assert.is(r.code, 1, show(r));
  assert.match(r.stderr, /run 'passreader issuer init' first/);
});

t('issuer init creates the Region; a second init is refused without --force', async () => {
  const r = await passreader(['issuer', 'init', '--state', state, '--seed', 'cli test region']);
  assert.is(r.code, 0, show(r));
  const rec = JSON.parse(readFileSync(join(state, 'issuer.json'), 'utf8'));
  assert.is(rec.format, 'passreader-issuer/1');
  assert.is(rec.seed, 'cli test region');
  assert.match(rec.rootPublicKey, /^[0-9a-f]{64}$/);
  assert.ok(r.stdout.includes(rec.rootPublicKey));
  const again = await passreader(['issuer', 'init', '--state', state]);
  assert.is(again.code, 1, show(again));
  assert.match(again.stderr, /exists already/);
});

t('the default state directory is .sim-state in the working directory', async () => {
  const r = await passreader(['issuer', 'init'], { cwd: dir });
  assert.is(r.code, 0, show(r));
  assert.ok(existsSync(join(dir, '.sim-state', 'issuer.json')));
});

t('issuer card saves distinct cards with their wallets in euros', async () => {
  const a = await passreader(['issuer', 'card', '--state', state, '--profile', 'cap1-cooking', '--pin', '1234', '--name', 'Camille Martin']);
  assert.is(a.code, 0, show(a));
  assert.match(a.stdout, /^Card [0-9a-f]{16}/);
  assert.match(a.stdout, /First professional equipment\s+200\.00 €/);
  assert.match(a.stdout, /cinema\s+Cinema\s+5 units/);
  const b = await passreader(['issuer', 'card', '--state', state, '--profile', 'terminale-general', '--pin', '0000', '--name', 'Zoé Bernard', '--establishment', '42', '--loaded-at', '2024-09-02']);
  assert.is(b.code, 0, show(b));
  const ids = readdirSync(join(state, 'cards')).filter((f) => f.endsWith('.json'));
  assert.is(ids.length, 2, 'two card files');
  const idA = /^Card ([0-9a-f]{16})/.exec(a.stdout)![1];
  const idB = /^Card ([0-9a-f]{16})/.exec(b.stdout)![1];
  assert.is.not(idA, idB);
  const file = JSON.parse(readFileSync(join(state, 'cards', `${idB}.json`), 'utf8'));
  assert.is(file.format, 'passregion-card/1');
  assert.is(file.sim.holderName, 'Zoé Bernard');
  assert.is(file.sim.establishment, 42);
});

t('issuer card rejects a bad profile, PIN or date with exit 2', async () => {
  const [profile, pin, date] = await Promise.all([
    passreader(['issuer', 'card', '--state', state, '--profile', 'astronaut', '--pin', '1234', '--name', 'X']),
    passreader(['issuer', 'card', '--state', state, '--profile', 'referent', '--pin', '12a4', '--name', 'X']),
    passreader(['issuer', 'card', '--state', state, '--profile', 'referent', '--pin', '1234', '--name', 'X', '--loaded-at', 'yesterday']),
  ]);
  assert.is(profile.code, 2, show(profile));
  assert.match(profile.stderr, /unknown profile 'astronaut'/);
  assert.match(profile.stderr, /cap1-cooking/);
  assert.is(pin.code, 2, show(pin));
  assert.match(pin.stderr, /4 digits/);
  assert.is(date.code, 2, show(date));
  assert.match(date.stderr, /--loaded-at/);
});

t('issuer profiles and issuer cards list what exists', async () => {
  const [profiles, cards] = await Promise.all([
    passreader(['issuer', 'profiles']),
    passreader(['issuer', 'cards', '--state', state, '--brief']),
  ]);
  assert.is(profiles.code, 0, show(profiles));
  assert.match(profiles.stdout, /driving-35h\s+.*driving-licence 200\.00 €/);
  assert.is(cards.code, 0, show(cards));
  assert.match(cards.stdout, /Camille Martin\s+cap1-cooking\s+1234\s+3 PIN tries/);
  assert.match(cards.stdout, /Zoé Bernard/);
});

t('issuer reader boots, certifies and provisions a reader over USB and saves its flash', async () => {
  const r = await passreader(['issuer', 'reader', '--state', state, '--partner', 'Cinéma Le Méliès', '--categories', 'cinema,shows']);
  assert.is(r.code, 0, show(r));
  const rdir = join(state, 'readers', 'cinema-le-melies');
  assert.is(statSync(join(rdir, 'flash.bin')).size, 16 * 4096);
  const meta = JSON.parse(readFileSync(join(rdir, 'meta.json'), 'utf8'));
  assert.is(meta.mode, 'merchant');
  assert.equal(meta.categories, [3, 4]);
  assert.match(meta.readerId, /^[0-9a-f]{16}$/);
  assert.ok(r.stdout.includes(meta.readerId), 'prints the reader id');
  const access = await passreader(['issuer', 'reader', '--state', state, '--partner', 'Cantine', '--mode', 'access', '--establishment', '42', '--name', 'canteen']);
  assert.is(access.code, 0, show(access));
  const list = await passreader(['issuer', 'readers', '--state', state]);
  assert.match(list.stdout, /canteen\s+Cantine\s+access, est\. 42/);
  assert.match(list.stdout, /cinema-le-melies\s+Cinéma Le Méliès\s+cinema,shows/);
});

t('issuer reader refuses bad categories, a duplicate name, and categories in access mode', async () => {
  const [cat, dup, acc] = await Promise.all([
    passreader(['issuer', 'reader', '--state', state, '--partner', 'X', '--categories', 'cinema,popcorn']),
    passreader(['issuer', 'reader', '--state', state, '--partner', 'Cinéma Le Méliès', '--categories', 'cinema']),
    passreader(['issuer', 'reader', '--state', state, '--partner', 'X', '--mode', 'access', '--categories', 'cinema']),
  ]);
  assert.is(cat.code, 2, show(cat));
  assert.match(cat.stderr, /unknown category 'popcorn'/);
  assert.is(dup.code, 2, show(dup));
  assert.match(dup.stderr, /exists already/);
  assert.is(acc.code, 2, show(acc));
});

t('issuer denylist signs cumulative versions stored as parts', async () => {
  const one = await passreader(['issuer', 'denylist', '--state', state, '--revoke', 'camille']);
  assert.is(one.code, 0, show(one));
  assert.match(one.stdout, /Denylist version 1 signed/);
  assert.match(one.stdout, /Camille Martin\s+revoked/);
  const two = await passreader(['issuer', 'denylist', '--state', state, '--suspend', 'zoé:cinema,shows', '--until', '2025-01-31']);
  assert.is(two.code, 0, show(two));
  assert.match(two.stdout, /version 2/);
  assert.match(two.stdout, /Camille Martin\s+revoked/);
  assert.match(two.stdout, /Zoé Bernard\s+suspended\s+cinema,shows\s+2025-01-31/);
  const files = readdirSync(join(state, 'denylist')).sort();
  assert.equal(files, ['v000001.p00.bin', 'v000002.p00.bin']);
  const bad = await passreader(['issuer', 'denylist', '--state', state, '--revoke', 'nobody']);
  assert.is(bad.code, 1, show(bad));
  assert.match(bad.stderr, /no card 'nobody'/);
});

t.run();
