/**
 * End to end: the SDK drives the real firmware through the simulator's WebUSB device.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toHex } from '../../protocol/bytes/hex.js';
import { DeviceStatusError, Reader, TransportError } from '../../sdk/index.js';
import { connect, drive, provisionMerchant, rig } from './sim.js';

const test = suite('sdk: end to end with the simulator');

test('connect, provision, debit one cinema ticket: verified receipt', async () => {
  const r = rig('e2e-debit');
  const reader = await connect(r);
  assert.is(reader.lastInfo!.mode, 'unprovisioned');
  await provisionMerchant(r, reader);
  assert.is(reader.lastInfo!.mode, 'merchant');
  const stages: string[] = [];
  const receipt = await drive(r, (onProgress) =>
    reader.debit({ benefit: 8, units: 1, reference: 'T-1' }, { onProgress: (p) => { stages.push(p.stage); onProgress(p); } }),
  );
  assert.is(receipt.benefit, 8);
  assert.is(receipt.amount, 1);
  assert.is(receipt.balanceAfter, 4);
  assert.is(receipt.partnerName, 'Cinéma Le Zola');
  assert.is(receipt.holderName, 'Zoé Martin');
  assert.is(receipt.reference, 'T-1');
  assert.is(receipt.replayed, false);
  assert.ok(stages.includes('waiting-for-pin'));
  await reader.close();
});


/** The cinema wallet's balance on the card itself. */
function cinemaLeft(r: ReturnType<typeof rig>): number {
  return r.card.state().wallets.find((w) => w.benefit === 8)!.balance;
}

test('retry with the same requestId: identical receipt bytes, the card debited once', async () => {
  const r = rig('e2e-retry');
  const reader = await connect(r);
  await provisionMerchant(r, reader);
  const requestId = reader.newRequestId();
  const a = await drive(r, (onProgress) => reader.debit({ benefit: 8, units: 2, requestId }, { onProgress }));
  const b = await drive(r, (onProgress) => reader.debit({ benefit: 8, units: 2, requestId }, { onProgress }));
  assert.is(a.replayed, false);
  assert.is(b.replayed, true);
  assert.equal(b.bytes, a.bytes);
  assert.is(a.requestId, requestId);
  assert.is(cinemaLeft(r), 3);
  // the same request id for a different debit is refused, not debited
  const err = await drive(r, (onProgress) => reader.debit({ benefit: 8, units: 1, requestId }, { onProgress }).catch((e) => e));
  assert.ok(err instanceof DeviceStatusError);
  assert.is(err.name, 'REQUEST_ID_CONFLICT');
  assert.is(cinemaLeft(r), 3);
  await reader.close();
});

test('unplug after the card committed: reconnect, getTransaction returns the receipt, a retry does not debit again', async () => {
  const r = rig('e2e-unplug');
  const reader = await connect(r);
  await provisionMerchant(r, reader);
  const requestId = reader.newRequestId();
  // The cable is pulled just as the reader sends the debit's response (after it journalled the receipt).
  let armed = true;
  r.hooks.beforeIn = (p) => {
    if (armed && p[2] === 0x81 && p.length === 64) {
      armed = false;
      queueMicrotask(() => r.gadget.unplug());
      return false;
    }
    return true;
  };
  const err = await drive(r, (onProgress) => reader.debit({ benefit: 8, units: 1, reference: 'T-9', requestId }, { onProgress }).catch((e) => e));
  assert.ok(err instanceof TransportError, String(err));
  assert.is((err as TransportError).kind, 'disconnected');
  assert.is((err as TransportError).requestId, requestId);
  assert.ok(reader.closed);
  assert.is(cinemaLeft(r), 4, 'the card was debited');
  await reader.close();

  r.hooks.beforeIn = null;
  r.gadget.plug(); // boots the reader again on its flash
  const devices = await r.usb.getDevices();
  assert.is(devices.length, 1);
  const again = await connect(r, devices[0]);
  const found = await drive(r, () => again.getTransaction(requestId));
  assert.is(found.requestId, requestId);
  assert.is(found.reference, 'T-9');
  assert.is(found.balanceAfter, 4);
  const retry = await drive(r, (onProgress) => again.debit({ benefit: 8, units: 1, reference: 'T-9', requestId }, { onProgress }));
  assert.is(retry.replayed, true);
  assert.equal(retry.bytes, found.bytes);
  assert.is(cinemaLeft(r), 4, 'debited once');
  const missing = await drive(r, () => again.getTransaction('ff'.repeat(16)).catch((e) => e));
  assert.is((missing as DeviceStatusError).name, 'TRANSACTION_NOT_FOUND');
  await again.close();
});

test('wrong PIN from the keypad: WRONG_PIN with 2 tries left, nothing debited', async () => {
  const r = rig('e2e-pin');
  const reader = await connect(r);
  await provisionMerchant(r, reader);
  r.holder.pin = '0000';
  const err = await drive(r, (onProgress) => reader.debit({ benefit: 8, units: 1 }, { onProgress }).catch((e) => e));
  assert.ok(err instanceof DeviceStatusError, String(err));
  assert.is(err.name, 'WRONG_PIN');
  assert.is(err.details.triesLeft, 2);
  assert.match(err.message, /2 tries left/);
  assert.is(cinemaLeft(r), 5);
  await reader.close();
});

test('abort while the reader waits for the PIN: CANCEL, nothing debited, the reader stays usable', async () => {
  const r = rig('e2e-abort');
  const reader = await connect(r);
  await provisionMerchant(r, reader);
  r.holder.pin = null; // the holder never types
  const ac = new AbortController();
  const err = await drive(r, (onProgress) =>
    reader.debit({ benefit: 8, units: 1 }, { signal: ac.signal, onProgress: (p) => { onProgress(p); if (p.stage === 'waiting-for-pin') ac.abort(); } }).catch((e) => e),
  );
  assert.is((err as Error).name, 'AbortError');
  assert.is(cinemaLeft(r), 5);
  const info = await drive(r, () => reader.info());
  assert.is(info.mode, 'merchant');
  await reader.close();
});

test('readCard and balance through the firmware', async () => {
  const r = rig('e2e-read');
  const reader = await connect(r);
  await provisionMerchant(r, reader);
  const card = await drive(r, (onProgress) => reader.readCard({ onProgress }));
  assert.is(card.holderName, 'Zoé Martin');
  assert.is(card.cardId, toHex(r.card.cardId));
  assert.ok(card.wallets.some((w) => w.benefit === 8 && w.balance === undefined));
  const bal = await drive(r, (onProgress) => reader.balance({ onProgress }));
  assert.is(bal.wallets.find((w) => w.benefit === 8)!.balance, 5);
  await reader.close();
});

test('journal after two debits: a verified chain; acknowledge', async () => {
  const r = rig('e2e-journal');
  const reader = await connect(r);
  await provisionMerchant(r, reader);
  await drive(r, (onProgress) => reader.debit({ benefit: 8, units: 1 }, { onProgress }));
  await drive(r, (onProgress) => reader.debit({ benefit: 9, cents: 1250, reference: 'Concert' }, { onProgress }));
  const page = await drive(r, () => reader.journal());
  assert.ok(page.chain!.ok, page.chain!.message);
  assert.equal(page.receipts.map((x) => x.seq), [1, 2]);
  assert.is(page.receipts[1].unit, 'cents');
  assert.is(page.receipts[1].amount, 1250);
  assert.is(await drive(r, () => reader.acknowledge(page.last)), 2);
  await reader.close();
});

test('a second page cannot claim the reader while the first holds it', async () => {
  const r = rig('e2e-claim');
  const reader = await connect(r);
  const { VirtualUsb } = await import('../../simulator/usb/index.js');
  const otherTab = new VirtualUsb({ allowAllDevices: true, bus: r.usb.bus });
  const [device] = await otherTab.getDevices();
  const err = await Reader.connect(device, { issuerRoot: r.issuer.rootPublicKey, hub: null, locks: null }).catch((e) => e);
  assert.ok(err instanceof TransportError);
  assert.is((err as TransportError).kind, 'interface-claimed');
  await reader.close();
  otherTab.dispose();
});

test.run();
