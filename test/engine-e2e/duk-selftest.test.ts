/**
 * The firmware self-test bundle (firmware/boards/selftest.ts, dist/firmware/selftest.js,
 * `PassReaderSelfTest.selfTest()`) loaded after each board bundle under duktape 2.7: no
 * Promise, no Map. It checks the pure pieces, then drives the board bundle through its
 * contract (start on in-memory ports, SYNC and GET_INFO as USB packets, usbControl, tick).
 * And the protocol self-test's vector list carries every debit scenario.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, readBundle, runDuk, ROOT } from '../../simulator/engine/index.js';
import { SELF_TEST_CHECKS } from '../../firmware/boards/selftest.js';
import { parseSummary, vectorList } from '../engine/selftest.js';

type Summary = { passed: number; failed: number; failures: string[] };

/** Run `scripts` (bundle texts) in one duktape, then the self-test; its summary. */
function dukSelfTest(scripts: string[]): Summary {
  const r = runDuk(scripts.join('\n') + '\nprint(JSON.stringify(PassReaderSelfTest.selfTest()));\n');
  assert.is(r.code, 0, `duk exited ${r.code}: ${r.stderr}${r.stdout.slice(-500)}`);
  return parseSummary(r.stdout) as unknown as Summary;
}

for (const bundle of ['jerryscript.js', 'espruino.js']) {
  test(`${bundle} + selftest.js under duktape: PassReaderSelfTest.selfTest() passes all ${SELF_TEST_CHECKS} checks`, () => {
    const s = dukSelfTest([readBundle(bundle), readBundle('selftest.js')]);
    assert.equal(s.failures, [], 'failed checks');
    assert.is(s.failed, 0);
    assert.ok(s.passed >= SELF_TEST_CHECKS, `${s.passed} checks passed, expected ${SELF_TEST_CHECKS}`);
    assert.ok(!/selfTest/.test(readBundle(bundle)), 'the self-test is not in the board bundle');
  });
}

test('selftest.js without a board bundle: the board checks fail, the pure ones pass', () => {
  const s = dukSelfTest([readBundle('selftest.js')]);
  assert.equal(s.failures, ['board.start', 'board.sync', 'board.getInfo', 'board.usbControl', 'board.tick']);
  assert.is(s.passed, SELF_TEST_CHECKS - 5);
});

for (const profile of ['jerryscript', 'espruino'] as const) {
  test(`${profile}.js + selftest.js under the quickjs ${profile} profile (the globals it lacks deleted)`, async () => {
    const engine = await createEngine(profile);
    try {
      engine.load(readBundle(`${profile}.js`), `${profile}.js`);
      engine.load(readBundle('selftest.js'), 'selftest.js');
      const s = JSON.parse(engine.eval('JSON.stringify(PassReaderSelfTest.selfTest())') as string) as Summary;
      assert.equal(s.failures, [], 'failed checks');
      assert.is(s.passed, SELF_TEST_CHECKS);
    } finally {
      engine.dispose();
    }
  });
}

test('the protocol self-test runs every case of scenarios.json (group "rules")', () => {
  const cases = JSON.parse(readFileSync(join(ROOT, 'test', 'vectors', 'scenarios.json'), 'utf8')).cases as { name: string }[];
  const rules = vectorList().filter((x) => x.group === 'rules');
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  assert.equal(rules.map((x) => x.v.name), cases.map((c) => c.name));
});

test.run();
