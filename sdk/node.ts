/** Node entry: everything of sdk/index.ts, plus readers through node-usb. */
export * from './index.js';
export { nodeUsb } from './transport/node-usb.js';
export type { NodeUsbHub, NodeUsbOptions } from './transport/node-usb.js';
