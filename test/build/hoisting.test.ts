/**
 * scripts/check-hoisting.mjs: the build refuses a board bundle that references a function
 * declaration before the declaration (Espruino does not hoist them), and the bundles built
 * by `npm test` have none.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// @ts-expect-error: a plain .mjs build script, no types
import { useBeforeDeclaration } from '../../scripts/check-hoisting.mjs';
import { readBundle } from '../../simulator/engine/index.js';

const check = (text: string): string[] => useBeforeDeclaration(text);

test('a call before the declaration in the same scope is found', () => {
  assert.equal(check('var x = f(); function f() { return 1; }'), ['f at 8']);
});

test('a reference from a nested function counts too (conservative)', () => {
  assert.equal(check('function g() { return f(); } function f() { return 1; }').length, 1);
});

test('declaration first, shadowing, parameters and properties are fine', () => {
  assert.equal(check('function f() { return 1; } var x = f();'), []);
  assert.equal(check('function g(f) { return f(); } function f() {}'), []);
  assert.equal(check('function g() { var f = 1; return f; } function f() {}'), []);
  assert.equal(check('var o = { f: 1 }; o.f = 2; function f() {}'), []);
  assert.equal(check('try { h(); } catch (f) { f(); } function h() {}').length, 1);
});

test('the built board bundles reference no function before its declaration', () => {
  for (const name of ['jerryscript.js', 'espruino.js']) assert.equal(check(readBundle(name)), [], name);
});

test.run();
