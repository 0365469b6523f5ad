/** The harness itself: value conversion, host functions, errors, timing, duktape runner, bundle checks. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createEngine, type EngineError } from '../../simulator/engine/quickjs.js';
import { hostFromJson, hostToJson } from '../../simulator/engine/bridge.js';
import { DUK_MISSING, runDuk } from '../../simulator/engine/duk.js';
import { checkBundleText } from './bundle-check.js';
import { readBundle } from '../../simulator/engine/bundles.js';

const test = suite('engine: harness');

const SAMPLE = {
  a: new Uint8Array([0, 1, 254, 255]),
  list: [1, -2.5, 'é水', true, false, null, undefined, new Uint8Array(0), [new Uint8Array([7])]],
  special: [NaN, Infinity, -Infinity, -0],
  nested: { '1': { '-1': 'x' }, empty: {} },
};

test('values cross both ways unchanged (bytes as Uint8Array, undefined, NaN, -0)', async () => {
  assert.equal(hostFromJson(hostToJson(SAMPLE)), SAMPLE);
  for (const profile of ['jerryscript', 'espruino'] as const) {
    const e = await createEngine(profile);
    e.load('var id = function (x) { return x; }; var kind = function (x) { return x instanceof Uint8Array ? "bytes" : typeof x; };');
    const back = e.call('id', SAMPLE) as typeof SAMPLE;
    assert.equal(back, SAMPLE, profile);
    assert.ok(back.a instanceof Uint8Array);
    assert.ok(Object.is(back.special[3], -0));
    assert.is(e.call('kind', new Uint8Array([1])), 'bytes', 'a Uint8Array arrives as a Uint8Array');
    assert.is(e.call('kind', Buffer.from([1])), 'bytes', 'a Buffer arrives as a Uint8Array');
    assert.is(e.call('id', undefined), undefined);
    assert.is(e.call('id', 'text'), 'text');
    assert.is(e.call('id', 12.5), 12.5);
    assert.ok(Object.is(e.call('id', -0), -0));
    e.dispose();
  }
});

test('host functions at dotted paths receive and return bytes; `this` is the owner for call()', async () => {
  const e = await createEngine('espruino');
  const seen: unknown[] = [];
  e.defineHostFunction('ports.crypto.sha256', (data: Uint8Array) => {
    seen.push(data);
    return new Uint8Array([data.length, 0xaa]);
  });
  e.defineHostFunction('ports.now', () => 1735689600);
  assert.equal(e.eval('var h = ports.crypto.sha256(new Uint8Array([1, 2, 3])); [h.length, h[0], h[1], h instanceof Uint8Array, ports.now()]'),
    [2, 3, 0xaa, true, 1735689600]);
  assert.equal(seen, [new Uint8Array([1, 2, 3])]);
  e.load('var counter = { n: 5, add: function (k) { this.n += k; return this.n; } };');
  assert.is(e.call('counter.add', 2), 7);
  assert.is(e.timing().hostCalls, 2);
  e.dispose();
});

test('engine errors reach the host with their status code and offset; host errors reach the engine with theirs', async () => {
  const e = await createEngine('jerryscript');
  e.load(readBundle('protocol.js'), 'protocol.js');
  let err: EngineError | null = null;
  try {
    e.call('PassProtocol.cbor.decode', new Uint8Array([0x1b, 0, 0, 0, 0, 0, 0, 0, 1]));
  } catch (x) {
    err = x as EngineError;
  }
  assert.ok(err, 'decode threw');
  assert.is(err!.code, 2, 'NON_CANONICAL');
  assert.is(err!.at, 0);
  assert.match(err!.message, /PassProtocol\.cbor\.decode/);
  e.defineHostFunction('fail', () => {
    throw Object.assign(new Error('port failed'), { code: 8, at: 3 });
  });
  assert.equal(e.eval('var r; try { fail(); } catch (x) { r = [x.code, x.at, x.message]; } r'), [8, 3, 'port failed']);
  assert.throws(() => e.call('PassProtocol.nothing'), /not a function/);
  assert.throws(() => e.call('missing.path.fn'), /not an object/);
  e.dispose();
  assert.throws(() => e.eval('1'), /disposed/);
  e.dispose();
});

test('timing splits engine, host and conversion time; resetTiming clears it', async () => {
  const e = await createEngine('jerryscript');
  e.defineHostFunction('port', (x: number) => x + 1);
  e.load('var work = function (n) { var s = 0; for (var i = 0; i < n; i++) s = (s + i) | 0; return port(s); };');
  e.resetTiming();
  assert.is(e.call('work', 100000), ((100000 * 99999) / 2 | 0) + 1);
  const t = e.timing();
  assert.is(t.calls, 1);
  assert.is(t.hostCalls, 1);
  for (const k of ['engineMs', 'hostMs', 'marshalMs', 'sampleMs'] as const) assert.ok(Number.isFinite(t[k]) && t[k] >= 0, `${k} ${t[k]}`);
  e.resetTiming();
  assert.equal(e.timing(), { engineMs: 0, hostMs: 0, marshalMs: 0, sampleMs: 0, calls: 0, hostCalls: 0 });
  e.dispose();
});

test('an endless loop is stopped by the time limit and the engine stays usable', async () => {
  const e = await createEngine('espruino', { timeLimitMs: 50 });
  assert.throws(() => e.eval('for (;;) {}'), /time limit of 50 ms/);
  assert.is(e.eval('1 + 1'), 2);
  e.dispose();
});

test('duk runs ES5 without Promise or Map, reports errors by exit code, and says how to install itself', () => {
  const ok = runDuk('print(typeof Promise, typeof Map, typeof print, [1, 2].map(function (x) { return x * 2; }).join("+"));');
  assert.is(ok.code, 0);
  assert.is(ok.stdout.trim(), 'undefined undefined function 2+4');
  const bad = runDuk('throw new Error("boom");');
  assert.is.not(bad.code, 0);
  assert.match(bad.stdout + bad.stderr, /boom/);
  const syntax = runDuk('var f = (x) => x;');
  assert.is.not(syntax.code, 0, 'duktape rejects ES2015 arrows');
  assert.throws(() => runDuk('1', { command: 'duk-not-installed-here' }), (e: Error) => e.message === DUK_MISSING);
});

test('the bundle check finds each Espruino-breaking construct, and only those', () => {
  const cases: [string, RegExp][] = [
    ['var a = Array.prototype.slice.call(arguments);', /Array\.prototype\.slice/],
    ['var t = String.prototype.trim;', /String\.prototype\.trim/],
    ['Math.max.apply(null, [1, 2]);', /\.apply\(/],
    ['var e = this && this.__extends;', /__extends/],
    ['var s = (void 0) && (void 0).__spreadArray;', /__spreadArray/],
    ['x: for (;;) { break x; }', /labelled statement/],
    ['f(); function f() {}', /'f' is used before/],
    ['function a() { return b(); } a(); function b() {}', /'a' calls 'b'/],
    ['(function () { g(); })(); function g() {}', /'g' is used before/],
  ];
  for (const [src, re] of cases) {
    const found = checkBundleText(src);
    assert.is(found.length, 1, `${src}: ${found.join('; ')}`);
    assert.match(found[0], re);
  }
  const clean = [
    'var x = { get: function () { return later; } }; function later() {}',
    'function a() { return b(); } function b() {} a();',
    'var r = Object.prototype.hasOwnProperty.call({}, "k");',
    'function h() { var Array = { prototype: { slice: 1 } }; return Array.prototype.slice; }',
    'var later; try { } catch (f) { f(); }',
  ];
  for (const src of clean) assert.equal(checkBundleText(src), [], src);
});

test.run();
