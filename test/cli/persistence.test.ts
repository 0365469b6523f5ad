/**
 * A state directory carries a reader's identity and journal and the cards'
 * balances from one run to the next; the interactive mode, driven through a
 * pipe, acts on the same state.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, passreader, ROOT, show, tempDir } from './run.js';

const t = suite('cli state persistence');
let dir = '';
let state = '';
let readerId = '';

const cinemaBalance = (cardsOutput: string) => /cinema\s+Cinema\s+(\d+) units?/.exec(cardsOutput)?.[1];

t.before(async () => {
  dir = tempDir();
  state = join(dir, 'state');
  for (const args of [
    ['issuer', 'init', '--state', state],
    ['issuer', 'card', '--state', state, '--profile', 'cap1-cooking', '--pin', '1234', '--name', 'Camille Martin'],
    ['issuer', 'reader', '--state', state, '--partner', 'Cinéma Le Méliès', '--categories', 'cinema'],
  ]) {
    const r = await passreader(args);
    assert.is(r.code, 0, show(r));
  }
  readerId = JSON.parse(readFileSync(join(state, 'readers', 'cinema-le-melies', 'meta.json'), 'utf8')).readerId;
  writeFileSync(join(dir, 'debit.json'), JSON.stringify({
    name: 'one ticket on the saved reader',
    cards: ['camille'],
    steps: [
      { request: { command: 'info' }, expect: { status: 'OK', result: { readerId } } },
      { request: { command: 'debit', benefit: 'cinema', units: 1 }, expect: { status: 'OK' } },
      { tap: 'camille' },
      { type: '1234#' },
      { wait: true },
      { pull: 'camille' },
    ],
  }));
});
t.after(() => cleanup(dir));

t('two scripted runs: same reader id, the journal grows 1 -> 2, the card goes 5 -> 4 -> 3', async () => {
  const first = await passreader(['sim', '--state', state, '--script', join(dir, 'debit.json'), '--quiet']);
  assert.is(first.code, 0, show(first));
  assert.match(first.stdout, /cinema 5 units -> 4 units/);
  assert.match(first.stdout, /1 receipt\(s\) retained \(seq 1\.\.1\), last seq 1/);
  const second = await passreader(['sim', '--state', state, '--script', join(dir, 'debit.json'), '--quiet']);
  assert.is(second.code, 0, show(second));
  assert.match(second.stdout, new RegExp(`reader id ${readerId}`));
  assert.match(second.stdout, /cinema 4 units -> 3 units/);
  assert.match(second.stdout, /2 receipt\(s\) retained \(seq 1\.\.2\), last seq 2.*hash chain verified/);
  const cards = await passreader(['issuer', 'cards', '--state', state]);
  assert.is(cinemaBalance(cards.stdout), '3', show(cards));
  assert.match(cards.stdout, /2 debit\(s\)/);
});

t('a denylist published between runs is installed at the next start', async () => {
  const dl = await passreader(['issuer', 'denylist', '--state', state, '--suspend', 'camille:cinema']);
  assert.is(dl.code, 0, show(dl));
  const run = await passreader(['sim', '--state', state, '--script', join(dir, 'debit.json'), '--quiet']);
  assert.is(run.code, 1, show(run));
  assert.match(run.stdout, /denylist version 1 installed/);
  assert.match(run.stdout, /status BENEFIT_SUSPENDED, expected OK/);
  const lift = await passreader(['issuer', 'denylist', '--state', state, '--lift', 'camille']);
  assert.is(lift.code, 0, show(lift));
  const readers = await passreader(['issuer', 'readers', '--state', state]);
  assert.match(readers.stdout, /v1/);
});

t('interactive mode through a pipe: tap, debit, PIN, quit saves the card and the reader', async () => {
  const input = ['cards', 'debit cinema 1 T-42', 'tap camille', '1234#', 'wait', 'pull', 'screen', 'quit', ''].join('\n');
  const r = await passreader(['sim', '--state', state], { input });
  assert.is(r.code, 0, show(r));
  assert.match(r.stdout, /denylist version 2 installed/);
  assert.match(r.stdout, /\[a\] camille\s+Camille Martin \([0-9a-f]{16}, PIN 1234\)/);
  assert.match(r.stdout, /till < WAITING_FOR_PIN 3 digits/);
  assert.match(r.stdout, /till: DEBIT -> OK/);
  assert.match(r.stdout, /receipt #3: 1 unit of cinema, balance 2 units; signatures verified/);
  assert.match(r.stdout, /Saved reader cinema-le-melies/);
  const cards = await passreader(['issuer', 'cards', '--state', state]);
  assert.is(cinemaBalance(cards.stdout), '2', show(cards));
});

t('interactive mode reports bad commands (exit 1) and stops at end of input', async () => {
  const r = await passreader(['sim', '--state', state], { input: 'tap nobody\nfly\nadvance 1h\n' });
  assert.is(r.code, 1, show(r));
  assert.match(r.stdout, /tap which card\?/);
  assert.match(r.stdout, /unknown command 'fly'/);
  assert.match(r.stdout, /1h passed/);
  assert.match(r.stdout, /Saved reader/);
  const meta = JSON.parse(readFileSync(join(state, 'readers', 'cinema-le-melies', 'meta.json'), 'utf8'));
  assert.is(meta.readerId, readerId);
  assert.ok(meta.clockMs >= Date.parse('2024-10-15T13:00:00Z'), 'the clock moved forward and was saved');
});

t('the built bundle in quickjs continues the same flash (journal seq 4); an unknown engine exits 2', async () => {
  const [bad, qjs] = await Promise.all([
    passreader(['sim', '--state', state, '--engine', 'v8']),
    passreader(['sim', '--state', state, '--engine', 'quickjs-jerryscript', '--script', join(dir, 'debit.json'), '--quiet']),
  ]);
  assert.is(bad.code, 2, show(bad));
  assert.match(bad.stderr, /unknown engine 'v8'/);
  if (!existsSync(join(ROOT, 'dist', 'firmware', 'jerryscript.js'))) {
    assert.is(qjs.code, 1, show(qjs));
    assert.match(qjs.stderr, /npm run build:firmware/);
    return;
  }
  assert.is(qjs.code, 0, show(qjs));
  assert.match(qjs.stdout, new RegExp(`reader id ${readerId}`));
  assert.match(qjs.stdout, /cinema 2 units -> 1 unit\b/);
  assert.match(qjs.stdout, /4 receipt\(s\) retained \(seq 1\.\.4\).*hash chain verified/);
});

t.run();
