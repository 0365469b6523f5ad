/** The quickjs profiles really remove what the reader's engines lack, and the heap budget bites. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createEngine, HeapBudgetError, type Engine } from '../../simulator/engine/quickjs.js';
import { PROFILES } from '../../simulator/engine/profiles.js';

const test = suite('engine: profiles');

function throwsInEngine(e: Engine, code: string): string {
  try {
    e.eval(code);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${e.profile}: expected ${code} to throw`);
}

async function withEngine<T>(profile: 'jerryscript' | 'espruino', f: (e: Engine) => T, options = {}): Promise<T> {
  const e = await createEngine(profile, options);
  try {
    return f(e);
  } finally {
    e.dispose();
  }
}

test('espruino: Math.imul, Map, Set, Symbol, BigInt, Number.isInteger, Array.from... throw', () =>
  withEngine('espruino', (e) => {
    assert.match(throwsInEngine(e, 'Math.imul(3, 5)'), /not a function/);
    assert.match(throwsInEngine(e, 'new Map()'), /Map.? is not defined/);
    assert.match(throwsInEngine(e, 'new Set()'), /Set.? is not defined/);
    assert.match(throwsInEngine(e, 'Symbol("x")'), /Symbol.? is not defined/);
    assert.match(throwsInEngine(e, 'BigInt(1)'), /BigInt.? is not defined/);
    assert.match(throwsInEngine(e, 'Number.isInteger(1)'), /not a function/);
    assert.match(throwsInEngine(e, 'Array.from([1])'), /not a function/);
    assert.match(throwsInEngine(e, 'Object.freeze({})'), /not a function/);
    assert.match(throwsInEngine(e, 'Date.UTC(2020, 0)'), /not a function/);
    assert.match(throwsInEngine(e, 'new RangeError("x")'), /RangeError.? is not defined/);
    assert.match(throwsInEngine(e, '[1, 2].reduceRight(function (a, b) { return a + b; })'), /not a function/);
    assert.match(throwsInEngine(e, 'new ArrayBuffer(4).slice(1)'), /not a function/);
    assert.match(throwsInEngine(e, 'new TextEncoder()'), /TextEncoder.? is not defined/);
    assert.match(throwsInEngine(e, 'setTimeout(function () {}, 1)'), /setTimeout.? is not defined/);
  }));

test('espruino: every listed path is gone, ES5 + typed arrays + Promise remain', () =>
  withEngine('espruino', (e) => {
    for (const p of PROFILES.espruino.remove.filter((n) => n !== 'console')) assert.is(e.eval(`typeof globalThis.${p}`), 'undefined', p);
    assert.equal(e.eval('Object.keys(console)'), ['log'], 'console has log only');
    assert.is(e.eval('new Uint8Array([1, 2, 3]).subarray(1).length'), 2);
    assert.is(e.eval('typeof Promise + typeof JSON.stringify + typeof Object.keys + typeof new Uint8Array(2).slice'), 'functionfunctionfunctionfunction');
  }));

test('espruino: print and console.log both print', () =>
  withEngine('espruino', (e) => {
    e.eval('print("a", 1); console.log("b", true)');
    assert.equal(e.output, ['a 1', 'b true']);
  }));

test('jerryscript: print only (no console, timers, require, TextEncoder); Map, Promise, Math.imul kept', () =>
  withEngine('jerryscript', (e) => {
    assert.is(e.eval('typeof console'), 'undefined');
    assert.match(throwsInEngine(e, 'console.log("x")'), /console.? is not defined/);
    for (const name of ['setTimeout', 'setInterval', 'require', 'process', 'TextEncoder', 'TextDecoder']) assert.is(e.eval(`typeof ${name}`), 'undefined', name);
    e.eval('print("hello", 42)');
    assert.equal(e.output, ['hello 42']);
    assert.is(e.eval('Math.imul(3, 5) + new Map([[1, 2]]).get(1)'), 17);
    assert.is(e.eval('typeof Promise'), 'function');
  }));

test('jerryscript: ~200 KB of typed arrays trips the 64 KB heap budget, even inside try/catch, and the engine stays dead', () =>
  withEngine('jerryscript', (e) => {
    let err: unknown = null;
    try {
      e.eval('var keep = []; try { for (var i = 0; i < 200; i++) keep.push(new Uint8Array(1024)); } catch (x) { "swallowed" }');
    } catch (x) {
      err = x;
    }
    assert.ok(err instanceof HeapBudgetError, String(err));
    assert.match((err as Error).message, /heap budget exceeded/);
    assert.ok((err as HeapBudgetError).used > 200 * 1024);
    assert.ok(e.heap().peak > 200 * 1024);
    assert.throws(() => e.eval('1'), /heap budget exceeded/);
  }));

test('jerryscript: a long loop is stopped by the interrupt handler before it ends', () =>
  withEngine('jerryscript', (e) => {
    let reached = false;
    e.defineHostFunction('reached', () => void (reached = true));
    assert.throws(() => e.eval('var k = []; for (var i = 0; i < 1000000; i++) k.push(new Uint8Array(64)); reached();'), /heap budget exceeded/);
    assert.is(reached, false, 'the loop ran to its end');
    assert.ok(e.heap().current < 1024 * 1024, `stopped at ${e.heap().current} bytes`);
  }));

test('jerryscript: a 64 KiB buffer alone does not fit; 16 KiB does', async () => {
  await withEngine('jerryscript', (e) => {
    assert.is(e.eval('var small = new Uint8Array(16384); small.length'), 16384);
    assert.ok(e.heap().peakWorking >= 16384 && e.heap().peakWorking < 64 * 1024);
  });
  await withEngine('jerryscript', (e) => {
    assert.throws(() => e.eval('var big = new Uint8Array(65536); big.length'), /heap budget exceeded/);
  });
});

test('jerryscript: the budget counts run-time data over loaded code, or code too when asked', async () => {
  const script = 'var TABLE = []; for (var i = 0; i < 2000; i++) TABLE.push({ a: i, b: "x" + i });';
  await withEngine('jerryscript', (e) => {
    e.load(script);
    assert.ok(e.heap().code > 64 * 1024, `code ${e.heap().code}`);
    assert.is(e.eval('TABLE.length'), 2000);
  });
  await withEngine('jerryscript', (e) => {
    assert.throws(() => e.load(script), /heap budget exceeded/);
  }, { budgetIncludesCode: true });
});

test('espruino: no budget by default; one can be set', async () => {
  await withEngine('espruino', (e) => {
    assert.is(e.eval('new Uint8Array(300000).length'), 300000);
    assert.is(e.heap().budget, null);
  });
  await withEngine('espruino', (e) => {
    assert.throws(() => e.eval('var keep = new Uint8Array(300000); keep.length'), /espruino profile: heap budget exceeded/);
  }, { heapBudget: 100000 });
});

test('espruino quirk on request: String.fromCharCode keeps only the low byte', async () => {
  await withEngine('espruino', (e) => assert.is(e.eval('String.fromCharCode(0x6c34, 0x41).charCodeAt(0)'), 0x6c34));
  await withEngine('espruino', (e) => {
    assert.is(e.eval('String.fromCharCode(0x6c34, 0x141).charCodeAt(0)'), 0x34);
    assert.is(e.eval('String.fromCharCode(0x6c34, 0x141).charCodeAt(1)'), 0x41);
  }, { fromCharCodeLowByte: true });
});

test.run();
