/**
 * The host commands (info, debit, balance, journal, verify) as a user runs them: child processes
 * of bin/passreader.mjs against `--sim` on a temporary state directory prepared with the
 * `issuer init/card/reader` commands, plus the node-usb path on a machine without USB.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'passreader.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function passreader(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const test = suite('cli-host');
let dir = '';
let state: string[] = [];
let receiptHash = '';

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'passreader-host-'));
  state = ['--state', dir];
  for (const args of [
    ['issuer', 'init'],
    ['issuer', 'card', '--profile', 'cap1-cooking', '--pin', '1234', '--name', 'Camille Martin'],
    ['issuer', 'reader', '--partner', 'Cinéma Le Méliès', '--categories', 'cinema,shows'],
  ]) {
    const r = passreader(...args, ...state);
    if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  }
});

test.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('info --sim shows the provisioned reader', () => {
  const r = passreader('info', '--sim', ...state);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /mode:\s+merchant/);
  assert.match(r.stdout, /partner:\s+Cinéma Le Méliès/);
  assert.match(r.stdout, /categories:\s+cinema, shows/);
  assert.match(r.stdout, /verified against the issuer root/);
  assert.match(r.stdout, /journal:\s+0 of \d+ used/);
});

test('debit --sim --tap --pin prints progress and a verified receipt', () => {
  const r = passreader('debit', '--sim', ...state, '--benefit', 'cinema', '--units', '1', '--reference', 'T-1', '--tap', 'camille', '--pin', '1234', '--json');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /waiting for the card/);
  assert.match(r.stderr, /PIN: 4 of 4 digits/);
  const receipt = JSON.parse(r.stdout) as { seq: number; amount: number; balanceAfter: number; reference: string; holderName: string; hash: string; bytes: string; replayed: boolean };
  assert.is(receipt.seq, 1);
  assert.is(receipt.amount, 1);
  assert.is(receipt.balanceAfter, 4);
  assert.is(receipt.reference, 'T-1');
  assert.is(receipt.holderName, 'Camille Martin');
  assert.is(receipt.replayed, false);
  assert.match(receipt.bytes, /^[0-9a-f]+$/);
  receiptHash = receipt.hash;
});

test('debit --sim without a holder explains --tap/--pin and fails', () => {
  const r = passreader('debit', '--sim', ...state, '--benefit', 'cinema', '--units', '1');
  assert.is(r.code, 1);
  assert.match(r.stderr, /reader display: .*Present card/);
  assert.match(r.stderr, /--tap CARD --pin PIN/);
});

test('balance --sim shows the debited wallet', () => {
  const r = passreader('balance', '--sim', ...state, '--tap', 'camille', '--pin', '1234', '--json');
  assert.is(r.code, 0, r.stderr);
  const b = JSON.parse(r.stdout) as { wallets: Array<{ benefit: number; balance: number }> };
  const cinema = b.wallets.find((w) => w.benefit === 8);
  assert.ok(cinema, 'a cinema wallet');
  assert.is(cinema!.balance, 4);
});

test('journal --json then verify: ok, and a tampered copy fails', () => {
  const out = join(dir, 'receipts.json');
  const j = passreader('journal', '--sim', ...state, '--json', '--output', out);
  assert.is(j.code, 0, j.stderr);
  assert.match(j.stderr, /1 receipts read from 0, chain verified/);
  const rows = JSON.parse(readFileSync(out, 'utf8')) as Array<{ hash: string; bytes: string }>;
  assert.is(rows.length, 1);
  assert.is(rows[0].hash, receiptHash);

  const ok = passreader('verify', ...state, out);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /all 1 receipt verified/);

  // Flip one byte in the middle of the signed bytes.
  const bytes = Buffer.from(rows[0].bytes, 'hex');
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  const bad = join(dir, 'tampered.json');
  writeFileSync(bad, JSON.stringify([{ ...rows[0], bytes: bytes.toString('hex') }]));
  const ko = passreader('verify', ...state, bad);
  assert.is(ko.code, 1);
  assert.match(ko.stderr, /tampered\.json\[0\]: FAILED: /);
});

test('usage errors exit 2', () => {
  assert.is(passreader('debit', '--benefit', 'cinema', '--amount', '3', '--sim', ...state).code, 2);
  assert.is(passreader('debit', '--benefit', 'nope', '--units', '1', '--sim', ...state).code, 2);
  assert.is(passreader('info', '--tap', 'camille').code, 2);
  assert.is(passreader('verify', ...state).code, 2);
});

test('without --sim: node-usb on a machine without a USB subsystem exits 1 with its message', () => {
  if (existsSync('/sys/bus/usb')) return; // a machine with USB: this path cannot be shown here
  const r = passreader('info', '--issuer-root', '00'.repeat(32));
  assert.is(r.code, 1);
  assert.match(r.stderr, /^error: This machine has no USB subsystem/m);
});

test.run();
