/** Every command answers --help with its usage and examples; bad command lines exit 2 with a clear message. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCommands } from '../../simulator/cli/registry.js';
import { passreader, show } from './run.js';

const commands = findCommands().map((e) => e.name);

test('the simulator and issuer commands exist', () => {
  const names = commands.map((c) => c.join(' '));
  for (const n of ['issuer init', 'issuer card', 'issuer cards', 'issuer profiles', 'issuer reader', 'issuer readers', 'issuer denylist', 'sim']) {
    assert.ok(names.includes(n), `missing command ${n}`);
  }
});

test('passreader --help lists every command', async () => {
  const r = await passreader(['--help']);
  assert.is(r.code, 0, show(r));
  for (const c of commands) assert.ok(r.stdout.includes(c.join(' ')), `--help does not list ${c.join(' ')}`);
  assert.match(r.stdout, /Usage:/);
});

test('every command has --help with usage, options and examples', async () => {
  const runs = await Promise.all(commands.map((c) => passreader([...c, '--help'])));
  runs.forEach((r, i) => {
    const name = `passreader ${commands[i].join(' ')}`;
    assert.is(r.code, 0, `${name} --help: ${show(r)}`);
    assert.ok(r.stdout.startsWith(name), `${name} --help starts with its name`);
    assert.match(r.stdout, /Usage:/);
    assert.match(r.stdout, /Options:/);
    assert.match(r.stdout, /Examples:\n  passreader /);
    assert.match(r.stdout, /--help/);
  });
});

test('a group without a command lists its commands; -h works too', async () => {
  const [group, short] = await Promise.all([passreader(['issuer']), passreader(['issuer', 'card', '-h'])]);
  assert.is(group.code, 0, show(group));
  assert.match(group.stdout, /issuer card/);
  assert.match(group.stdout, /issuer reader/);
  assert.is(short.code, 0, show(short));
  assert.match(short.stdout, /--profile NAME/);
});

test('unknown options, commands and missing values exit 2 and name the command', async () => {
  const [flag, cmd, sub, missing, value, extra] = await Promise.all([
    passreader(['issuer', 'init', '--bogus']),
    passreader(['frobnicate']),
    passreader(['issuer', 'frobnicate']),
    passreader(['issuer', 'card', '--pin', '1234']),
    passreader(['sim', '--state']),
    passreader(['issuer', 'cards', 'extra-word']),
  ]);
  assert.is(flag.code, 2, show(flag));
  assert.match(flag.stderr, /unknown option '--bogus' for 'passreader issuer init'/);
  assert.match(flag.stderr, /passreader issuer init --help/);
  assert.is(cmd.code, 2, show(cmd));
  assert.match(cmd.stderr, /unknown command 'frobnicate'/);
  assert.is(sub.code, 2, show(sub));
  assert.match(sub.stderr, /unknown command 'passreader issuer frobnicate'/);
  assert.match(sub.stderr, /issuer card/);
  assert.is(missing.code, 2, show(missing));
  assert.match(missing.stderr, /needs --profile NAME/);
  assert.is(value.code, 2, show(value));
  assert.match(value.stderr, /--state/);
  assert.is(extra.code, 2, show(extra));
  assert.match(extra.stderr, /unexpected argument 'extra-word'/);
});

test('--version prints the package version', async () => {
  const r = await passreader(['--version']);
  assert.is(r.code, 0);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test.run();
