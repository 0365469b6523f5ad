/**
 * The fuzz targets of fuzz/ with a few thousand seeded cases each (the full
 * runs, a million cases per target, are `node --import tsx fuzz/run.ts`).
 * Each target must pass its oracle and reach past the first checks (some
 * inputs accepted, some rejected); the oracle itself must catch a broken
 * decoder; cases must be reproducible from (seed, index).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { caseInput, fuzz, runCase, type RunResult } from '../../fuzz/engine.js';
import { TARGETS } from '../../fuzz/targets/index.js';
import { expectTyped, type FuzzTarget } from '../../fuzz/target.js';
import { Status } from '../../protocol/status.js';
import { codedError } from '../../protocol/errors.js';

const t = suite('fuzz');
const SEED = 20241;

/** Cases per target in the test suite (the card applet signs: fewer). */
const CASES: Record<string, number> = { 'card-applet': 1500, 'firmware-dispatch': 1500 };

/** Outcome labels each target must have produced at least once (proof that mutations get past the first check). */
const REACHED: Record<string, string[]> = {
  reassembler: ['FRAME', 'FRAME_CRC', 'FRAME_SEQUENCE', 'FRAME_LENGTH', 'FRAME_UNEXPECTED'],
  'cbor-firmware': ['ok', 'BAD_REQUEST', 'NON_CANONICAL'],
  'cbor-host': ['ok', 'BAD_REQUEST', 'NON_CANONICAL'],
  'cbor-differential': ['ok', 'BAD_REQUEST', 'NON_CANONICAL'],
  'apdu-parse': ['ok', 'BAD_REQUEST'],
  'card-applet': ['sw 9000', 'sw 6700', 'sw 61xx', 'sw 63Cx', 'debit ok'],
  'firmware-dispatch': ['OK', 'BAD_REQUEST', 'NON_CANONICAL', 'UNKNOWN_COMMAND', 'cancelled flow'],
};

function describe(r: RunResult): string {
  return r.failures.map((f) => `case ${f.caseIndex} ${f.kind}: ${f.message} [${Buffer.from(f.input).toString('hex').slice(0, 120)}]`).join('\n');
}

for (const name of Object.keys(TARGETS)) {
  t(`${name}: seeded cases pass the oracle`, async () => {
    const target = await TARGETS[name]();
    if (!target) return; // not available in this tree yet (listed by fuzz/run.ts --list)
    const r = fuzz(target, { cases: CASES[name] ?? 3000, seed: SEED });
    assert.is(r.failing, 0, describe(r));
    for (const label of REACHED[name] ?? []) assert.ok((r.outcomes[label] ?? 0) > 0, `${name} never produced ${label}: ${JSON.stringify(r.outcomes)}`);
  });
}

t('cases are reproducible from seed and index', async () => {
  const target = (await TARGETS['cbor-firmware']()) as FuzzTarget;
  for (let i = 0; i < 50; i++) assert.equal(caseInput(target, 7, i), caseInput(target, 7, i));
  const a = Array.from({ length: 20 }, (_, i) => Buffer.from(caseInput(target, 7, i)).toString('hex'));
  const b = Array.from({ length: 20 }, (_, i) => Buffer.from(caseInput(target, 8, i)).toString('hex'));
  assert.not.equal(a, b);
});

t('the oracle flags untyped exceptions, wrong statuses and broken invariants', () => {
  const stats = { maxRatio: 0, maxAlloc: 0, outcomes: {} };
  const broken = (fail: () => void): FuzzTarget => ({ name: 'broken', description: '', corpus: [new Uint8Array(1)], run: fail });
  const untyped = runCase(broken(() => expectTyped(new TypeError('x is undefined'), [Status.BAD_REQUEST], 'decode')), new Uint8Array(1), stats);
  assert.is(untyped?.kind, 'exception');
  const wrong = runCase(broken(() => expectTyped(codedError(Status.INTERNAL, 'oops'), [Status.BAD_REQUEST], 'decode')), new Uint8Array(1), stats);
  assert.is(wrong?.kind, 'status');
  const typed = runCase(broken(() => void expectTyped(codedError(Status.BAD_REQUEST, 'fine'), [Status.BAD_REQUEST], 'decode')), new Uint8Array(1), stats);
  assert.is(typed, null);
  const r = fuzz(broken(() => { throw new RangeError('Invalid typed array length'); }), { cases: 10, seed: 1 });
  assert.is(r.failing, 10);
  assert.is(r.failures.length, 1); // deduplicated by kind and message
});

t.run();
