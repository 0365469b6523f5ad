/**
 * Child process of bridge.test.ts: start a bridge, use it from a client, leave
 * a transfer pending, close everything. The process must then exit on its own
 * (no leaked sockets, servers or timers); it prints "done" and the outcome of
 * the pending transfer.
 */
import WebSocket from 'ws';
import { BridgeUsb } from '../../simulator/bridge/client.js';
import { startBridge } from '../../simulator/bridge/server.js';
import { UsbGadget, echoEndpoint, firmwareDescriptorSource } from '../../simulator/usb/index.js';

const gadget = new UsbGadget({
  endpoint: echoEndpoint(),
  descriptors: firmwareDescriptorSource({ readerId: new Uint8Array(8), version: { major: 1, minor: 0, patch: 0 } }),
});
const bridge = await startBridge({ readers: { r: gadget } });
const usb = await BridgeUsb.connect(bridge.url, { WebSocket, allowAllDevices: true });
const [device] = await usb.getDevices();
await device.open();
await device.claimInterface(0);
await device.transferOut(1, new Uint8Array(64).fill(1));
await device.transferIn(1, 64);
const pending = device.transferIn(1, 64).then(
  () => 'resolved',
  (e: Error) => e.name,
);
const closed = new Promise<void>((resolve) => usb.onClose(resolve));
await bridge.close();
await closed;
console.log(`done ${await pending} clients=${bridge.clientCount}`);
