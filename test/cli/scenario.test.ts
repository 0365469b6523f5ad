/** Scenario files: validation (in process) and scripted runs of the examples (as child processes). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, validateScenario, ScenarioError } from '../../simulator/scenario/validate.js';
import { DISCONNECTED } from '../../simulator/scenario/host.js';
import { cleanup, passreader, ROOT, show, tempDir } from './run.js';

const EXAMPLES = join(ROOT, 'simulator', 'scenario', 'examples');
const base = {
  reader: { partner: 'Cinéma', categories: ['cinema'] },
  cards: [{ id: 'camille', profile: 'cap1-cooking', pin: '1234', name: 'Camille Martin' }],
};

/** The problems of an invalid scenario. */
function problems(json: unknown): string[] {
  try {
    validateScenario(json, 't.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
  assert.unreachable('the scenario should be invalid');
  return [];
}

const v = suite('cli scenario validation');

v('every example validates', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 4, 'at least 4 examples');
  for (const f of files) parseScenario(readFileSync(join(EXAMPLES, f), 'utf8'), f);
});

v('names become codes, durations milliseconds, amounts cents', () => {
  const s = validateScenario({
    ...base,
    steps: [
      { request: { command: 'debit', benefit: 'first-equipment', euros: '42,50', reference: 'R' }, expect: { status: 'ok' } },
      { advance: '1m30s' },
      { fault: { unplugAtPacket: { at: 2, direction: 'in', frame: 'msg' } } },
      { request: { command: 'info' }, expect: { status: 'DISCONNECTED' } },
      { expect: { balance: { card: 'camille', benefit: 'shows', equals: '30.00 €' } } },
    ],
  });
  const debit = s.steps[0] as { kind: 'request'; request: { command: number; args: Record<string, unknown>; defaultRequestId?: string }; expect: { status: number } };
  assert.is(debit.request.command, 0x11);
  assert.is(debit.request.args.benefit, 4);
  assert.is(debit.request.args.amount, 4250);
  assert.is(debit.request.defaultRequestId, 'step-1');
  assert.is(debit.expect.status, 0);
  assert.equal(s.steps[1], { kind: 'advance', ms: 90000 });
  assert.equal(s.steps[2], { kind: 'fault', fault: { unplugAtPacket: { at: 2, direction: 'in', frame: 'MSG' } } });
  assert.is((s.steps[3] as { expect: { status: number } }).expect.status, DISCONNECTED);
  assert.equal((s.steps[4] as { expect: { balance: unknown } }).expect.balance, { card: 'camille', benefit: 9, equals: 3000 });
});

v('each problem is reported with its path', () => {
  const p = problems({
    reader: { partner: 'X', categories: ['cinema', 'popcorn'], mode: 'merchant' },
    cards: [{ id: 'a', profile: 'astronaut', pin: '12' }],
    steps: [
      { tap: 'b' },
      { type: '12a' },
      { request: { command: 'debt' } },
      { request: { command: 'debit', benefit: 'cinema' } },
      { fault: { tearCardAt: { step: 0 } } },
      { advance: 'soon' },
      { expect: {} },
      { dance: true },
    ],
  });
  const text = p.join('\n');
  assert.match(text, /reader\.categories\[1\]: unknown category "popcorn"/);
  assert.match(text, /cards\[0\]\.profile: unknown profile "astronaut"/);
  assert.match(text, /cards\[0\]\.pin: a PIN is 4 digits/);
  assert.match(text, /steps\[0\]\.tap: unknown card "b" \(cards: a\)/);
  assert.match(text, /steps\[1\]\.type: only the keys 0-9, \* and # exist/);
  assert.match(text, /steps\[2\]\.request\.command: unknown command "debt"/);
  assert.match(text, /steps\[3\]\.request: give the amount once/);
  assert.match(text, /steps\[4\]\.fault\.tearCardAt\.step: expected a whole number 1\.\.1000/);
  assert.match(text, /steps\[5\]\.advance: expected a duration/);
  assert.match(text, /steps\[6\]\.expect: nothing to check/);
  assert.match(text, /steps\[7\]: unknown step/);
  assert.is(p.length, 11);
});

v('unknown fields, missing steps and bad JSON are errors too', () => {
  assert.match(problems({ ...base, steps: [], extra: 1 }).join('\n'), /\(top\)\.extra: unknown field/);
  assert.match(problems({ ...base }).join('\n'), /steps: missing/);
  assert.match(problems({ ...base, steps: [{ tap: 'camille', pull: 'camille' }] }).join('\n'), /steps\[0\]\.pull: unknown field/);
  assert.throws(() => parseScenario('{"steps": [', 'bad.json'), (e: unknown) => e instanceof ScenarioError && /bad\.json: 1 problem:\n {2}not valid JSON/.test((e as Error).message));
});

v('a scenario without a reader uses the state directory and refers to cards by name', () => {
  const s = validateScenario({ cards: ['camille'], steps: [{ tap: 'camille' }] });
  assert.is(s.reader, null);
  assert.equal(s.cards, [{ id: 'camille', ref: 'camille' }]);
  assert.match(problems({ cards: [{ id: 'x', profile: 'referent' }], steps: [{ note: 'n' }] }).join('\n'), /cards are references/);
});

v.run();

const r = suite('cli sim --script');
let dir = '';
r.before(() => {
  dir = tempDir();
});
r.after(() => cleanup(dir));

r('every example scenario passes (exit 0) with a transcript of frames, display and verified receipts', async () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort();
  const runs = await Promise.all(files.map((f) => passreader(['sim', '--script', join(EXAMPLES, f), '--state', join(dir, 'unused')])));
  runs.forEach((run, i) => {
    assert.is(run.code, 0, `${files[i]}: ${show(run)}`);
    assert.match(run.stdout, /^Scenario: /);
    assert.match(run.stdout, /PASS: (\d+) of \1 expectations held/);
    assert.not.match(run.stdout, /FAILED/);
  });
  const happy = runs[files.indexOf('happy-debit.json')].stdout;
  assert.match(happy, /> MSG seq \d+ DEBIT/);
  assert.match(happy, /< KEEPALIVE seq \d+ WAITING_FOR_PIN 2 digits/);
  assert.match(happy, /display {2}Paiement OK/);
  assert.match(happy, /receipt #1: 1 unit of cinema, balance after 4 units.*verified/);
  assert.match(happy, /hash chain verified/);
  const pulled = runs[files.indexOf('pulled-card.json')].stdout;
  assert.match(pulled, /card torn away mid-command/);
  assert.match(pulled, /\(RECOVERED\)/);
});

r('a failing expectation gives exit 1 and says what differed; --transcript writes the same lines', async () => {
  const file = join(dir, 'fail.json');
  const out = join(dir, 'out.txt');
  writeFileSync(file, JSON.stringify({
    ...base,
    steps: [
      { request: { command: 'debit', benefit: 'cinema', units: 1 }, expect: { status: 'OK', balance: 3 } },
      { tap: 'camille' },
      { type: '1234#' },
      { expect: { balance: { card: 'camille', benefit: 'cinema', equals: 5 } } },
    ],
  }));
  const run = await passreader(['sim', '--script', file, '--transcript', out, '--quiet']);
  assert.is(run.code, 1, show(run));
  assert.match(run.stdout, /expect step 1 DEBIT: FAILED: balance 4, expected 3/);
  assert.match(run.stdout, /expect balance of camille cinema = 5 units: FAILED: it is 4 units/);
  assert.match(run.stdout, /FAIL: 0 of 2 expectations held, 2 failed/);
  assert.not.match(run.stdout, /> MSG/, '--quiet hides frames');
  const text = readFileSync(out, 'utf8');
  assert.ok(text.includes('FAIL: 0 of 2 expectations held'));
  assert.not.match(text, /\x1b\[/, 'no colour codes in the transcript file');
});

r('fault injection: USB unplug before the response, garbled packet, power cut, recovery by request id', async () => {
  const file = join(dir, 'faults.json');
  writeFileSync(file, JSON.stringify({
    ...base,
    steps: [
      { fault: { unplugAtPacket: { at: 1, direction: 'in', frame: 'MSG' } } },
      { request: { command: 'debit', benefit: 'cinema', units: 1, requestId: 'r1' }, expect: { status: 'DISCONNECTED' } },
      { tap: 'camille' },
      { type: '1234#' },
      { wait: true },
      { replug: true },
      { request: { command: 'debit', benefit: 'cinema', units: 1, requestId: 'r1' }, expect: { status: 'OK', replayed: true, balance: 4 } },
      { fault: { garblePacket: { at: 1, direction: 'out' } } },
      { request: { command: 'info' }, expect: { status: 'OK' } },
      { fault: { cutPowerAtFlashWrite: 1 } },
      { request: { command: 'debit', benefit: 'cinema', units: 1, requestId: 'r2' }, expect: { status: 'DISCONNECTED' } },
      { type: '1234#' },
      { wait: true },
      { reboot: true },
      { request: { command: 'transaction', requestId: 'r1' }, expect: { status: 'OK' } },
      { expect: { balance: { card: 'camille', benefit: 'cinema', equals: 4 }, counter: { card: 'camille', equals: 1 } } },
    ],
  }));
  const run = await passreader(['sim', '--script', file]);
  assert.is(run.code, 0, show(run));
  assert.match(run.stdout, /FAULT USB unplugged at reader -> host MSG frame 1/);
  assert.match(run.stdout, /FAULT garbled host -> reader packet 1/);
  assert.match(run.stdout, /< ERROR seq \d+ FRAME_CRC/);
  assert.match(run.stdout, /power cut at flash operation \d+/);
  assert.match(run.stdout, /PASS: 7 of 7 expectations held/);
});

r('an invalid scenario exits 2 and lists its problems; a missing file exits 2', async () => {
  const file = join(dir, 'invalid.json');
  writeFileSync(file, JSON.stringify({ ...base, steps: [{ tap: 'nobody' }, { request: { command: 'debit', benefit: 'popcorn', units: 1 } }] }));
  const [bad, missing] = await Promise.all([
    passreader(['sim', '--script', file]),
    passreader(['sim', '--script', join(dir, 'nope.json')]),
  ]);
  assert.is(bad.code, 2, show(bad));
  assert.match(bad.stderr, /invalid scenario invalid\.json: 2 problems/);
  assert.match(bad.stderr, /steps\[0\]\.tap: unknown card "nobody"/);
  assert.match(bad.stderr, /steps\[1\]\.request\.benefit: unknown benefit "popcorn"/);
  assert.is(bad.stdout, '');
  assert.is(missing.code, 2, show(missing));
  assert.match(missing.stderr, /cannot read the scenario/);
});

r.run();
