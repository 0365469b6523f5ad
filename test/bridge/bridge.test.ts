/**
 * The WebSocket bridge: a server on 127.0.0.1 port 0 serving an echo reader
 * and a scripted reader, used from Node with ws's WebSocket through BridgeUsb
 * (the same client code a browser page runs).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { BridgeUsb } from '../../simulator/bridge/client.js';
import { startBridge, type BridgeServer } from '../../simulator/bridge/server.js';
import { UsbGadget, echoEndpoint, firmwareDescriptorSource, scriptedEndpoint, type ScriptedEndpoint } from '../../simulator/usb/index.js';
import { ID, ID2, bytesOf, openClaimed, packet, rejects } from '../usb-device/fixture.js';

const test = suite('bridge: WebSocket bridge');

interface Ctx {
  bridge: BridgeServer;
  echo: UsbGadget;
  scripted: UsbGadget;
  scriptedEp: ScriptedEndpoint;
  clients: BridgeUsb[];
}

const ctx = {} as Ctx;

test.before.each(async () => {
  ctx.echo = new UsbGadget({ endpoint: echoEndpoint(), descriptors: firmwareDescriptorSource(ID), name: 'echo' });
  ctx.scriptedEp = scriptedEndpoint();
  ctx.scripted = new UsbGadget({ endpoint: ctx.scriptedEp, descriptors: firmwareDescriptorSource(ID2), name: 'scripted' });
  ctx.bridge = await startBridge({ host: '127.0.0.1', port: 0, readers: new Map([['echo', ctx.echo], ['scripted', ctx.scripted]]) });
  ctx.clients = [];
});

test.after.each(async () => {
  for (const c of ctx.clients) c.close();
  await ctx.bridge.close();
});

async function client(options: { allowAllDevices?: boolean } = { allowAllDevices: true }): Promise<BridgeUsb> {
  const usb = await BridgeUsb.connect(ctx.bridge.url, { WebSocket, ...options });
  ctx.clients.push(usb);
  return usb;
}

async function device(usb: BridgeUsb, serial: string): Promise<USBDevice> {
  return usb.requestDevice({ filters: [{ vendorId: 0x1209, serialNumber: serial }] });
}

function nextEvent(usb: BridgeUsb, type: 'connect' | 'disconnect'): Promise<USBConnectionEvent> {
  return new Promise((resolve) => usb.addEventListener(type, resolve, { once: true }));
}

/** Wait (by polling the event loop, no time limit asserted) until `cond` holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), what);
}

test('the bridge refuses to listen anywhere but 127.0.0.1', async () => {
  for (const host of ['0.0.0.0', 'localhost', '::', '192.168.1.10']) {
    await rejects(startBridge({ host, readers: new Map() }), 'Error', '127.0.0.1 only');
  }
  assert.match(ctx.bridge.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
});

test('list: the welcome carries every reader with its descriptors', async () => {
  const usb = await client({});
  assert.equal(usb.readers.map((r) => [r.name, r.plugged, r.info.serialNumber]), [
    ['echo', true, '0123456789abcdef'],
    ['scripted', true, 'fedcba9876543210'],
  ]);
  assert.is((await usb.getDevices()).length, 0, 'browser rule: nothing granted yet');
  const d = await device(usb, 'fedcba9876543210');
  assert.is(d.productName, "Pass'Region NFC PIN reader");
  assert.is(d.configuration!.interfaces[0].alternate.interfaceClass, 0xff);
  assert.equal(await usb.getDevices(), [d]);
});

test('open, claim, transfer packets both ways on two readers at once', async () => {
  const usb = await client();
  const echo = await openClaimed(await device(usb, '0123456789abcdef'));
  const scripted = await openClaimed(await device(usb, 'fedcba9876543210'));
  for (let i = 0; i < 5; i++) {
    const w = await echo.transferOut(1, packet(i));
    assert.is(w.status, 'ok');
    assert.is(w.bytesWritten, 64);
    assert.equal([...bytesOf(await echo.transferIn(1, 64))], [...packet(i)]);
  }
  const pending = scripted.transferIn(1, 64);
  await until(() => ctx.scripted.counters.inPackets === 0 && ctx.scriptedEp.received.length === 0, 'idle');
  ctx.scriptedEp.send(packet(200));
  assert.equal([...bytesOf(await pending)], [...packet(200)]);
  await scripted.transferOut(1, packet(9, 150));
  assert.equal(ctx.scriptedEp.received.map((p) => p.length), [64, 64, 22], 'split into packets by the server-side device');
  const desc = await scripted.controlTransferIn({ requestType: 'standard', recipient: 'device', request: 6, value: 0x0100, index: 0 }, 18);
  assert.is(desc.status, 'ok');
  assert.is(desc.data!.getUint16(8, true), 0x1209);
  const stall = await scripted.controlTransferIn({ requestType: 'vendor', recipient: 'device', request: 0x7f, value: 0, index: 0 }, 8);
  assert.is(stall.status, 'stall');
  assert.is(ctx.echo.counters.outPackets, 5);
  assert.is(ctx.echo.counters.inPackets, 5);
});

test('the USBDevice rules hold for remote devices too', async () => {
  const usb = await client();
  const d = await device(usb, '0123456789abcdef');
  await rejects(d.claimInterface(0), 'InvalidStateError');
  await d.open();
  await rejects(d.transferIn(1, 64), 'NotFoundError', 'not part of a claimed');
  await d.claimInterface(0);
  const pending = d.transferIn(1, 64);
  await d.close();
  await rejects(pending, 'AbortError');
  assert.is(ctx.echo.isClaimed(0), false);
});

test('unplug: disconnect event, pending transferIn rejects NotFoundError; replug: connect event, new object', async () => {
  const usb = await client({});
  const d = await openClaimed(await device(usb, 'fedcba9876543210'));
  const pending = d.transferIn(1, 64);
  const gone = nextEvent(usb, 'disconnect');
  await until(() => ctx.scripted.pendingInPackets === 0, 'request reached the server');
  ctx.scripted.unplug();
  const ev = await gone;
  assert.is(ev.device, d);
  await rejects(pending, 'NotFoundError', 'disconnected');
  await rejects(d.transferOut(1, packet(0)), 'NotFoundError');
  assert.equal(usb.readers.find((r) => r.name === 'scripted')!.plugged, false);
  assert.is((await usb.getDevices()).length, 0);
  const back = nextEvent(usb, 'connect');
  ctx.scripted.plug();
  const d2 = (await back).device;
  assert.is.not(d2, d);
  await openClaimed(d2);
  ctx.scriptedEp.send(packet(42));
  assert.is(bytesOf(await d2.transferIn(1, 64))[0], 42);
});

test('a second client cannot claim a claimed reader (NetworkError) until the owner lets go', async () => {
  const a = await client();
  const b = await client();
  const da = await openClaimed(await device(a, '0123456789abcdef'));
  const db = await device(b, '0123456789abcdef');
  await db.open();
  await rejects(db.claimInterface(0), 'NetworkError', 'Unable to claim interface.');
  // The other reader is free for b.
  await openClaimed(await device(b, 'fedcba9876543210'));
  await da.releaseInterface(0);
  await db.claimInterface(0);
  await rejects(da.claimInterface(0), 'NetworkError');
  // A client that goes away releases everything it held.
  b.close();
  await until(() => !ctx.echo.isClaimed(0) && !ctx.scripted.isClaimed(0), 'claims of a closed client are released');
  await da.claimInterface(0);
  await da.transferOut(1, packet(1));
  assert.is(bytesOf(await da.transferIn(1, 64))[0], 1);
});

test('pages from other origins and rebinding Host headers are refused', async () => {
  const attempt = (opts: WebSocket.ClientOptions) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(ctx.bridge.url, opts);
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('error', () => resolve(-1));
    });
  assert.is(await attempt({ origin: 'https://evil.example' }), 403);
  assert.is(await attempt({ headers: { host: 'evil.example' } }), 403);
  assert.is(await attempt({ origin: 'http://localhost:5173' }), 101);
  assert.is(await attempt({}), 101);
});

test('close(): clients see their devices disconnect and the connection close', async () => {
  const usb = await client();
  const d = await openClaimed(await device(usb, '0123456789abcdef'));
  const pending = d.transferIn(1, 64);
  const closed = new Promise<void>((resolve) => usb.onClose(resolve));
  const gone = nextEvent(usb, 'disconnect');
  await until(() => ctx.bridge.clientCount === 1, 'connected');
  await ctx.bridge.close();
  await closed;
  await gone;
  await rejects(pending, 'NotFoundError');
  assert.is(usb.connected, false);
  assert.is(ctx.bridge.clientCount, 0);
  assert.is(ctx.echo.isClaimed(0), false);
  await rejects(BridgeUsb.connect(ctx.bridge.url, { WebSocket }), 'Error');
});

test('the process exits by itself after close() (no leaked handles)', async () => {
  const script = fileURLToPath(new URL('./exit-check.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  // A guard, not a timing assertion: a process that hangs on a leaked handle never exits.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(guard);
  assert.is(code, 0, `exit code ${code}; stderr: ${err}`);
  assert.is(out.trim(), 'done NotFoundError clients=0');
});

test.run();
