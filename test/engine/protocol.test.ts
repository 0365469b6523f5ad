/**
 * The built protocol bundle (dist/firmware/protocol.js) runs its ES5 self-test
 * over every frame and CBOR vector under duktape and under the quickjs
 * "jerryscript" and "espruino" profiles, and its text passes the Espruino checks.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkBundleText } from './bundle-check.js';
import { readBundle } from '../../simulator/engine/bundles.js';
import { selfTestUnderDuk, selfTestUnderQuickJS, vectorList, type SelfTestSummary } from './selftest.js';

const test = suite('engine: protocol bundle');
const expected = vectorList().length;

function assertAllPassed(summary: SelfTestSummary | null, engine: string): void {
  assert.ok(summary, `${engine}: no summary line`);
  assert.equal(summary!.failures, [], `${engine}: failures`);
  assert.is(summary!.failed, 0, `${engine}: failed`);
  assert.is(summary!.passed, expected, `${engine}: every vector ran`);
}

test('the vector list is not empty (frames, reassembly and CBOR groups)', () => {
  const groups = new Set(vectorList().map((x) => x.group));
  for (const g of ['frames', 'reassembly', 'cbor.valid', 'cbor.invalid', 'cbor.encodeOnly', 'cbor.unencodable']) assert.ok(groups.has(g), g);
  assert.ok(expected > 100, `${expected} vectors`);
});

test('the bundle text has none of the constructs that break Espruino', () => {
  assert.equal(checkBundleText(readBundle('protocol.js'), 'protocol.js'), []);
});

test('duktape 2.7 (duk): every vector passes', () => {
  const { summary, duk } = selfTestUnderDuk();
  assert.is(duk.code, 0, `duk exited ${duk.code}: ${duk.stderr}`);
  assertAllPassed(summary, 'duktape');
});

test('quickjs "jerryscript" profile: every vector passes within the 64 KB working heap', async () => {
  const { summary, heap } = await selfTestUnderQuickJS('jerryscript');
  assertAllPassed(summary, 'jerryscript');
  assert.is(heap.budget, 64 * 1024);
  assert.ok(heap.peakWorking > 0 && heap.peakWorking <= heap.budget!, `peak working heap ${heap.peakWorking}`);
  if (process.env.ENGINE_HEAP_REPORT) console.log('jerryscript profile heap:', JSON.stringify(heap));
});

test('quickjs "espruino" profile: every vector passes', async () => {
  const { summary } = await selfTestUnderQuickJS('espruino');
  assertAllPassed(summary, 'espruino');
});

test.run();
