/**
 * Simulator entry: the SDK plus what lets it talk to simulated readers. A till bundle that
 * never simulates imports sdk/index.ts and ships none of this.
 * - in process (Node): VirtualUsb (a navigator.usb) with UsbGadget devices, and the virtual
 *   reader (the real firmware on virtual hardware);
 * - remote (browser or another process): BridgeUsb, the client of simulator/bridge's WebSocket server.
 * Every device they give is a WebUSB USBDevice: pass it to Reader.connect().
 */
export * from './index.js';
export { VirtualUsb, VirtualUsbBus, UsbGadget, firmwareDescriptorSource } from '../simulator/usb/index.js';
export type { PacketEndpoint, UsbGadgetOptions, VirtualUsbOptions } from '../simulator/usb/index.js';
export { createVirtualReader, readerGadget, TestClock } from '../simulator/reader/index.js';
export type { VirtualReader, VirtualReaderOptions } from '../simulator/reader/index.js';
export { BridgeUsb } from '../simulator/bridge/client.js';
export type { BridgeUsbOptions } from '../simulator/bridge/client.js';
export { createIssuer } from '../simulator/issuer/index.js';
