/**
 * The built bundles, not the TypeScript source: dist/firmware/jerryscript.js
 * under the JerryScript profile (64 KB working-heap budget) and espruino.js
 * under the Espruino profile (no Map, Set, Math.imul...), driven through the
 * same virtual hardware and USB host as the other tests: provisioning, a
 * debit with PIN, its receipt verified, an access passage.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Status } from '../../protocol/status.js';
import { Command } from '../../protocol/messages/codes.js';
import { createEngine } from '../../simulator/engine/quickjs.js';
import type { ProfileName } from '../../simulator/engine/quickjs.js';
import { readBundle } from '../../simulator/engine/bundles.js';
import { createVirtualReader } from '../../simulator/reader/index.js';
import { VirtualFlash } from '../../simulator/hw/flash/virtual-flash.js';
import { TestHost } from './host.js';
import { engineStart } from '../../simulator/engine/reader.js';
import { crypto, issuer, newCard, provision, debit, verified, assertMoney, expectStatus, rid, CINEMA } from './fixtures.js';
import type { Bench } from './fixtures.js';

async function benchIn(profile: ProfileName, bundle: string): Promise<{ b: Bench; heap: () => number; dispose: () => void }> {
  const engine = await createEngine(profile);
  engine.load(readBundle(bundle), bundle);
  const reader = createVirtualReader({
    flash: new VirtualFlash(4096, 16),
    crypto,
    config: { issuerRoot: issuer.rootPublicKey },
    start: engineStart(engine),
  });
  const host = new TestHost(reader);
  host.sync();
  const info = host.call(Command.GET_INFO);
  expectStatus(info, Status.OK);
  return { b: { reader, host, certificate: null, info: info.result }, heap: () => engine.heap().peakWorking, dispose: () => engine.dispose() };
}

for (const [profile, bundle] of [['jerryscript', 'jerryscript.js'], ['espruino', 'espruino.js']] as const) {
  test(`${bundle} under the ${profile} profile: provision, debit with PIN, receipt verifies`, async () => {
    const { b, heap, dispose } = await benchIn(profile, bundle);
    try {
      provision(b);
      const card = newCard();
      const a = debit(b, card, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'Séance 14h' });
      expectStatus(a, Status.OK);
      const r = verified(b, a.result.receipt as Uint8Array);
      assert.is(r.reference, 'Séance 14h');
      assertMoney(card, [r], CINEMA);
      const again = b.host.call(Command.DEBIT, { benefit: CINEMA, amount: 2, requestId: rid(1), reference: 'Séance 14h' });
      assert.is(again.result.replayed, true);
      if (profile === 'jerryscript') assert.ok(heap() < 64 * 1024, `working heap ${heap()} bytes`);
    } finally {
      dispose();
    }
  });
}

test.run();
