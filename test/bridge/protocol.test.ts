/**
 * The bridge's binary messages (README example bytes, round trips, malformed
 * input) and the browser-safety of the client: it must bundle for a browser
 * with no Node module and nothing from firmware/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import {
  decodeInResult,
  decodeTransferOut,
  encodeInResult,
  encodeTransferOut,
  fromHex,
  toHex,
} from '../../simulator/bridge/protocol.js';

const test = suite('bridge: protocol messages');

test('TRANSFER_OUT: the README example (SYNC request, session 1, id 7)', () => {
  const sync = fromHex('ffff840000099443962501234567' + '89abcdef01' + '00'.repeat(45))!;
  assert.is(sync.length, 64);
  const m = encodeTransferOut(7, 1, 1, sync);
  assert.is(m.length, 74);
  assert.is(toHex(m.subarray(0, 10)), '01000000070000000101');
  assert.equal(decodeTransferOut(m), { id: 7, session: 1, endpoint: 1, data: sync });
});

test('round trips of both binary messages', () => {
  fc.assert(
    fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 255 }), fc.uint8Array({ maxLength: 200 }), (id, session, ep, data) => {
      const out = decodeTransferOut(encodeTransferOut(id, session, ep, data))!;
      assert.equal([out.id, out.session, out.endpoint, toHex(out.data)], [id, session, ep, toHex(data)]);
      for (const status of ['ok', 'stall', 'babble'] as const) {
        const r = decodeInResult(encodeInResult(id, status, data))!;
        assert.equal([r.id, r.status, toHex(r.data)], [id, status, toHex(data)]);
      }
    }),
  );
});

test('malformed binary messages and hex decode to null', () => {
  assert.is(decodeTransferOut(new Uint8Array(9).fill(1)), null);
  assert.is(decodeTransferOut(encodeInResult(1, 'ok', new Uint8Array(8))), null);
  const bad = encodeInResult(1, 'ok', new Uint8Array(2));
  bad[5] = 3;
  assert.is(decodeInResult(bad), null);
  assert.is(decodeInResult(new Uint8Array([2, 0, 0])), null);
  assert.is(fromHex('abc'), null);
  assert.is(fromHex('zz'), null);
  assert.equal([...fromHex('00ff10')!], [0, 255, 16]);
});

test('client.ts bundles for a browser: no Node module, nothing from firmware/', async () => {
  const entry = fileURLToPath(new URL('../../simulator/bridge/client.ts', import.meta.url));
  const result = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, logLevel: 'silent' });
  assert.is(result.errors.length, 0);
  const inputs = Object.keys(result.metafile!.inputs);
  assert.ok(inputs.length > 3, 'the bundle has the client and the shared USBDevice code');
  assert.ok(inputs.every((p) => !p.includes('firmware/') && !p.startsWith('node:') && !p.includes('node_modules')), inputs.join(', '));
});

test.run();
