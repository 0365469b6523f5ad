/**
 * The board bundles' own port-free self-test (firmware/boards/selftest.ts,
 * `PassReader.selfTest()`) under duktape 2.7: no ports, no Promise, no
 * Map. And the protocol self-test's vector list carries every debit scenario.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBundle, runDuk, ROOT } from '../../simulator/engine/index.js';
import { SELF_TEST_CHECKS } from '../../firmware/boards/selftest.js';
import { parseSummary, vectorList } from '../engine/selftest.js';

for (const bundle of ['jerryscript.js', 'espruino.js']) {
  test(`${bundle} under duktape: PassReader.selfTest() passes all ${SELF_TEST_CHECKS} checks`, () => {
    const call = 'PassReader.selfTest()';
    const r = runDuk(readBundle(bundle) + `\nprint(JSON.stringify(${call}));\n`);
    assert.is(r.code, 0, `duk exited ${r.code}: ${r.stderr}${r.stdout.slice(-500)}`);
    const s = parseSummary(r.stdout) as unknown as { passed: number; failed: number; failures: string[] };
    assert.equal(s.failures, [], 'failed checks');
    assert.is(s.failed, 0);
    assert.ok(s.passed >= SELF_TEST_CHECKS, `${s.passed} checks passed, expected ${SELF_TEST_CHECKS}`);
  });
}

test('the protocol self-test runs every case of scenarios.json (group "rules")', () => {
  const cases = JSON.parse(readFileSync(join(ROOT, 'test', 'vectors', 'scenarios.json'), 'utf8')).cases as { name: string }[];
  const rules = vectorList().filter((x) => x.group === 'rules');
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  assert.equal(rules.map((x) => x.v.name), cases.map((c) => c.name));
});

test.run();
